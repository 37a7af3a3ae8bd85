"""``vcadre talent …``: the reserve-pool Excel template, import and export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_BAD_ROWS = 3


def register(sub, common) -> None:
    t = sub.add_parser("talent", help="后备干部库：Excel 模板、导入、导出")
    tsub = t.add_subparsers(dest="talent_command", metavar="ACTION", required=True)

    tpl = tsub.add_parser("template", help="生成导入模板（.xlsx，含下拉列表和填写说明）")
    tpl.add_argument("--out", type=Path, required=True)
    tpl.set_defaults(func=lambda a: _template(a, common))

    imp = tsub.add_parser("import", help="从 .xlsx 导入后备干部（先预检，再备份，再写入）")
    imp.add_argument("file", type=Path)
    common.db_arg(imp)
    imp.add_argument("--only-valid", action="store_true", help="有错误的行跳过，只导入正确的行")
    imp.set_defaults(func=lambda a: _import(a, common))

    exp = tsub.add_parser("export", help="导出后备干部名单到 .xlsx")
    common.db_arg(exp)
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--township", metavar="NAME")
    exp.add_argument("--source", metavar="S", help="来源，如 复退军人")
    exp.add_argument("--stage", metavar="S", help="当前阶段，如 村后备干部")
    exp.add_argument("--excel-password-file", type=Path, metavar="F",
                     help="给导出的文件设置打开密码（文件第一行）；名单含完整身份证号和手机号")
    exp.set_defaults(func=lambda a: _export(a, common))


def _template(args: argparse.Namespace, common) -> int:
    from vcadre.services.talent_excel import write_template

    if args.out.suffix.lower() != ".xlsx":
        raise common.UserError(f"模板文件名应以 .xlsx 结尾：{args.out}")
    write_template(args.out)
    print(f"已生成模板：{args.out}")
    return 0


def _import(args: argparse.Namespace, common) -> int:
    from vcadre.services.talent_excel import ImportRejected, import_file

    db = common.open_db(args)
    try:
        try:
            preview, result = import_file(db, args.file, only_valid=args.only_valid)
        except ImportRejected as exc:
            print(exc.preview.report(), file=sys.stderr)
            print(f"错误：{exc}（如只导入正确的行，请加 --only-valid）", file=sys.stderr)
            return EXIT_BAD_ROWS
    finally:
        db.close()
    if preview.errors:
        print(preview.report(), file=sys.stderr)
    print(result.text())
    if result.backup:
        print(f"导入前已备份数据库：{result.backup}")
    return 0


def _export(args: argparse.Namespace, common) -> int:
    from vcadre.domain.codes import TABLES, UnknownCode
    from vcadre.services.listing import ListQuery
    from vcadre.services.talent_excel import export

    filters = {}
    try:
        if args.source:
            filters["source"] = TABLES["talent_source"].code_for(args.source)
        if args.stage:
            filters["stage"] = TABLES["stage"].code_for(args.stage)
    except UnknownCode as exc:
        raise common.UserError(str(exc)) from exc
    if args.out.suffix.lower() != ".xlsx":
        raise common.UserError(f"导出文件名应以 .xlsx 结尾：{args.out}")
    password = common.read_secret_file(args.excel_password_file, "密码") if args.excel_password_file else ""
    db = common.open_db(args)
    try:
        with db.session() as s:
            region = common.township_id(s, args.township)
            n = export(s, args.out, ListQuery(region_id=region, filters=filters), password=password)
    finally:
        db.close()
    print(f"已导出 {n} 人：{args.out}")
    return 0

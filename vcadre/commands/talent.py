"""``vcadre talent …``: the reserve-pool Excel template, import and export."""

from __future__ import annotations

import argparse
from pathlib import Path

from vcadre.commands.imports import EXIT_BAD_ROWS  # noqa: F401 - kept for callers


def register(sub, common) -> None:
    t = sub.add_parser("talent", help="后备干部库：Excel 模板、导入、导出")
    tsub = t.add_subparsers(dest="talent_command", metavar="ACTION", required=True)

    from vcadre.commands.imports import add_import_commands

    add_import_commands(tsub, "talent", common)  # template, import: the import engine

    exp = tsub.add_parser("export", help="导出后备干部名单到 .xlsx")
    common.db_arg(exp)
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--township", metavar="NAME")
    exp.add_argument("--source", metavar="S", help="来源，如 复退军人")
    exp.add_argument("--stage", metavar="S", help="当前阶段，如 村后备干部")
    exp.add_argument("--excel-password-file", type=Path, metavar="F",
                     help="给导出的文件设置打开密码（文件第一行）；名单含完整身份证号和手机号")
    exp.set_defaults(func=lambda a: _export(a, common))


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

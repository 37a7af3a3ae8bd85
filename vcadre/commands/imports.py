"""``vcadre <kind> template`` and ``vcadre <kind> import`` for every kind of the import engine.

    vcadre regions  template --out F.xlsx | import FILE --db PATH [--only-valid]
    vcadre posts    template --out F.xlsx | import FILE --db PATH [--only-valid]
    vcadre talent   template --out F.xlsx | import FILE --db PATH [--only-valid]
    vcadre dispatch template --out F.xlsx | import FILE --db PATH [--only-valid]
    vcadre training template --out F.xlsx | import FILE --db PATH [--only-valid] [--title T --start D --end D]
    vcadre review   template --out F.xlsx | import FILE --db PATH [--only-valid]

Bad rows: the report (row, column, reason) on stderr, exit status 3, nothing written (or, with
``--only-valid``, the valid rows written and the report still printed). A file that cannot be
read, or lacks a required column: a Chinese message, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_BAD_ROWS = 3

HELP = {
    "regions": "行政区划（统计用区划代码表）",
    "posts": "村“两委”成员名册",
    "talent": "后备干部名册",
    "dispatch": "驻村第一书记和工作队名册",
    "training": "培训班学员名册（往期或本期）",
    "review": "后备干部年度考核结果",
}


def register(sub, common) -> None:
    r = sub.add_parser("review", help="后备干部年度考核结果：导入模板、导入")
    rsub = r.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    add_import_commands(rsub, "review", common)


def add_import_commands(subparsers, kind: str, common) -> None:
    """Add ``template`` and ``import`` under a kind's command."""
    tpl = subparsers.add_parser("template", help=f"生成{HELP[kind]}导入模板（.xlsx，含下拉列表和填写说明）")
    tpl.add_argument("--out", type=Path, required=True)
    tpl.set_defaults(func=lambda a: _template(a, kind, common))
    imp = subparsers.add_parser("import", help=f"导入{HELP[kind]}（.xlsx/.xls/.csv；先预检，再备份，再写入）")
    imp.add_argument("file", type=Path)
    common.db_arg(imp)
    imp.add_argument("--only-valid", action="store_true", help="有错误的行跳过，只导入正确的行")
    if kind == "training":
        imp.add_argument("--title", default="", help="培训班名称（表中没有“培训班名称”列、标题行也没写时）")
        imp.add_argument("--start", metavar="DATE", help="开班日期")
        imp.add_argument("--end", metavar="DATE", help="结业日期")
        imp.add_argument("--hours", type=float, help="计划学时")
    imp.set_defaults(func=lambda a: _import(a, kind, common))


def _spec(args: argparse.Namespace, kind: str, common):
    from vcadre.services import imports

    if kind != "training":
        return imports.spec(kind)
    from vcadre.domain.normalise import ValueProblem, parse_date

    try:
        start = parse_date(getattr(args, "start", None))
        end = parse_date(getattr(args, "end", None))
    except ValueProblem as exc:
        raise common.UserError(str(exc)) from exc
    return imports.spec(kind, title=getattr(args, "title", ""), start=start, end=end,
                        planned_hours=getattr(args, "hours", None))


def _template(args: argparse.Namespace, kind: str, common) -> int:
    from vcadre.services import imports
    from vcadre.services.imports.template import write_template

    if args.out.suffix.lower() != ".xlsx":
        raise common.UserError(f"模板文件名应以 .xlsx 结尾：{args.out}")
    write_template(imports.spec(kind), args.out)
    print(f"已生成模板：{args.out}")
    return 0


def _import(args: argparse.Namespace, kind: str, common) -> int:
    from vcadre.services.imports import ImportRejected, import_file

    if not args.file.exists():
        raise common.UserError(f"文件“{args.file}”不存在。")
    spec = _spec(args, kind, common)
    db = common.open_db(args)
    try:
        try:
            preview, result = import_file(db, args.file, spec, only_valid=args.only_valid)
        except ImportRejected as exc:
            print(exc.preview.report(), file=sys.stderr)
            print(f"错误：{exc}（如只导入正确的行，请加 --only-valid）", file=sys.stderr)
            return EXIT_BAD_ROWS
    finally:
        db.close()
    for note in preview.file_notes:
        print(f"说明：{note}", file=sys.stderr)
    for note in preview.notes:
        print(f"说明：{note.text()}", file=sys.stderr)
    if preview.errors:
        print(preview.report(), file=sys.stderr)
    print(result.text())
    if result.backup:
        print(f"导入前已备份数据库：{result.backup}")
    return 0

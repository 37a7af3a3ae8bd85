"""``vcadre talent …``: the reserve-pool Excel template, import and export, and the gap alerts."""

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

    al = tsub.add_parser("alerts", help="后备干部缺口预警（某日：无后备人选的村、超龄、未考核…）")
    common.db_arg(al)
    al.add_argument("--as-of", metavar="DATE", help="截至日期 YYYY-MM-DD（默认今天）")
    al.add_argument("--township", metavar="NAME")
    al.add_argument("--age-limit", type=int, default=None, metavar="N", help="年龄上限（默认 45 周岁）")
    al.add_argument("--json", action="store_true")
    al.set_defaults(func=lambda a: _alerts(a, common))


def _alerts(args: argparse.Namespace, common) -> int:
    import json

    from vcadre.services import talent_alerts

    limit = args.age_limit if args.age_limit is not None else talent_alerts.DEFAULT_AGE_LIMIT
    if not 18 <= limit <= 80:
        raise common.UserError(f"年龄上限“{limit}”无效：应在 18 到 80 之间。")
    db = common.open_db(args)
    try:
        with db.session() as s:
            g = talent_alerts.gap_alerts(s, common.township_id(s, args.township), age_limit=limit,
                                         as_of=common.parse_date(args.as_of), limit=0)
    finally:
        db.close()
    if args.json:
        print(json.dumps(g.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"截至 {g.as_of.isoformat()}，共 {g.villages} 个村（社区）：")
    print(f"  没有后备人选的村：{g.no_reserve}")
    print(f"  没有村后备干部及以上人选的村：{g.no_reserve_stage}")
    print(f"  超过 {g.age_limit} 周岁的后备干部：{g.over_age}")
    print(f"  {g.as_of.year} 年度未考核的后备干部：{g.unreviewed}")
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

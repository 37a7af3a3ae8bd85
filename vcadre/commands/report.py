"""``vcadre report …``: reports the department files upward.

    vcadre report structure --db PATH [--as-of DATE] [--township NAME] --out F.xlsx|F.pdf
                            [--compare DATE] [--unit NAME] [--json]
    vcadre report structure-settings --db PATH [--age-bands 35,45,55,60] [--young-age 35]
                            [--min-women 1] [--min-young 1] [--secretary-education 大学专科]
                            [--college-share 0] [--exception 村代码=理由] [--no-exception 村代码]

``structure`` is the team-structure report (村“两委”班子结构分析): the secretaries, the directors and
all “两委” members by township on a day, and the election targets village by village. With
``--compare DATE`` it sets that day beside ``--as-of`` (each figure on both days and its change).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vcadre import clock
from vcadre.store import ioerrors


def register(sub, common) -> None:
    p = sub.add_parser("report", help="上报报表（班子结构分析等）")
    psub = p.add_subparsers(dest="report_command", metavar="REPORT", required=True)

    s = psub.add_parser("structure", help="村“两委”班子结构分析（Excel 或 PDF）")
    common.db_arg(s)
    s.add_argument("--as-of", metavar="DATE", help="截至日期 YYYY-MM-DD（默认今天）")
    s.add_argument("--township", metavar="NAME", help="只统计一个乡镇（街道）")
    s.add_argument("--compare", metavar="DATE", help="与这一天对比（如换届前），列出每项的增减")
    s.add_argument("--out", type=Path, metavar="FILE", help="输出文件（.xlsx 或 .pdf）")
    s.add_argument("--unit", metavar="NAME", help="制表单位（默认本机站点名称）")
    s.add_argument("--json", action="store_true", help="把数字以 JSON 输出到屏幕")
    s.set_defaults(func=lambda args: cmd_structure(args, common))

    t = psub.add_parser("structure-settings", help="班子结构分析的年龄段和换届目标（不给参数则显示）")
    common.db_arg(t)
    t.add_argument("--age-bands", metavar="N,N,…", help="年龄段分界（含），如 35,45,55,60")
    t.add_argument("--young-age", metavar="N", help="年轻干部年龄（含），默认 35")
    t.add_argument("--min-women", metavar="N", help="每村“两委”女性成员至少几名，默认 1")
    t.add_argument("--min-young", metavar="N", help="每村年轻成员至少几名，默认 1")
    t.add_argument("--secretary-education", metavar="LEVEL", help="书记学历至少：研究生/大学本科/大学专科/中专/高中/初中及以下")
    t.add_argument("--college-share", metavar="PCT", help="每村“两委”大专及以上占比至少（%%），0 为不考核")
    t.add_argument("--exception", action="append", default=[], metavar="CODE=REASON",
                   help="书记学历例外：村代码=理由（可重复）")
    t.add_argument("--no-exception", action="append", default=[], metavar="CODE", help="取消某村的书记学历例外")
    t.set_defaults(func=lambda args: cmd_settings(args, common))


def cmd_structure(args: argparse.Namespace, common) -> int:
    from vcadre.reports import structure as writer
    from vcadre.services.structure import compare, report

    if args.out is None and not args.json:
        raise common.UserError("请用 --out 文件.xlsx 或 文件.pdf 指定输出文件（或用 --json 显示数字）。")
    if args.out is not None:
        if args.out.suffix.lower() not in (".xlsx", ".pdf"):
            raise common.UserError(f"输出文件“{args.out}”的类型不支持：请用 .xlsx 或 .pdf。")
        if not args.out.parent.exists():
            raise common.UserError(f"目录“{args.out.parent}”不存在。")
    as_of = common.parse_date(args.as_of) or clock.today()
    before = common.parse_date(args.compare)
    db = common.open_db(args)
    try:
        unit = args.unit or db.site()[1]
        with db.session() as s:
            township = common.township_id(s, args.township)
            if before is not None:
                if before == as_of:
                    raise common.UserError("对比日期与截至日期相同，请换一个日期。")
                first, second = sorted((before, as_of))
                result = compare.compare(s, first, second, township)
                sheets = [writer.comparison_summary(result)] + writer.comparison_sheets(result)
            else:
                result = report.build(s, as_of, township)
                sheets = writer.report_sheets(result)
    finally:
        db.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    if args.out is not None:
        try:
            pages = writer.write(sheets, args.out, unit)
        except OSError as exc:
            raise common.UserError(f"无法写入“{args.out}”：{ioerrors.reason(exc)}。") from None
        what = f"PDF {pages} 页" if pages else f"Excel {len(sheets)} 张表"
        print(f"已生成班子结构分析：{what} → {args.out}", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace, common) -> int:
    from vcadre.services.structure import settings

    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            current = settings.load(s)
            values: dict = {}
            for key, attr in (("age_bands", "age_bands"), ("young_age", "young_age"), ("min_women", "min_women"),
                              ("min_young", "min_young"), ("secretary_education", "secretary_education"),
                              ("college_share_min", "college_share")):
                if getattr(args, attr) is not None:
                    values[key] = getattr(args, attr)
            if args.exception or args.no_exception:
                exceptions = dict(current.exceptions)
                for item in args.exception:
                    code, sep, reason = item.partition("=")
                    if not sep:
                        raise common.UserError(f"书记学历例外“{item}”应写成 村代码=理由。")
                    exceptions[code.strip()] = reason.strip()
                for code in args.no_exception:
                    exceptions.pop(code.strip(), None)
                values["exceptions"] = exceptions
            result = settings.save(s, values) if values else current
    finally:
        db.close()
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    return 0

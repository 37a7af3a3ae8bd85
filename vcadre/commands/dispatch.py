"""``vcadre dispatch list|alerts``: resident first secretaries and work teams (驻村) from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any, common: Any) -> None:
    p = sub.add_parser("dispatch", help="驻村第一书记、工作队")
    dsub = p.add_subparsers(dest="dispatch_command", metavar="ACTION", required=True)
    from vcadre.commands.imports import add_import_commands

    add_import_commands(dsub, "dispatch", common)

    ls = dsub.add_parser("list", help="驻村人员名单")
    common.db_arg(ls)
    ls.add_argument("--active", action="store_true", help="只列在岗人员（--as-of 那天在岗，默认今天）")
    ls.add_argument("--as-of", metavar="DATE", help="在岗的日期 YYYY-MM-DD（默认今天）")
    ls.add_argument("--township", metavar="NAME", help="只列某乡镇（街道）")
    ls.add_argument("--json", action="store_true", help="输出 JSON")
    ls.set_defaults(func=lambda args: cmd_list(args, common))

    al = dsub.add_parser("alerts", help="驻村提醒：任期将满、缺第一书记、重复派驻、驻村天数不足")
    common.db_arg(al)
    al.add_argument("--json", action="store_true", help="输出 JSON")
    al.add_argument("--township", metavar="NAME")
    al.add_argument("--within-days", type=int, default=None, metavar="N", help="任期届满前多少天提醒（默认 60）")
    al.add_argument("--min-days", type=int, default=None, metavar="N", help="每月驻村天数下限（默认 20）")
    al.add_argument("--months", type=int, default=None, metavar="N", help="检查最近几个完整月份（默认 3）")
    al.add_argument("--today", metavar="DATE", help="按此日期计算（YYYY-MM-DD，默认今天）")
    al.set_defaults(func=lambda args: cmd_alerts(args, common))


def cmd_list(args: argparse.Namespace, common: Any) -> int:
    from vcadre.domain.codes import TABLES
    from vcadre.services import dispatch  # noqa: F401 - registers the listing
    from vcadre.services.listing import LISTINGS, ListQuery

    db = common.open_db(args)
    try:
        with db.session() as s:
            q = ListQuery(region_id=common.township_id(s, args.township),
                          filters={"active": True} if args.active else {}, as_of=common.parse_date(args.as_of))
            listing = LISTINGS["dispatch"]()
            rows = listing.page(s, q, 0, 10**9)
    finally:
        db.close()
    keys = [c.key for c in listing.columns]
    records = []
    for r in rows:
        rec = {}
        for col, value in zip(listing.columns, r.values):
            if col.codes and value is not None:
                value = TABLES[col.codes].label(value)
            rec[col.key] = value.isoformat() if hasattr(value, "isoformat") else value
        records.append(rec)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    heads = {"name": "姓名", "role": "驻村职务", "unit": "派出单位", "township": "乡镇（街道）",
             "village": "村（社区）", "batch": "批次", "start_date": "派驻日期", "planned_end": "计划期满",
             "status": "状态"}
    print("\t".join(heads.get(k, k) for k in keys))
    for rec in records:
        print("\t".join("" if rec[k] is None else str(rec[k]) for k in keys))
    print(f"共 {len(records)} 人次", file=sys.stderr)
    return 0


def cmd_alerts(args: argparse.Namespace, common: Any) -> int:
    from vcadre.services import dispatch_alerts

    t = dispatch_alerts.Thresholds()
    over = {k: v for k, v in (("term_days", args.within_days), ("min_days", args.min_days),
                              ("recent_months", args.months)) if v is not None}
    for k, v in over.items():
        if v < 0 or (k == "min_days" and v > 31) or (k == "recent_months" and not 1 <= v <= 24):
            raise common.UserError(f"阈值 {k}={v} 不合理。")
    t = dispatch_alerts.Thresholds(**{**t.__dict__, **over})
    db = common.open_db(args)
    try:
        with db.session() as s:
            alerts = dispatch_alerts.compute(s, t, today=common.parse_date(args.today),
                                             region_id=common.township_id(s, args.township))
    finally:
        db.close()
    if args.json:
        print(json.dumps(alerts.as_dict(), ensure_ascii=False, indent=2))
        return 0
    titles = {"ending": f"任期 {t.term_days} 天内届满", "uncovered": "应选派而无在岗第一书记的村",
              "double": "同时在两处以上在岗", "low_days": f"近 {t.recent_months} 个月驻村少于 {t.min_days} 天"}
    for kind in dispatch_alerts.KINDS:
        items = getattr(alerts, kind)
        print(f"【{titles[kind]}】{len(items)} 条")
        for a in items:
            print(f"  {a.text}")
    return 0

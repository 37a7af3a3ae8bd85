"""``vcadre posts …``: village posts and one-shoulder (一肩挑) status from the command line.

    vcadre posts one-shoulder --db PATH [--township NAME] [--as-of DATE] [--json]
    vcadre posts timeline     --db PATH [--township NAME] [--json]
    vcadre posts chart        --db PATH --out FILE.png [--township NAME] [--as-of DATE] [--timeline]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from vcadre import clock


def register(sub, common) -> None:
    p = sub.add_parser("posts", help="村干部任职与“一肩挑”")
    psub = p.add_subparsers(dest="posts_command", metavar="ACTION", required=True)
    from vcadre.commands.imports import add_import_commands

    add_import_commands(psub, "posts", common)

    o = psub.add_parser("one-shoulder", help="各村书记、主任与“一肩挑”情况及比例")
    common.db_arg(o)
    o.add_argument("--township", metavar="NAME", help="只看一个乡镇（街道）")
    o.add_argument("--as-of", metavar="DATE", help="截至日期 YYYY-MM-DD（默认今天）")
    o.add_argument("--json", action="store_true", help="输出 JSON")
    o.set_defaults(func=lambda args: cmd_one_shoulder(args, common))

    t = psub.add_parser("timeline", help="“一肩挑”村数与比例随时间的变化")
    common.db_arg(t)
    t.add_argument("--township", metavar="NAME")
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=lambda args: cmd_timeline(args, common))

    c = psub.add_parser("chart", help="把“一肩挑”比例图保存为 PNG")
    common.db_arg(c)
    c.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    c.add_argument("--township", metavar="NAME")
    c.add_argument("--as-of", metavar="DATE")
    c.add_argument("--timeline", action="store_true", help="画比例随时间的变化（默认：按乡镇的柱状图）")
    c.set_defaults(func=lambda args: cmd_chart(args, common))


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def one_shoulder_report(session, region_id, as_of: date) -> dict:
    """Per-village rows and the rates, as the JSON output shows them."""
    from vcadre.services import posts_rates
    from vcadre.services.listing import ListQuery
    from vcadre.services.posts import PostsListing

    listing = PostsListing()
    q = ListQuery(region_id=region_id, as_of=as_of)
    keys = [c.key for c in listing.columns]
    total = listing.count(session, q)
    villages = [
        {"id": row.id, **{k: _iso(v) for k, v in zip(keys, row.values)}}
        for row in listing.page(session, q, 0, max(total, 1))
    ]
    rates = posts_rates.rates(session, as_of, region_id)
    return {
        "as_of": as_of.isoformat(),
        "scope": rates.scope,
        "villages_total": rates.villages,
        "one_shoulder": rates.one_shoulder,
        "rate": round(rates.rate, 4),
        "rate_text": f"{rates.one_shoulder}/{rates.villages}",
        "townships": [t.as_dict() for t in rates.townships],
        "villages": villages,
    }


def cmd_one_shoulder(args: argparse.Namespace, common) -> int:
    db = common.open_db(args)
    try:
        with db.session() as s:
            region = common.township_id(s, args.township)
            report = one_shoulder_report(s, region, common.parse_date(args.as_of) or clock.today())
    finally:
        db.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"截至 {report['as_of']}{('，' + report['scope']) if report['scope'] else ''}："
          f"“一肩挑”村 {report['rate_text']}（{report['rate']:.1%}）")
    for t in report["townships"]:
        print(f"  {t['township']}\t{t['one_shoulder']}/{t['villages']}\t{t['rate']:.1%}")
    print()
    for v in report["villages"]:
        status = f"一肩挑（{v['since']} 起）" if v["one_shoulder"] else "否"
        plan = f"\t原因：{v['reason']}；计划：{v['plan']}；目标：{v['target_date'] or ''}；人选：{v['candidate'] or ''}" \
            if v.get("reason") or v.get("plan") else ""
        print(f"{v['township']}\t{v['village']}\t书记：{v['secretary'] or '（空缺）'}\t"
              f"主任：{v['director'] or '（空缺）'}\t{status}{plan}")
    return 0


def cmd_timeline(args: argparse.Namespace, common) -> int:
    from vcadre.services import posts_rates

    db = common.open_db(args)
    try:
        with db.session() as s:
            points = posts_rates.timeline(s, common.township_id(s, args.township))
    finally:
        db.close()
    if args.json:
        print(json.dumps([p.as_dict() for p in points], ensure_ascii=False, indent=2))
    else:
        for p in points:
            print(f"{p.day.isoformat()}\t{p.one_shoulder}/{p.villages}\t{p.rate:.1%}")
    return 0


def cmd_chart(args: argparse.Namespace, common) -> int:
    from vcadre.reports import charts_posts
    from vcadre.services import posts_rates

    if args.out.suffix.lower() != ".png":
        raise common.UserError(f"图表文件“{args.out}”应以 .png 结尾。")
    as_of = common.parse_date(args.as_of) or clock.today()
    db = common.open_db(args)
    try:
        with db.session() as s:
            region = common.township_id(s, args.township)
            if args.timeline:
                fig = charts_posts.timeline_figure(posts_rates.timeline(s, region), mark=as_of)
            else:
                # A township is drawn among the townships of its county, highlighted.
                scope, highlight = posts_rates.comparison_scope(s, region)
                fig = charts_posts.rate_by_township_figure(posts_rates.rates(s, as_of, scope), highlight=highlight)
    finally:
        db.close()
    try:
        charts_posts.save_png(fig, args.out)
    except OSError as exc:
        raise common.UserError(f"无法保存图表“{args.out}”：{exc}") from exc
    print(f"已保存：{args.out}")
    return 0

"""``vcadre roster KIND --db PATH --out FILE.pdf|.xlsx``: print a roster (花名册) headless.

    vcadre roster talent   --db county.db --out 后备干部.pdf [--township 龙场镇] [--show-id]
    vcadre roster posts    --db county.db --out 一肩挑.xlsx
    vcadre roster training --db county.db --out 培训班.pdf [--class 标题或编号]   (class list)
    vcadre roster signin   --db county.db --out 签到表.pdf --class 标题或编号
    vcadre roster dispatch --db county.db --out 驻村.pdf [--portrait] [--no-signature]

The rows are the list the GUI shows for the same township with no search or filters, in its
default order. ID numbers are masked unless ``--show-id``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vcadre.store import ioerrors

KINDS = ("talent", "posts", "training", "signin", "dispatch")


def register(sub, common) -> None:
    p = sub.add_parser("roster", help="打印花名册（PDF 或 Excel）")
    p.add_argument("kind", choices=KINDS, help="talent 后备干部 / posts 一肩挑 / training 培训班（或学员名单）"
                                               " / signin 签到表 / dispatch 驻村干部")
    common.db_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="输出文件（.pdf 或 .xlsx）")
    p.add_argument("--township", metavar="NAME", help="只列出该乡镇（街道）")
    p.add_argument("--show-id", action="store_true", help="打印完整身份证号（默认脱敏）")
    p.add_argument("--class", dest="class_ref", metavar="ID_OR_TITLE", help="培训班（学员名单、签到表）")
    p.add_argument("--portrait", action="store_true", help="纵向 A4（默认横向）")
    p.add_argument("--no-signature", action="store_true", help="不印签字栏")
    p.add_argument("--unit", metavar="NAME", help="制表单位（默认本机站点名称）")
    p.set_defaults(func=lambda args: cmd_roster(args, common))


def cmd_roster(args: argparse.Namespace, common) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise common.UserError(f"输出文件“{args.out}”的类型不支持：请用 .pdf 或 .xlsx。")
    if args.kind == "signin" and not args.class_ref:
        raise common.UserError("签到表需要指定培训班：--class 培训班名称或编号。")
    if not args.out.parent.exists():
        raise common.UserError(f"目录“{args.out.parent}”不存在。")
    from vcadre.reports.roster import write
    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services.listing import ListQuery

    db = common.open_db(args)
    try:
        unit = args.unit or db.site()[1]
        with db.session() as s:
            query = ListQuery(region_id=common.township_id(s, args.township))
            roster = build_roster(s, args.kind, query, show_id=args.show_id, class_ref=args.class_ref,
                                  unit=unit, signature=not args.no_signature)
    finally:
        db.close()
    roster.landscape = not args.portrait
    try:
        pages = write(roster, args.out)
    except OSError as exc:
        raise common.UserError(f"无法写入“{args.out}”：{ioerrors.reason(exc)}。") from None
    what = f"{pages} 页" if pages else "Excel"
    print(f"已生成 {roster.title}：{len(roster.rows)} 行，{what} → {args.out}", file=sys.stderr)
    return 0

"""Training commands.

    vcadre certificates --db PATH --class ID_OR_TITLE --out FILE.pdf [--no-issue] [--unmasked]
    vcadre training list  --db PATH [--year Y]
    vcadre training short --db PATH [--year Y] [--hours N] [--township NAME]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vcadre import clock


def register(sub, common) -> None:
    c = sub.add_parser("certificates", help="打印培训班结业证书（PDF，每人一页）")
    common.db_arg(c)
    c.add_argument("--class", dest="klass", required=True, metavar="ID_OR_TITLE",
                   help="培训班编号或名称（名称可只写其中一段，须唯一）")
    c.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    c.add_argument("--no-issue", action="store_true",
                   help="不为尚无编号的结业学员颁发新编号，只打印已颁发的证书")
    c.add_argument("--unmasked", action="store_true", help="打印完整身份证号码（默认脱敏）")
    c.set_defaults(func=lambda a: cmd_certificates(a, common))

    t = sub.add_parser("training", help="培训班")
    tsub = t.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    from vcadre.commands.imports import add_import_commands

    add_import_commands(tsub, "training", common)
    tl = tsub.add_parser("list", help="列出培训班")
    common.db_arg(tl)
    tl.add_argument("--year", type=int)
    tl.set_defaults(func=lambda a: cmd_list(a, common))
    ts = tsub.add_parser("short", help="列出本年度培训学时不足的村干部、后备干部和驻村干部")
    common.db_arg(ts)
    ts.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    ts.add_argument("--hours", type=float, default=None, help="学时要求（默认取培训设置）")
    ts.add_argument("--township", metavar="NAME")
    ts.set_defaults(func=lambda a: cmd_short(a, common))


def cmd_certificates(args: argparse.Namespace, common) -> int:
    from vcadre.services import training_certificates, training_records

    if args.out.suffix.lower() != ".pdf":
        raise common.UserError(f"输出文件“{args.out}”应以 .pdf 结尾。")
    if not args.out.parent.exists():
        raise common.UserError(f"输出目录“{args.out.parent}”不存在。")
    db = common.open_db(args)
    try:
        issued: list[str] = []
        with db.session() as s, s.begin():
            class_id = training_records.find_class(s, args.klass)
            if not args.no_issue:
                issued = training_certificates.issue(s, class_id)
        with db.session() as s:
            certs = training_certificates.certificates(s, class_id, masked=not args.unmasked)
    finally:
        db.close()
    from vcadre.reports.certificate import write_certificates

    pages = write_certificates(certs, args.out)
    if issued:
        print(f"新颁发证书 {len(issued)} 张（{issued[0]} 至 {issued[-1]}）。", file=sys.stderr)
    print(f"已写出 {pages} 张结业证书：{args.out}")
    return 0


def cmd_list(args: argparse.Namespace, common) -> int:
    from vcadre.domain.codes import TRAINING_KIND
    from vcadre.services import training_records

    db = common.open_db(args)
    try:
        with db.session() as s:
            rows = training_records.list_classes(s, args.year)
    finally:
        db.close()
    print("\t".join(("编号", "培训班名称", "类别", "开班日期", "结业日期", "计划学时", "学员", "结业", "证书")))
    for r in rows:
        print("\t".join((r.id, r.title, TRAINING_KIND.label(r.kind), r.start_date.isoformat(),
                         r.end_date.isoformat(), f"{r.planned_hours:g}", str(r.enrolled), str(r.completed),
                         str(r.certificates))))
    print(f"共 {len(rows)} 个培训班。", file=sys.stderr)
    return 0


def cmd_short(args: argparse.Namespace, common) -> int:
    from vcadre.services import training_records, training_settings

    year = args.year or clock.today().year
    db = common.open_db(args)
    try:
        with db.session() as s:
            hours = args.hours if args.hours is not None else training_settings.load(s).yearly_hours
            rows = training_records.short_of_hours(s, year, hours, common.township_id(s, args.township))
    finally:
        db.close()
    print("\t".join(("姓名", "乡镇（街道）", "村（社区）", "身份证号码", f"{year}年学时")))
    for r in rows:
        print("\t".join((r.name, r.township, r.village, r.masked_id, f"{r.hours:g}")))
    print(f"{year} 年培训学时不足 {hours:g} 的共 {len(rows)} 人。", file=sys.stderr)
    return 0

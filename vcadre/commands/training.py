"""Training commands.

    vcadre certificates --db PATH --class ID_OR_TITLE --out FILE.pdf [--no-issue] [--unmasked]
    vcadre certificates verify --db PATH NUMBER | --image SCAN.png|SCAN.pdf | --code TEXT [--json]
    vcadre certificates revoke --db PATH NUMBER --reason TEXT [--date YYYY-MM-DD]
    vcadre training list  --db PATH [--year Y]
    vcadre training short --db PATH [--year Y] [--hours N] [--township NAME]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vcadre import clock


def register(sub, common) -> None:
    c = sub.add_parser("certificates", help="打印培训班结业证书（PDF，每人一页）；核验、撤销证书",
                       description="打印：vcadre certificates --class 培训班 --out 证书.pdf；"
                                   "核验：vcadre certificates verify 编号 | --image 扫描件；"
                                   "撤销：vcadre certificates revoke 编号 --reason 理由")
    common.db_arg(c)
    c.add_argument("--class", dest="klass", metavar="ID_OR_TITLE",
                   help="培训班编号或名称（名称可只写其中一段，须唯一）")
    c.add_argument("--out", type=Path, metavar="FILE.pdf")
    c.add_argument("--no-issue", action="store_true",
                   help="不为尚无编号的结业学员颁发新编号，只打印已颁发的证书")
    c.add_argument("--unmasked", action="store_true", help="打印完整身份证号码（默认脱敏）")
    c.set_defaults(func=lambda a: cmd_certificates(a, common))
    csub = c.add_subparsers(dest="certificates_command", metavar="[verify|revoke]")
    v = csub.add_parser("verify", help="核验证书真伪：输入编号，或识别扫描件（图片或 PDF）上的二维码")
    common.db_arg(v)
    v.add_argument("number", nargs="?", metavar="NUMBER", help="证书编号")
    v.add_argument("--image", type=Path, metavar="SCAN", help="证书的扫描件或照片（PNG、JPEG、TIFF、PDF）")
    v.add_argument("--code", metavar="TEXT", help="二维码的文字内容（VC1:…，由扫码枪读出）")
    v.add_argument("--json", action="store_true", help="以 JSON 输出")
    v.set_defaults(func=lambda a: cmd_verify(a, common))
    r = csub.add_parser("revoke", help="撤销一张证书（记录日期和理由，随同步包传到其他电脑）")
    common.db_arg(r)
    r.add_argument("number", metavar="NUMBER", help="证书编号")
    r.add_argument("--reason", required=True, help="撤销理由")
    r.add_argument("--date", metavar="YYYY-MM-DD", help="撤销日期（默认今天）")
    r.set_defaults(func=lambda a: cmd_revoke(a, common))

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
    from vcadre.services import training_certificates, training_records, training_settings
    from vcadre.services.documents.site_keys import ensure_local_key

    if not args.klass or not args.out:
        raise common.UserError("打印证书需要 --class 培训班 和 --out 文件.pdf；核验证书请用 "
                               "vcadre certificates verify 编号（或 --image 扫描件）。")
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
        ensure_local_key(db)
        with db.session() as s:
            certs = training_certificates.certificates(s, class_id, masked=not args.unmasked)
            cfg = training_settings.load(s)
    finally:
        db.close()
    from vcadre.reports.certificate import CertificateLayout, write_certificates

    pages = write_certificates(certs, args.out, layout=CertificateLayout.from_settings(cfg))
    if issued:
        print(f"新颁发证书 {len(issued)} 张（{issued[0]} 至 {issued[-1]}）。", file=sys.stderr)
    print(f"已写出 {pages} 张结业证书：{args.out}")
    return 0


#: Exit status of ``certificates verify`` per verdict: scripts can tell them apart.
VERIFY_EXIT = {"valid": 0, "revoked": 4, "not_found": 5, "bad_signature": 6, "unknown_signer": 7}


def cmd_verify(args: argparse.Namespace, common) -> int:
    import json

    from vcadre.services.documents import verification
    from vcadre.services.documents.certificate_code import BadCode
    from vcadre.services.documents.scan import ScanError

    given = [x for x in (args.number, args.image, args.code) if x]
    if len(given) != 1:
        raise common.UserError("请给出证书编号、--image 扫描件或 --code 二维码内容三者之一。")
    db = common.open_db(args)
    try:
        with db.session() as s:
            if args.number:
                results = [verification.verify_number(s, args.number)]
            elif args.code:
                results = [verification.verify_code(s, args.code)]
            else:
                results = verification.verify_scan(s, args.image)
    except (BadCode, ScanError) as exc:
        raise common.UserError(str(exc)) from None
    finally:
        db.close()
    if args.json:
        print(json.dumps([{**r.__dict__, "label": r.label} for r in results], ensure_ascii=False, indent=2,
                         default=str))
    else:
        for i, r in enumerate(results):
            if i:
                print()
            print("\n".join(r.lines()))
    return max(VERIFY_EXIT[r.verdict] for r in results)


def cmd_revoke(args: argparse.Namespace, common) -> int:
    from vcadre.services import training_certificates

    on = common.parse_date(args.date)
    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            number = training_certificates.revoke_number(s, args.number, args.reason, on)
    finally:
        db.close()
    print(f"已撤销证书 {number}。其他电脑导入本机的同步包后，核验该证书将显示“已撤销”。")
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

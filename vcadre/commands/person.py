"""Person documents (人员材料).

    vcadre person form   --db PATH --id ID_NUMBER_OR_RECORD_ID --out F.pdf [--show-id] [--unit NAME]
    vcadre person lrmx   --db PATH --id ID_NUMBER_OR_RECORD_ID --out F.lrmx
    vcadre person rmb    --db PATH --id ID_NUMBER_OR_RECORD_ID --out F.pdf          # 任免审批表 PDF
    vcadre person lrmx-import FILE.lrmx --db PATH [--id ID_NUMBER_OR_RECORD_ID] [--yes]
    vcadre person photo  --db PATH --id ID_NUMBER_OR_RECORD_ID FILE.jpg | --remove
    vcadre person photos FOLDER --db PATH [--yes]        # files named by ID number or name

``lrmx-import`` and ``photos`` print what would change and write only with ``--yes`` (one
transaction). Messages are Chinese; ID numbers are printed masked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("person", help="人员材料：人员信息表、任免审批表（.lrmx）、照片")
    psub = p.add_subparsers(dest="person_command", metavar="ACTION", required=True)

    def person_arg(q, required: bool = True) -> None:
        q.add_argument("--id", dest="person", required=required, metavar="ID_NUMBER_OR_RECORD_ID",
                       help="身份证号码或人员记录编号")

    f = psub.add_parser("form", help="打印人员信息表（PDF，一页 A4）")
    common.db_arg(f)
    person_arg(f)
    f.add_argument("--out", type=Path, required=True, metavar="F.pdf")
    f.add_argument("--show-id", action="store_true", help="打印完整身份证号码（默认脱敏）")
    f.add_argument("--unit", default="", help="填表单位（默认：本机站点名称）")
    f.set_defaults(func=lambda a: cmd_form(a, common))
    x = psub.add_parser("lrmx", help="导出干部任免审批表文件（.lrmx）")
    common.db_arg(x)
    person_arg(x)
    x.add_argument("--out", type=Path, required=True, metavar="F.lrmx")
    x.set_defaults(func=lambda a: cmd_lrmx(a, common))
    r = psub.add_parser("rmb", help="打印干部任免审批表（PDF，两页 A4）")
    common.db_arg(r)
    person_arg(r)
    r.add_argument("--out", type=Path, required=True, metavar="F.pdf")
    r.set_defaults(func=lambda a: cmd_rmb(a, common))
    i = psub.add_parser("lrmx-import", help="导入干部任免审批表文件（先列出改动，加 --yes 才写入）")
    i.add_argument("file", type=Path, metavar="FILE.lrmx")
    common.db_arg(i)
    person_arg(i, required=False)
    i.add_argument("--yes", action="store_true", help="确认写入")
    i.set_defaults(func=lambda a: cmd_lrmx_import(a, common))
    ph = psub.add_parser("photo", help="设置或删除一个人的照片（自动裁成二寸比例，压缩到 60 KB 以内）")
    common.db_arg(ph)
    person_arg(ph)
    ph.add_argument("file", type=Path, nargs="?", metavar="FILE")
    ph.add_argument("--remove", action="store_true", help="删除照片")
    ph.set_defaults(func=lambda a: cmd_photo(a, common))
    pf = psub.add_parser("photos", help="从文件夹批量导入照片（文件名为身份证号码或姓名；加 --yes 才写入）")
    pf.add_argument("folder", type=Path, metavar="FOLDER")
    common.db_arg(pf)
    pf.add_argument("--yes", action="store_true", help="确认写入")
    pf.set_defaults(func=lambda a: cmd_photos(a, common))


def find_person(session, text: str, common) -> str:
    """A person's record id from an ID number or a record id."""
    from sqlalchemy import select

    from vcadre.domain import idnumber
    from vcadre.store.models import Person

    text = (text or "").strip()
    p = session.get(Person, text)
    if p is not None and not p.deleted:
        return p.id
    try:
        number = idnumber.normalize_id_number(text)
    except Exception:  # noqa: BLE001
        number = text
    ids = list(session.scalars(select(Person.id).where(Person.id_number == number, Person.deleted.is_(False))))
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise common.UserError(f"有 {len(ids)} 人登记了身份证号码 {idnumber.mask_id_number(number)}（可能是同一人，"
                               "请先用 vcadre sync duplicates 合并），请改用人员记录编号。")
    raise common.UserError(f"找不到人员“{idnumber.mask_id_number(text) if len(text) >= 15 else text}”"
                           "（请给出身份证号码或人员记录编号）。")


def _check_out(out: Path, suffix: str, common) -> None:
    if out.suffix.lower() != suffix:
        raise common.UserError(f"输出文件“{out}”应以 {suffix} 结尾。")
    if not out.parent.exists():
        raise common.UserError(f"输出目录“{out.parent}”不存在。")


def cmd_form(args: argparse.Namespace, common) -> int:
    from vcadre.reports.person_forms import write_record_form
    from vcadre.services import person_card
    from vcadre.services.documents import person_form

    _check_out(args.out, ".pdf", common)
    from vcadre.services.security import Permission, audit, require

    db = common.open_db(args)
    try:
        with db.session() as s:
            require(s, Permission.EXPORT)
            pid = find_person(s, args.person, common)
            card = person_card.card(s, pid, show_id=args.show_id)
            form = person_form.form_of(s, pid, show_id=args.show_id)
        unit = args.unit or db.site()[1]
        write_record_form(card, form, args.out, unit=unit)
        audit.exported(db, "人员信息表", 1, args.out, kind="person", unmasked=args.show_id)
    finally:
        db.close()
    print(f"已写出人员信息表：{args.out}")
    return 0


def cmd_lrmx(args: argparse.Namespace, common) -> int:
    from vcadre.services.documents import lrmx

    _check_out(args.out, ".lrmx", common)
    db = common.open_db(args)
    try:
        with db.session() as s:
            pid = find_person(s, args.person, common)
            lrmx.export_person(s, pid, args.out)
    finally:
        db.close()
    print(f"已写出任免审批表文件：{args.out}（含完整身份证号码，请妥善保管）")
    return 0


def cmd_rmb(args: argparse.Namespace, common) -> int:
    from vcadre.reports.person_forms import write_appointment_form
    from vcadre.services.documents import person_form

    _check_out(args.out, ".pdf", common)
    from vcadre.services.security import Permission, audit, require

    db = common.open_db(args)
    try:
        with db.session() as s:
            require(s, Permission.EXPORT)
            pid = find_person(s, args.person, common)
            form = person_form.form_of(s, pid, show_id=True)
        write_appointment_form(form, args.out)
        audit.exported(db, "干部任免审批表", 1, args.out, kind="person", unmasked=True)
    finally:
        db.close()
    print(f"已写出干部任免审批表：{args.out}")
    return 0


def print_plan(plan) -> None:
    who = f"新增人员“{plan.name}”" if plan.new_person else f"人员“{plan.name}”"
    if not plan.changes:
        print(f"{who}：与数据库中的记录一致，没有需要导入的改动。")
    else:
        print(f"{who}，将要改动 {len(plan.changes)} 项：")
        for ch in plan.changes:
            print(f"  {ch.label}：{ch.old or '（空）'} → {ch.new or '（空）'}")
    for w in plan.warnings:
        print(f"  提示：{w}")
    if plan.ignored:
        print(f"  未识别、不导入的字段：{'、'.join(plan.ignored)}")
    for e in plan.errors:
        print(f"  错误：{e}", file=sys.stderr)


def cmd_lrmx_import(args: argparse.Namespace, common) -> int:
    from vcadre.services.documents import lrmx

    record = lrmx.read_lrmx(args.file)
    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            pid = find_person(s, args.person, common) if args.person else None
            plan = lrmx.plan_import(s, record, pid)
            print_plan(plan)
            if plan.errors:
                raise common.UserError("文件中有错误（见上），未作任何改动。")
            if not plan.has_changes:
                return 0
            if not args.yes:
                print("以上为预览，未写入；确认无误后加 --yes 再运行一次。")
                return 0
            pid = lrmx.apply_import(s, plan)
        print(f"已导入：{plan.name}（人员记录编号 {pid}）。")
    finally:
        db.close()
    return 0


def cmd_photo(args: argparse.Namespace, common) -> int:
    from vcadre.services.documents import photos

    if bool(args.file) == bool(args.remove):
        raise common.UserError("请给出照片文件，或用 --remove 删除照片（二者选一）。")
    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            pid = find_person(s, args.person, common)
            if args.remove:
                done = photos.remove_photo(s, pid)
                print("已删除照片。" if done else "此人没有照片。")
                return 0
            prepared = photos.set_photo_from_file(s, pid, args.file)
    finally:
        db.close()
    print(f"已保存照片（{prepared.width}×{prepared.height} 像素，{len(prepared.jpeg) // 1024} KB）。")
    return 0


def cmd_photos(args: argparse.Namespace, common) -> int:
    from vcadre.services.documents import photos

    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            plan = photos.plan_folder(s, args.folder)
            ok = [m for m in plan if m.status == photos.OK]
            for m in plan:
                if m.status == photos.OK:
                    print(f"  {m.file.name} → {m.name}（{m.masked_id}）" + ("，替换原照片" if m.replaces else ""))
                else:
                    print(f"  {m.file.name}：未导入，{m.reason}")
            print(f"共 {len(plan)} 个文件，可导入 {len(ok)} 张，跳过 {len(plan) - len(ok)} 个。")
            if not args.yes:
                print("以上为预览，未写入；确认无误后加 --yes 再运行一次。")
                return 0
            n = photos.apply_plan(s, plan)
        print(f"已导入 {n} 张照片。")
    finally:
        db.close()
    return 0

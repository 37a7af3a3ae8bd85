"""干部任免审批表 exchange files (.lrmx): export a person, import one with a preview.

The layout is the one the national 任免审批表 software writes and rmb_helper / OWIP read: a
UTF-8 XML document with root ``<Person>``, one child per field named by its pinyin tag
(``person_form.ORDER``), dates as ``YYYYMM``, the family as ``<JiaTingChengYuan><Item>`` rows of
``ChengWei``, ``XingMing``, ``ChuShengRiQi``, ``ZhengZhiMianMao``, ``GongZuoDanWeiJiZhiWu``, the
photo as base64 JPEG in ``<ZhaoPian>`` and ``<Version>``. An exported file carries the full ID
number (it is an exchange file between organization departments, like a sync package).

Import (:func:`plan_import` → :func:`apply_import`): the file is matched to a person (the one
chosen, else the live person with its ID number, else a new person), every field is compared
with what the database holds and the differences listed; applying writes them in the caller's
transaction. Exporting a person and importing the file back changes nothing (round trip): the
values that were derived (现任职务, 简历, 考核) are recognised and not stored as overrides.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain import codes, idnumber
from vcadre.services import persons
from vcadre.services.documents import person_form as pf
from vcadre.services.documents import photos
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.store import ioerrors
from vcadre.store.models import FamilyMember, Person, PersonDetail

MAX_FILE = 20 * 1024 * 1024
FAMILY_TAGS = ("ChengWei", "XingMing", "ChuShengRiQi", "ZhengZhiMianMao", "GongZuoDanWeiJiZhiWu")


@dataclass
class LrmxRecord:
    values: dict[str, str]
    family: list[pf.FamilyRow]
    photo: Optional[bytes]
    #: Tags we do not know (kept out of the database; listed in the preview).
    unknown: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ writing

def to_xml(form: pf.CadreForm) -> bytes:
    root = ET.Element("Person")
    for tag in pf.ORDER:
        el = ET.SubElement(root, tag)
        if tag == "JiaTingChengYuan":
            for m in form.family:
                item = ET.SubElement(el, "Item")
                for sub, value in zip(FAMILY_TAGS, (m.relation, m.name, m.birth, m.political_status, m.work)):
                    ET.SubElement(item, sub).text = value or None
        elif tag == "ZhaoPian":
            el.text = base64.b64encode(form.photo).decode("ascii") if form.photo else None
        elif tag == "Version":
            el.text = pf.VERSION
        else:
            el.text = form.get(tag) or None
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def write_lrmx(form: pf.CadreForm, out: Path | str) -> Path:
    """Write the form as a .lrmx file (through a temporary file, then renamed)."""
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(to_xml(form))
        os.replace(tmp, out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return out


def export_person(session: Session, person_id: str, out: Path | str) -> Path:
    """Write the person's .lrmx (full ID number): export and unmask permissions, audited."""
    from vcadre.services.security import Permission, audit, require

    require(session, Permission.EXPORT)
    path = write_lrmx(pf.form_of(session, person_id, show_id=True), out)
    audit.exported(session, "任免审批表（.lrmx）", 1, path, kind="person", unmasked=True)
    return path


# ------------------------------------------------------------------ reading

_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_\-]+)[\"'][^>]*\?>", re.I)


def parse_xml(data: bytes, name: str = "文件") -> LrmxRecord:
    m = _DECL.match(data)
    try:
        if m and m[1].decode().lower().replace("-", "").replace("_", "") in ("gb2312", "gbk", "gb18030"):
            # expat knows no multi-byte Chinese encodings: decode here, parse the text.
            root = ET.fromstring(data[m.end():].decode("gb18030"))
        else:
            root = ET.fromstring(data)
    except (ET.ParseError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{name}不是有效的任免审批表（.lrmx）文件：XML 格式错误（{exc}）。") from None
    if root.tag != "Person":
        raise ValidationError(f"{name}不是任免审批表（.lrmx）文件：根元素是“{root.tag}”，应为“Person”。")
    values: dict[str, str] = {}
    family: list[pf.FamilyRow] = []
    photo = None
    unknown: list[str] = []
    for el in root:
        if el.tag == "JiaTingChengYuan":
            for item in el:
                sub = {c.tag: (c.text or "").strip() for c in item}
                row = pf.FamilyRow(*(sub.get(t, "") for t in FAMILY_TAGS))
                if any((row.relation, row.name, row.birth, row.political_status, row.work)):
                    family.append(row)
        elif el.tag == "ZhaoPian":
            text = "".join((el.text or "").split())
            if text:
                try:
                    photo = base64.b64decode(text, validate=True)
                except (binascii.Error, ValueError):
                    raise ValidationError(f"{name}中的照片（ZhaoPian）已损坏。") from None
        elif el.tag in pf.LABELS:
            text = el.text or ""
            values[el.tag] = text.strip("\r\n").rstrip() if el.tag == "JianLi" else text.strip()
        else:
            unknown.append(el.tag)
    return LrmxRecord(values, family, photo, unknown)


def read_lrmx(path: Path | str) -> LrmxRecord:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise ValidationError(f"文件“{path.name}”太大，不是任免审批表。")
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path.name}”：{ioerrors.reason(exc)}。") from None
    return parse_xml(data, f"文件“{path.name}”")


# ------------------------------------------------------------------ import plan

@dataclass(frozen=True)
class Change:
    tag: str
    label: str
    old: str
    new: str


@dataclass
class LrmxPlan:
    person_id: Optional[str]
    name: str
    new_person: bool
    person_values: dict[str, Any] = field(default_factory=dict)
    #: tag → new detail value, or None to drop a stored detail (the value is derived again).
    details: dict[str, Optional[str]] = field(default_factory=dict)
    family: Optional[list[pf.FamilyRow]] = None
    photo: Optional[photos.PreparedPhoto] = None
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def _date_from_form(text: str, old: Optional[date], number: Optional[str]) -> Optional[date]:
    """A full date for a ``YYYYMM`` value: keep the day we know when the month agrees."""
    parsed = pf.parse_form_date(text)
    if parsed is None:
        return None
    year, month, day = parsed
    if day is None:
        if old is not None and (old.year, old.month) == (year, month):
            return old
        if number:
            try:
                born = idnumber.parse_id_number(number).birth_date
                if (born.year, born.month) == (year, month):
                    return born
            except Exception:  # noqa: BLE001 - an invalid number gives no day
                pass
        day = 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _short(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " / ")
    return value if len(value) <= limit else value[:limit - 1] + "…"


def plan_import(session: Session, record: LrmxRecord, person_id: Optional[str] = None) -> LrmxPlan:
    """What importing ``record`` would change (nothing is written)."""
    v = record.values
    number = idnumber.normalize_id_number(v.get("ShenFenZheng", "")) if v.get("ShenFenZheng", "").strip() else ""
    target: Optional[Person] = None
    if person_id:
        target = session.get(Person, person_id)
        if target is None or target.deleted:
            raise NotFoundError("要导入的人员不存在或已删除。")
        if number and target.id_number and number != target.id_number:
            raise ValidationError(FieldError("ShenFenZheng", (
                f"文件中的身份证号码（{idnumber.mask_id_number(number)}）与“{target.name}”的"
                f"（{idnumber.mask_id_number(target.id_number)}）不一致，未导入。")))
    elif number:
        target = session.scalar(select(Person).where(Person.id_number == number, Person.deleted.is_(False)))
    name = (v.get("XingMing") or "").replace(" ", "").replace("\u3000", "")
    plan = LrmxPlan(target.id if target else None, name or (target.name if target else ""), target is None)
    plan.ignored = list(record.unknown)
    if not plan.name:
        plan.errors.append("文件中没有姓名（XingMing），无法导入。")
        return plan
    current = pf.person_values_as_form(target) if target else {t: "" for t in pf.PERSON_TAGS}
    old_values = persons.person_values(target) if target else {}
    new_values: dict[str, Any] = dict(old_values)
    for tag, col in pf.PERSON_TAGS.items():
        if tag not in v:
            continue
        text = v[tag] if col != "name" else name
        if col == "id_number" and text.strip():
            text = number
        if text == current.get(tag, ""):
            continue
        if col in pf.DATES:
            if not text:
                value = None
            else:
                value = _date_from_form(text, old_values.get(col), number or (target.id_number if target else None))
                if value is None:
                    if col == "birth_date":
                        plan.errors.append(f"出生年月“{text}”不是有效的日期。")
                        continue
                    # 入党时间 such as "1990.05；民革": keep the text as it is.
                    plan.details[tag] = text
                    plan.changes.append(Change(tag, pf.LABELS[tag], current.get(tag, ""), text))
                    continue
            if pf.form_month(value) == current.get(tag, ""):
                continue
        elif col in pf.CODED:
            if not text:
                value = None
            else:
                try:
                    value = pf.CODED[col].code_for(text)
                except codes.UnknownCode:
                    plan.warnings.append(f"{pf.LABELS[tag]}“{text}”无法识别为标准代码，未导入（保留原值）。")
                    continue
            if value == old_values.get(col):
                continue
        else:
            value = text or None
        new_values[col] = value
        plan.changes.append(Change(tag, pf.LABELS[tag], current.get(tag, ""), text))
    if any(c.tag in pf.PERSON_TAGS and c.tag not in plan.details for c in plan.changes) or target is None:
        errors: list[FieldError] = []
        cleaned = persons.validate_person({k: val for k, val in new_values.items()}, errors)
        plan.errors += [str(e.message) for e in errors]
        plan.person_values = cleaned
    # Details: stored override, or derived from the records (then nothing is stored).
    stored = pf.details_of(session, target.id) if target else {}
    derived = pf.derived_values(session, target.id) if target else {}
    for tag in pf.DETAIL_FIELDS:
        if tag not in v:
            continue
        new = v[tag]
        now = stored.get(tag, derived.get(tag, ""))
        if new == now:
            continue
        if tag in derived and new == derived[tag]:
            plan.details[tag] = None
        else:
            plan.details[tag] = new
        plan.changes.append(Change(tag, pf.LABELS[tag], _short(now), _short(new)))
    if "JiaTingChengYuan" in v or record.family:
        have = pf.family_of(session, target.id) if target else []
        if record.family != have:
            plan.family = record.family
            plan.changes.append(Change("JiaTingChengYuan", pf.LABELS["JiaTingChengYuan"],
                                       f"{len(have)} 人", f"{len(record.family)} 人：" + "、".join(
                                           f"{m.relation}{m.name}" for m in record.family)))
    if record.photo:
        have_photo = photos.photo_of(session, target.id) if target else None
        if record.photo != have_photo:
            try:
                plan.photo = photos.prepare(record.photo, "文件中的照片")
                plan.changes.append(Change("ZhaoPian", "照片", "有" if have_photo else "无", "更换" if have_photo else "新增"))
            except ValidationError as exc:
                plan.warnings.append(f"{exc}（照片未导入）")
    return plan


def apply_import(session: Session, plan: LrmxPlan) -> str:
    """Write a plan (in the caller's transaction); returns the person's id."""
    if plan.errors:
        raise ValidationError("；".join(plan.errors))
    if plan.new_person or plan.person_values:
        person = persons.save_person(session, plan.person_id, plan.person_values)
        session.flush()
        pid = person.id
    else:
        pid = plan.person_id
    assert pid is not None
    for tag, value in plan.details.items():
        for old in session.scalars(select(PersonDetail).where(
                PersonDetail.person_id == pid, PersonDetail.field == tag, PersonDetail.deleted.is_(False))):
            old.deleted = True
        if value is not None:
            session.add(PersonDetail(person_id=pid, field=tag, value=value))
    if plan.family is not None:
        for old in session.scalars(select(FamilyMember).where(FamilyMember.person_id == pid,
                                                              FamilyMember.deleted.is_(False))):
            old.deleted = True
        for i, m in enumerate(plan.family):
            session.add(FamilyMember(person_id=pid, position=i, relation=m.relation[:20], name=m.name[:40],
                                     birth=m.birth[:10] or None, political_status=m.political_status[:20] or None,
                                     work=m.work[:200] or None))
    if plan.photo is not None:
        photos.set_photo(session, pid, plan.photo, "任免审批表")
    session.flush()
    return pid

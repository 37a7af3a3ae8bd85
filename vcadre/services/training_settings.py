"""Training settings (培训设置), kept in the database so they travel with it: the certificate
number pattern, the completion rule (share of the planned hours) and the yearly hours target.

The certificate pattern is checked before it is stored: it must give a different number to every
(year, class, sequence) — see :func:`check_pattern`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.forms import FormField
from vcadre.store.models import Region, TrainingSetting

DEFAULT_PATTERN = "{county}培〔{year}〕{class:03d}-{seq:04d}号"
DEFAULT_COMPLETION_PERCENT = 80.0
DEFAULT_YEARLY_HOURS = 32.0

#: Certificate layouts (证书版式): A4 landscape on plain paper, or the inner sheet (内芯) that goes
#: into a pre-printed certificate cover, whose size differs between suppliers (set in mm).
LAYOUTS = {"a4": "A4 横向（普通纸）", "insert": "证书内芯（套打，按证书外壳尺寸）"}
DEFAULT_INSERT_MM = (255.0, 180.0)
INSERT_RANGE_MM = ((140.0, 300.0), (100.0, 220.0))

#: Placeholders a pattern may use; the numeric ones must all appear.
PATTERN_FIELDS = ("county", "year", "class", "seq")
_NUMERIC = ("year", "class", "seq")

LABELS = {
    "certificate_pattern": "证书编号格式", "county": "县（市、区）简称",
    "completion_percent": "结业所需学时比例（%）", "yearly_hours": "年度学时要求",
    "certificate_layout": "证书版式", "insert_width_mm": "证书内芯宽度（毫米）",
    "insert_height_mm": "证书内芯高度（毫米）", "certificate_photo": "证书上印照片",
}


@dataclass(frozen=True)
class TrainingSettings:
    certificate_pattern: str = DEFAULT_PATTERN
    county: str = ""  #: the ``{county}`` placeholder, e.g. 织金
    completion_percent: float = DEFAULT_COMPLETION_PERCENT
    yearly_hours: float = DEFAULT_YEARLY_HOURS
    certificate_layout: str = "a4"
    insert_width_mm: float = DEFAULT_INSERT_MM[0]
    insert_height_mm: float = DEFAULT_INSERT_MM[1]
    certificate_photo: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "certificate_pattern": self.certificate_pattern, "county": self.county,
            "completion_percent": self.completion_percent, "yearly_hours": self.yearly_hours,
            "certificate_layout": self.certificate_layout, "insert_width_mm": self.insert_width_mm,
            "insert_height_mm": self.insert_height_mm, "certificate_photo": self.certificate_photo,
        }


def _county_short_name(session: Session) -> str:
    name = session.scalar(
        select(Region.name).where(Region.parent_id.is_(None), Region.deleted.is_(False)).order_by(Region.code)
    ) or ""
    for suffix in ("自治县", "县", "市", "区", "特区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def load(session: Session) -> TrainingSettings:
    stored = dict(session.execute(
        select(TrainingSetting.key, TrainingSetting.value).where(TrainingSetting.deleted.is_(False))
    ).all())
    return TrainingSettings(
        certificate_pattern=stored.get("certificate_pattern") or DEFAULT_PATTERN,
        county=stored.get("county") or _county_short_name(session),
        completion_percent=float(stored.get("completion_percent") or DEFAULT_COMPLETION_PERCENT),
        yearly_hours=float(stored.get("yearly_hours") or DEFAULT_YEARLY_HOURS),
        certificate_layout=stored.get("certificate_layout") if stored.get("certificate_layout") in LAYOUTS else "a4",
        insert_width_mm=float(stored.get("insert_width_mm") or DEFAULT_INSERT_MM[0]),
        insert_height_mm=float(stored.get("insert_height_mm") or DEFAULT_INSERT_MM[1]),
        certificate_photo=stored.get("certificate_photo") == "1",
    )


#: The settings as form fields, for comparing versions (optimistic locking, ``services.edit_lock``).
FIELDS = tuple(FormField(key, kind) for key, kind in (
    ("certificate_pattern", "text"), ("county", "text"), ("completion_percent", "float"),
    ("yearly_hours", "float"), ("certificate_layout", "text"), ("insert_width_mm", "float"),
    ("insert_height_mm", "float"), ("certificate_photo", "bool")))


def save(session: Session, values: Mapping[str, Any],
         loaded: Optional[Mapping[str, Any]] = None) -> TrainingSettings:
    """Validate and store the given settings (all or nothing).

    ``loaded``: the settings as the dialog showed them (``load(…).as_dict()``); a setting another
    officer saved since, which this save would overwrite, refuses the save with
    ``edit_lock.EditConflict``.
    """
    if loaded is not None:
        from vcadre.services import edit_lock

        edit_lock.check(session, "training_settings", FIELDS, lambda: load(session).as_dict(), loaded, values,
                        LABELS)
    errors: list[FieldError] = []
    out: dict[str, str] = {}
    if "certificate_pattern" in values:
        pattern = str(values["certificate_pattern"] or "").strip()
        try:
            check_pattern(pattern)
            out["certificate_pattern"] = pattern
        except ValidationError as exc:
            errors.extend(exc.errors)
    if "county" in values:
        county = str(values["county"] or "").strip()
        if len(county) > 20:
            errors.append(FieldError("county", "县（市、区）简称最多 20 个字。"))
        out["county"] = county
    if "certificate_layout" in values:
        layout = str(values["certificate_layout"] or "")
        if layout not in LAYOUTS:
            errors.append(FieldError("certificate_layout", f"证书版式“{layout}”无法识别，可选：{'、'.join(LAYOUTS.values())}。"))
        else:
            out["certificate_layout"] = layout
    if "certificate_photo" in values:
        out["certificate_photo"] = "1" if values["certificate_photo"] in (True, 1, "1", "true", "是") else "0"
    (w_low, w_high), (h_low, h_high) = INSERT_RANGE_MM
    for key, low, high in (("completion_percent", 1, 100), ("yearly_hours", 0, 1000),
                           ("insert_width_mm", w_low, w_high), ("insert_height_mm", h_low, h_high)):
        if key not in values:
            continue
        try:
            number = float(values[key])
        except (TypeError, ValueError):
            errors.append(FieldError(key, f"“{LABELS[key]}”的值“{values[key]}”不是数字。"))
            continue
        if not low <= number <= high:
            errors.append(FieldError(key, f"“{LABELS[key]}”应在 {low} 到 {high} 之间。"))
            continue
        out[key] = repr(number)
    if errors:
        raise ValidationError(errors)
    for key, value in out.items():
        row = session.scalar(select(TrainingSetting).where(
            TrainingSetting.key == key, TrainingSetting.deleted.is_(False)))
        if row is None:
            session.add(TrainingSetting(key=key, value=value))
        elif row.value != value:
            row.value = value
    session.flush()
    return load(session)


# ---------------------------------------------------------------- the number pattern

def _parse(pattern: str) -> list[tuple[str, Optional[str], str]]:
    """(literal, field or None, format spec) parts; raises ValidationError for bad syntax."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValidationError(FieldError(
            "certificate_pattern", f"证书编号格式“{pattern}”的花括号不配对（{exc}）。")) from None
    out = []
    for literal, field, spec, conversion in parts:
        if field is not None and (conversion or field not in PATTERN_FIELDS):
            raise ValidationError(FieldError(
                "certificate_pattern",
                f"证书编号格式中的“{{{field}}}”无法识别；可用的占位符：{{county}} {{year}} {{class}} {{seq}}。"))
        out.append((literal, field, spec or ""))
    return out


def check_pattern(pattern: str) -> None:
    """Refuse a pattern that could give two certificates the same number.

    It must contain ``{year}``, ``{class}`` (the class's number within the year) and ``{seq}``
    (the certificate's number within the class), each once, and something other than digits
    between two numbers (``{class}{seq}`` would print class 1 no. 11 and class 11 no. 1 alike).
    """
    if not pattern:
        raise ValidationError(FieldError("certificate_pattern", "证书编号格式不能为空。"))
    if len(pattern) > 40:
        raise ValidationError(FieldError("certificate_pattern", "证书编号格式最多 40 个字符。"))
    parts = _parse(pattern)
    fields = [f for _, f, _ in parts if f]
    for name, what in (("year", "年份 {year}"), ("class", "班次号 {class}"), ("seq", "序号 {seq}")):
        n = fields.count(name)
        if n == 0:
            raise ValidationError(FieldError(
                "certificate_pattern",
                f"证书编号格式缺少{what}：没有它，不同的证书会得到相同的编号。"))
        if n > 1:
            raise ValidationError(FieldError("certificate_pattern", f"证书编号格式中{what}出现了多次。"))
    previous_numeric = False
    for literal, field, spec in parts:
        if literal and re.search(r"\D", literal):
            previous_numeric = False
        if field in _NUMERIC:
            if previous_numeric:
                raise ValidationError(FieldError(
                    "certificate_pattern",
                    "证书编号格式中两个数字占位符之间必须有非数字的分隔符（如“-”或“〔〕”），"
                    "否则不同的证书可能得到相同的编号。"))
            previous_numeric = True
        elif field == "county":
            previous_numeric = False
        if field is None:
            continue
        sample = "县" if field == "county" else 12345
        try:
            format(sample, spec)
        except (ValueError, TypeError):
            raise ValidationError(FieldError(
                "certificate_pattern", f"证书编号格式中“{{{field}:{spec}}}”的格式说明无效。")) from None
        if field in _NUMERIC and not re.fullmatch(r"0?\d*d?", spec):
            raise ValidationError(FieldError(
                "certificate_pattern",
                f"“{{{field}}}”只能写成“{{{field}}}”或补零的形式，如“{{{field}:04d}}”。"))


def format_number(pattern: str, county: str, year: int, class_no: int, seq: int) -> str:
    return pattern.format(county=county, year=year, **{"class": class_no, "seq": seq})


def number_regex(pattern: str, county: str) -> re.Pattern[str]:
    """A regex reading (year, class, seq) back out of numbers made with ``pattern``."""
    out = []
    for literal, field, _spec in _parse(pattern):
        out.append(re.escape(literal or ""))
        if field == "county":
            out.append(re.escape(county))
        elif field:
            out.append(f"(?P<{'klass' if field == 'class' else field}>\\d+)")
    return re.compile("".join(out) + r"\Z")

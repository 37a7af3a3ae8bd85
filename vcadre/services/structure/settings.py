"""Settings of the team-structure report (班子结构分析设置): age bands and the election's targets.

They are department rules, so they live in the database and travel with it, in the key/value
settings table (``training_setting``, named for its first user) under keys ``structure.*``.
Every setting has a default that matches the 2021 village elections' common targets:

- age bands ``35岁及以下 / 36—45岁 / 46—55岁 / 56—60岁 / 60岁以上`` (upper bounds 35, 45, 55, 60);
- at least one woman in each village's “两委”, at least one member aged 35 or under;
- the Party secretary with 大专及以上 (or an exception stated for the village, with its reason);
- the share of 大专及以上 among a village's “两委” members: not checked (0 %) unless set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services.errors import FieldError, ValidationError
from vcadre.store.models import TrainingSetting

PREFIX = "structure."

#: Education levels of the report, highest first, from the GB education code table's levels
#: (1x 研究生, 2x 大学本科, 3x 大学专科, 4x–6x 中专/高中, 7x–9x 初中及以下).
EDUCATION_LEVELS: tuple[tuple[str, str], ...] = (
    ("graduate", "研究生"),
    ("bachelor", "大学本科"),
    ("college", "大学专科"),
    ("secondary", "中专/高中"),
    ("junior", "初中及以下"),
)
_LEVEL_KEYS = tuple(k for k, _ in EDUCATION_LEVELS)

DEFAULT_AGE_BANDS = (35, 45, 55, 60)

LABELS = {
    "age_bands": "年龄段分界", "young_age": "年轻干部年龄", "min_women": "每村女性成员至少",
    "min_young": "每村年轻成员至少", "secretary_education": "书记学历至少",
    "college_share_min": "每村大专及以上占比至少（%）", "exceptions": "书记学历例外",
}


@dataclass(frozen=True)
class StructureSettings:
    #: Upper bounds (inclusive) of the age bands; one more band above the last.
    age_bands: tuple[int, ...] = DEFAULT_AGE_BANDS
    #: "Young" for the election target: aged this or under.
    young_age: int = 35
    min_women: int = 1
    min_young: int = 1
    #: Lowest education level a secretary must have (a key of ``EDUCATION_LEVELS``).
    secretary_education: str = "college"
    #: Percent of a village's “两委” members with 大专及以上; 0 = not checked.
    college_share_min: float = 0.0
    #: Villages exempt from the secretary's education target: village code → stated reason.
    exceptions: Mapping[str, str] = field(default_factory=dict)

    def age_band_labels(self) -> list[str]:
        return age_band_labels(self.age_bands)

    def as_dict(self) -> dict[str, Any]:
        return {
            "age_bands": list(self.age_bands), "young_age": self.young_age,
            "min_women": self.min_women, "min_young": self.min_young,
            "secretary_education": self.secretary_education,
            "college_share_min": self.college_share_min, "exceptions": dict(self.exceptions),
        }


def age_band_labels(bounds: tuple[int, ...]) -> list[str]:
    """``(35, 45, 55, 60)`` → 35岁及以下, 36—45岁, 46—55岁, 56—60岁, 60岁以上."""
    labels = [f"{bounds[0]}岁及以下"]
    labels += [f"{lo + 1}—{hi}岁" for lo, hi in zip(bounds, bounds[1:])]
    labels.append(f"{bounds[-1]}岁以上")
    return labels


def education_label(key: str) -> str:
    return dict(EDUCATION_LEVELS)[key]


def load(session: Session) -> StructureSettings:
    """The stored settings over the defaults (a malformed stored value falls back to its default)."""
    stored = {
        k[len(PREFIX):]: v for k, v in session.execute(
            select(TrainingSetting.key, TrainingSetting.value).where(
                TrainingSetting.deleted.is_(False), TrainingSetting.key.like(PREFIX + "%")))
    }
    defaults = StructureSettings()
    values: dict[str, Any] = {}
    for key, raw in stored.items():
        try:
            values.update(_clean(key, json.loads(raw)))
        except (ValueError, TypeError, ValidationError):
            continue  # keep the default; the settings dialog shows and rewrites it
    return StructureSettings(**{**defaults.__dict__, **values})


def canonical(key: str, value: Any) -> str:
    """``value`` of the setting ``key`` in one text per meaning ("35，45" and [35, 45] alike; the
    exceptions in code order), for comparing versions; a value that does not validate as typed."""
    try:
        clean = _clean(key, value)[key]
    except ValidationError:
        return str(value)
    return json.dumps(list(clean) if isinstance(clean, tuple) else clean, ensure_ascii=False, sort_keys=True)


def _canonical_all(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: canonical(k, v) for k, v in values.items() if k in LABELS}


def save(session: Session, values: Mapping[str, Any],
         loaded: Optional[Mapping[str, Any]] = None) -> StructureSettings:
    """Validate and store the given settings (all or nothing); returns the settings now in force.

    ``loaded``: the settings as the caller read them before deciding ``values``
    (``load(…).as_dict()``). A setting among ``values`` that another officer saved since, to
    something else, refuses the save with ``edit_lock.EditConflict`` (nothing written); settings
    not being saved are no conflict. Without ``loaded``, no check (a script setting a value).
    """
    if loaded is not None:
        from vcadre.services import edit_lock
        from vcadre.services.forms import FormField

        fields = tuple(FormField(k, "text") for k in values if k in LABELS)
        edit_lock.check(session, "structure_settings", fields, lambda: _canonical_all(load(session).as_dict()),
                        _canonical_all(loaded), _canonical_all(values), LABELS)
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in LABELS:
            errors.append(FieldError(key, f"没有名为“{key}”的班子结构分析设置。"))
            continue
        try:
            out.update(_clean(key, value))
        except ValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    for key, value in out.items():
        text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False, sort_keys=True)
        row = session.scalar(select(TrainingSetting).where(
            TrainingSetting.key == PREFIX + key, TrainingSetting.deleted.is_(False)))
        if row is None:
            session.add(TrainingSetting(key=PREFIX + key, value=text))
        elif row.value != text:
            row.value = text
    session.flush()
    return load(session)


def _int(key: str, value: Any, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(FieldError(key, f"“{LABELS[key]}”的值“{value}”不是整数。")) from None
    if not low <= number <= high:
        raise ValidationError(FieldError(key, f"“{LABELS[key]}”应在 {low} 到 {high} 之间（现为 {number}）。"))
    return number


def _clean(key: str, value: Any) -> dict[str, Any]:
    if key == "age_bands":
        parts = value.replace("，", ",").split(",") if isinstance(value, str) else list(value)
        bounds = tuple(_int(key, p, 18, 90) for p in parts if str(p).strip())
        if not 1 <= len(bounds) <= 6 or any(b >= c for b, c in zip(bounds, bounds[1:])):
            raise ValidationError(FieldError(
                key, f"“{LABELS[key]}”应为 1 到 6 个从小到大的年龄，如“35,45,55,60”（现为“{value}”）。"))
        return {key: bounds}
    if key == "young_age":
        return {key: _int(key, value, 18, 60)}
    if key in ("min_women", "min_young"):
        return {key: _int(key, value, 0, 20)}
    if key == "secretary_education":
        text = str(value).strip()
        by_label = {label: k for k, label in EDUCATION_LEVELS}
        text = by_label.get(text, text)
        if text not in _LEVEL_KEYS:
            raise ValidationError(FieldError(
                key, f"“{LABELS[key]}”的值“{value}”无法识别，可选：{'、'.join(l for _, l in EDUCATION_LEVELS)}。"))
        return {key: text}
    if key == "college_share_min":
        try:
            number = float(str(value).strip().rstrip("%％"))
        except (TypeError, ValueError):
            raise ValidationError(FieldError(key, f"“{LABELS[key]}”的值“{value}”不是数字。")) from None
        if not 0 <= number <= 100:
            raise ValidationError(FieldError(key, f"“{LABELS[key]}”应在 0 到 100 之间（现为 {number:g}）。"))
        return {key: number}
    if key == "exceptions":
        if not isinstance(value, Mapping):
            raise ValidationError(FieldError(key, f"“{LABELS[key]}”应为“村代码 → 理由”的对照。"))
        clean: dict[str, str] = {}
        for code, reason in value.items():
            code, reason = str(code).strip(), str(reason or "").strip()
            if not code.isdigit():
                raise ValidationError(FieldError(key, f"书记学历例外中的村代码“{code}”应为数字。"))
            if not reason:
                raise ValidationError(FieldError(key, f"书记学历例外（村代码 {code}）须写明理由。"))
            clean[code] = reason
        return {key: clean}
    raise ValidationError(FieldError(key, f"没有名为“{key}”的班子结构分析设置。"))

"""Persons (人员): validation of personal data, matching by ID number, and search.

One person, one row, whatever roles they have. The resident ID number is unique among live
persons and is a *match key*: entering a known number with the same name reuses that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain import idnumber
from vcadre.domain.codes import GENDER
from vcadre.domain.normalise import ValueProblem, normalise_id_cell, normalise_phone, parse_date_parts
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.forms import FormField, clean
from vcadre.store.models import Person, Region

PERSON_FIELDS: tuple[FormField, ...] = (
    FormField("name", "text", required=True, max_length=40),
    FormField("gender", "code", "gender", required=True),
    FormField("id_number", "text", max_length=18),
    FormField("birth_date", "date", month=True),
    FormField("ethnicity", "code", "ethnicity"),
    FormField("native_place", "text", max_length=60),
    FormField("phone", "text", max_length=20),
    FormField("education", "code", "education"),
    FormField("education_inservice", "code", "education"),
    FormField("political_status", "code", "political_status"),
    FormField("party_join_date", "date", month=True),
    FormField("work_start_date", "date", month=True),
)

#: Chinese field names for messages (the GUI has its own translated labels).
PERSON_LABELS = {
    "name": "姓名", "gender": "性别", "id_number": "身份证号码", "birth_date": "出生日期",
    "ethnicity": "民族", "native_place": "籍贯", "phone": "联系电话", "education": "全日制学历",
    "education_inservice": "在职学历", "political_status": "政治面貌",
    "party_join_date": "入党时间", "work_start_date": "参加工作时间", "home_village_id": "所在村",
}

_PHONE = re.compile(r"^(1\d{10}|0\d{9,11})$")


def validate_person(values: Mapping[str, Any], errors: list[FieldError],
                    today: Optional[date] = None, notes: Optional[list[FieldError]] = None,
                    gender_required: bool = True) -> dict[str, Any]:
    """Clean the person fields present in ``values``; fill birth date/gender from the ID number.

    The values go through the shared normalisers (``vcadre.domain.normalise``) first, so a form
    and an import accept the same things: an ID number cell that Excel stored as a number is
    refused, a 15-digit number becomes 18 digits (said in ``notes``), a birth date may be a year
    and month (出生年月) and is then checked against the ID's month and replaced by the ID's date;
    an empty gender comes from the ID number (without one it is an error, or “未知” when not
    ``gender_required`` — rosters of posts or trainees often have no 性别 column).
    """
    today = today or clock.today()
    values = dict(values)
    id_failed = False
    if "id_number" in values:
        try:
            cell = normalise_id_cell(values["id_number"])
        except ValueProblem as exc:
            errors.append(FieldError("id_number", f"{exc}。"))
            values["id_number"] = None
            id_failed = True
        else:
            values["id_number"] = cell.number if cell else None
            if cell and cell.converted_from_15 and notes is not None:
                notes.append(FieldError("id_number", "15 位旧身份证号码已转换为 18 位。"))
    if "phone" in values:
        try:
            values["phone"] = normalise_phone(values["phone"])
        except ValueProblem as exc:
            errors.append(FieldError("phone", f"{exc}。"))
            values["phone"] = None
    birth_month_only = False
    raw_birth = values.get("birth_date")
    if raw_birth not in (None, "") and not isinstance(raw_birth, date):
        try:
            parts = parse_date_parts(raw_birth, allow_month=True)
            if parts:
                values["birth_date"], birth_month_only = parts
        except ValueProblem:
            pass  # ``clean`` reports it with the field's name
    gender_given = values.get("gender") not in (None, "") and not (
        isinstance(values.get("gender"), str) and not values["gender"].strip())
    fields = PERSON_FIELDS if gender_given else _PERSON_FIELDS_NO_GENDER
    data = clean(fields, values, errors, PERSON_LABELS)
    number = data.get("id_number")
    if number:
        try:
            gender = data.get("gender") if data.get("gender") in ("1", "2") else None
            given_birth = data.get("birth_date")
            data["id_number"] = idnumber.validate_id_number(
                number, birth_date=None if birth_month_only else given_birth, gender=gender, today=today
            )
            info = idnumber.info_of(data["id_number"])  # already validated: no second check
            if birth_month_only and given_birth and (given_birth.year, given_birth.month) != (
                    info.birth_date.year, info.birth_date.month):
                errors.append(FieldError("birth_date", f"出生年月与身份证号码不符：号码为 {info.birth_date.year} 年 "
                                         f"{info.birth_date.month} 月，填写为 {given_birth.year} 年 {given_birth.month} 月。"))
            data["birth_date"] = info.birth_date if birth_month_only or not given_birth else given_birth
            if data.get("gender") in (None, "0", "9"):
                data["gender"] = info.gender
        except idnumber.IdNumberError as exc:
            errors.append(FieldError("id_number", f"{exc}。"))
    if not gender_given and not data.get("gender") and "gender" in values:
        if gender_required and not id_failed and not any(e.field == "id_number" for e in errors):
            errors.append(FieldError("gender", "“性别”不能为空（或填写身份证号码，由号码得出）。"))
        data["gender"] = data.get("gender") or "0"
    birth = data.get("birth_date")
    if birth and birth > today:
        errors.append(FieldError("birth_date", "出生日期不能晚于今天。"))
    for key in ("party_join_date", "work_start_date"):
        d = data.get(key)
        if d and birth and d < birth:
            errors.append(FieldError(key, f"{PERSON_LABELS[key]}（{d}）早于出生日期（{birth}）。"))
        if d and d > today:
            errors.append(FieldError(key, f"{PERSON_LABELS[key]}不能晚于今天。"))
    phone = data.get("phone")
    if phone and not _PHONE.match(phone):
        errors.append(FieldError("phone", "联系电话应为 11 位手机号或带区号的固定电话。"))
    return data


_PERSON_FIELDS_NO_GENDER = tuple(
    FormField(f.key, f.kind, f.codes, False, f.max_length, f.month) if f.key == "gender" else f
    for f in PERSON_FIELDS)


def _apply_search_keys(person: Person) -> None:
    from vcadre.domain.names import name_search_keys

    person.name_pinyin, person.name_initials = name_search_keys(person.name)


def save_person(session: Session, person_id: Optional[str], data: Mapping[str, Any]) -> Person:
    """Create or update a person from cleaned ``data`` (see ``validate_person``).

    A new person whose ID number is already held by a live person of the same name reuses
    that person (so adding an existing villager to another list never duplicates them); a
    different name is an error, as is an ID number held by someone else on update.
    """
    number = data.get("id_number")
    holder = None
    if number:
        holder = session.scalar(
            select(Person).where(Person.id_number == number, Person.deleted.is_(False))
        )
    if person_id is None:
        if holder is not None:
            if holder.name != data.get("name"):
                raise ValidationError(FieldError(
                    "id_number",
                    f"该身份证号码已登记在“{holder.name}”名下，与填写的姓名“{data.get('name')}”不符。",
                ))
            person = holder
            # Fill only what the existing record lacks; never overwrite silently.
            for k, v in data.items():
                if v not in (None, "") and getattr(person, k, None) in (None, "", "0"):
                    setattr(person, k, v)
            return person
        person = Person(**{k: v for k, v in data.items() if hasattr(Person, k)})
        _apply_search_keys(person)
        session.add(person)
        return person
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise ValidationError("该人员不存在或已删除。")
    if holder is not None and holder.id != person.id:
        raise ValidationError(FieldError("id_number", f"该身份证号码已登记在“{holder.name}”名下。"))
    for k, v in data.items():
        if hasattr(Person, k):
            setattr(person, k, v)
    _apply_search_keys(person)
    return person


def person_values(person: Person) -> dict[str, Any]:
    """The person's form values; ID number and phone masked for a role that may not see them
    (查阅员: the form is read-only for them anyway, the store refuses their writes)."""
    values = {f.key: getattr(person, f.key) for f in PERSON_FIELDS}
    from sqlalchemy.orm import object_session

    from vcadre.services.security import Permission, may

    session = object_session(person)
    if session is not None and not may(session, Permission.UNMASK):
        values["id_number"] = idnumber.mask_id_number(values.get("id_number"))
        values["phone"] = idnumber.mask_phone(values.get("phone"))
    return values


# ---------------------------------------------------------------- search

def search_condition(text: str, person_id_col=None):
    """SQL condition matching ``text`` against name, pinyin, initials, ID and phone fragments.

    Digits (and a trailing X) find ID numbers and phones that start or end with them (and IDs by
    their birth-date part); Latin letters the pinyin keys (full pinyin or initials, prefix match,
    so ``zlm`` and ``zhanglongmin`` find 张龙敏); anything else the name, anywhere in it (1–2
    character queries included). Answered from the search index (``store.search_index``), so it
    stays fast at province scale. ``person_id_col`` is the column holding the person id in the
    caller's query (default ``Person.id``; a listing over reserve entries passes its own
    ``person_id`` so SQLite can drive the query from the matches).
    """
    from vcadre.store.search_index import matching_person_ids

    ids = matching_person_ids(text)
    if ids is None:
        return None
    col = Person.id if person_id_col is None else person_id_col
    return col.in_(ids)


@dataclass(frozen=True)
class PersonHit:
    id: str
    name: str
    gender: str
    birth_date: Optional[date]
    village: str
    masked_id: str


def search(session: Session, text: str, limit: int = 50) -> list[PersonHit]:
    """The first ``limit`` live persons matching ``text`` (``search_condition``) by name, id.

    A broad search reads its first hits in that order off an index and stops: on PostgreSQL
    ``store.pg_search``, in a file ``store.lite_search`` (a walk of the persons in name order);
    a narrow one gathers its few matches. The same hits in the same order either way."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from vcadre.store import pg_search

        ids = pg_search.ordered(text, limit)  # the first hits read in order off an index
        if ids is not None:
            return _hits(session, Person.id.in_(ids), limit)
    elif dialect == "sqlite":
        from vcadre.store import lite_search

        walk = lite_search.walk_condition(session, text)
        if walk is not None:
            return _hits(session, walk, limit)
    cond = search_condition(text)
    if cond is None:
        return []
    return _hits(session, cond, limit)


@dataclass(frozen=True)
class SearchHits:
    """What a search box shows: the first hits and whether more persons match (“更多…”)."""

    hits: list[PersonHit]
    more: bool


def search_hits(session: Session, text: str, limit: int = 50) -> SearchHits:
    """``search`` for a search box: the first ``limit`` hits and whether there are more (one
    more is read, never the count: a broad search matches most of a province)."""
    hits = search(session, text, limit + 1)
    return SearchHits(hits[:limit], len(hits) > limit)


def describe(session: Session, person_id: str) -> Optional[PersonHit]:
    """The search-hit view of one person (name, village, masked ID), e.g. for a picker's label."""
    hits = _hits(session, Person.id == person_id, 1)
    return hits[0] if hits else None


#: The hits' village and township, aliased once: a fresh ``aliased()`` per search costs ~2 ms of
#: attribute set-up per keystroke (a fifth of a search-as-you-type's time on a server).
_VILLAGE = aliased(Region, name="hit_village")
_TOWNSHIP = aliased(Region, name="hit_township")


def _hits(session: Session, cond, limit: int) -> list[PersonHit]:
    village, township = _VILLAGE, _TOWNSHIP
    stmt: Select = (
        select(Person.id, Person.name, Person.gender, Person.birth_date, township.name,
               village.name, Person.id_number)
        .outerjoin(village, Person.home_village_id == village.id)
        .outerjoin(township, village.parent_id == township.id)
        .where(Person.deleted.is_(False), cond)
        .order_by(Person.name, Person.id)
        .limit(limit)
    )
    return [
        PersonHit(pid, name, gender, birth, " / ".join(x for x in (t, v) if x),
                  idnumber.mask_id_number(num))
        for pid, name, gender, birth, t, v, num in session.execute(stmt)
    ]


def gender_label(code: str) -> str:
    return GENDER.display(code)

"""Persons named in an import: checked with the form's rules, matched to who is already known.

Same person = same ID number (the natural key that sync merges on too). A row without an ID
number matches a known person of the same name living in the same village when there is exactly
one; otherwise a new person is created. A known person's blank fields are filled from the sheet;
nothing recorded is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.services import persons
from vcadre.services.imports.engine import Row
from vcadre.store.models import Person

PERSON_KEYS = tuple(f.key for f in persons.PERSON_FIELDS)
_COLS = ("id", "name", "home_village_id") + PERSON_KEYS


@dataclass
class PersonRef:
    data: dict[str, Any]
    village_id: Optional[str] = None
    existing: Optional[dict[str, Any]] = None  # the known person's row (id, fields)
    fill: dict[str, Any] = field(default_factory=dict)  # blanks of the known person to fill

    @property
    def key(self) -> tuple:
        n = self.data.get("id_number")
        return ("id", n) if n else ("name", self.data.get("name"), self.village_id)


def check_person(row: Row, today: date, keys: tuple[str, ...] = PERSON_KEYS,
                 gender_required: bool = False) -> dict[str, Any]:
    """The row's person fields through the form's rules (``persons.validate_person``)."""
    values = {k: row.values[k] for k in keys if k in row.values}  # the mapped columns only
    values.setdefault("name", None)
    values.setdefault("gender", None)
    return persons.validate_person(values, row.errors, today, notes=row.notes, gender_required=gender_required)


def match(session: Session, refs: list[tuple[Row, PersonRef]]) -> None:
    """Look the rows' persons up (in chunks); a known ID under another name is an error."""
    numbers = sorted({r.data["id_number"] for _row, r in refs if r.data.get("id_number")})
    known: dict[str, dict[str, Any]] = {}
    cols = [getattr(Person, c) for c in _COLS]
    for i in range(0, len(numbers), 500):
        for rec in session.execute(select(*cols).where(Person.id_number.in_(numbers[i:i + 500]),
                                                       Person.deleted.is_(False))):
            d = dict(zip(_COLS, rec))
            known[d["id_number"]] = d
    names = sorted({r.data.get("name") for _row, r in refs if not r.data.get("id_number") and r.data.get("name")})
    by_name: dict[tuple, list[dict[str, Any]]] = {}
    for i in range(0, len(names), 500):
        for rec in session.execute(select(*cols).where(Person.name.in_(names[i:i + 500]), Person.deleted.is_(False))):
            d = dict(zip(_COLS, rec))
            by_name.setdefault((d["name"], d["home_village_id"]), []).append(d)
    for row, ref in refs:
        num = ref.data.get("id_number")
        if num:
            holder = known.get(num)
            if holder is None:
                continue
            if holder["name"] != ref.data.get("name"):
                row.error("id_number", f"该身份证号码已登记在“{holder['name']}”名下，与姓名“{ref.data.get('name')}”不符")
                continue
            ref.existing = holder
        else:
            same = by_name.get((ref.data.get("name"), ref.village_id), [])
            if len(same) == 1:
                ref.existing = same[0]
        if ref.existing:
            ref.fill = {k: v for k, v in ref.data.items()
                        if v not in (None, "") and ref.existing.get(k) in (None, "", "0")}
            if ref.existing.get("home_village_id") is None and ref.village_id:
                ref.fill["home_village_id"] = ref.village_id


class PersonWriter:
    """Gives each PersonRef a person id at write time: the known one (blanks filled), or a new
    row; the same person twice in one file is one person."""

    def preload(self, refs: list[PersonRef]) -> None:
        from vcadre.services.imports.bulk import preload

        self._loaded = preload(self.writer.session, Person, [r.existing["id"] for r in refs if r.existing and r.fill])

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self._loaded: dict[str, Any] = {}
        self._made: dict[tuple, str] = {}
        self.added = 0
        self.updated = 0

    def person_id(self, ref: PersonRef) -> str:
        if ref.existing:
            pid = ref.existing["id"]
            if ref.fill and pid not in self._made.values():
                p = self._loaded.get(pid) or self.writer.session.get(Person, pid)
                for k, v in ref.fill.items():
                    setattr(p, k, v)
                self.updated += 1
                self._made[("filled", pid)] = pid
            return pid
        key = ref.key
        pid = self._made.get(key)
        if pid is None:
            from vcadre.domain.names import name_search_keys

            pinyin, initials = name_search_keys(ref.data["name"])
            values = {k: ref.data.get(k) for k in PERSON_KEYS}
            values["gender"] = values.get("gender") or "0"
            pid = self.writer.add(Person, **values, name_pinyin=pinyin, name_initials=initials,
                                  home_village_id=ref.village_id)
            self._made[key] = pid
            self.added += 1
        return pid

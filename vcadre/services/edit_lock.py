"""Optimistic locking of the edit forms (乐观锁): saving a record that another officer changed
since the form opened it is refused with an ``EditConflict`` that carries both versions field by
field, so the user keeps theirs, takes the other's, or merges — never a silent last-writer-wins.

The *version* a form holds is the record as it loaded it (``service.get``'s values). The save
takes the write lock first (``store.backend.lock_for_edit``), reads the record again and compares
field by field, then writes in the same transaction: two officers (two processes, one server)
cannot both pass the check. The rows' ``hlc`` stamp is not used as the token: a sync merge can
change a field while the row's stamp stays (a field won with a clock older than another field's),
and a record kind's form spans several rows (a reserve entry and its person); comparing values is
exact, costs one ``get`` per save, and needs no migration.

Fields another officer changed to what this user also typed, or that this form does not show,
are no conflict. Every field kind is compared by what it means (a date typed as ``2024/3/5`` is
the stored ``2024-03-05``; an empty text is None), as ``services.forms.clean`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any, Callable, Mapping, Optional

from sqlalchemy.orm import Session

from vcadre.services.forms import FormField
from vcadre.store.backend import lock_for_edit


@dataclass(frozen=True)
class FieldConflict:
    """One field whose saved value differs from both what the form loaded and what it holds now."""

    key: str
    base: Any  #: as the form loaded it
    mine: Any  #: as this user left it in the form (raw form value)
    theirs: Any  #: as the other officer saved it
    #: This user changed the field too (a true clash); otherwise saving the form would only undo
    #: the other officer's change.
    mine_changed: bool


class EditConflict(Exception):
    """The record changed since the form loaded it; nothing was written.

    ``theirs`` is the record as saved now: the version to save against once the user has chosen
    (``names`` gives the display names of the village and person ids among the values).
    """

    def __init__(self, record_id: str, fields: list[FieldConflict], theirs: Mapping[str, Any],
                 names: Optional[Mapping[str, str]] = None, labels: Optional[Mapping[str, str]] = None) -> None:
        self.record_id = record_id
        self.fields = list(fields)
        self.theirs = dict(theirs)
        self.names = dict(names or {})
        which = "、".join((labels or {}).get(c.key, c.key) for c in self.fields)
        super().__init__(f"这条记录在您打开之后已被他人修改并保存（{which}），未保存您的修改。"
                         "请逐项选择保留您的修改还是采用对方已保存的内容。")

    def get(self, key: str) -> Optional[FieldConflict]:
        return next((c for c in self.fields if c.key == key), None)


def _text(value: Any) -> Optional[str]:
    text = str(value).strip()
    return text or None


def comparable(field: FormField, value: Any) -> Any:
    """``value`` (stored, or raw from the form) in one form per meaning, for comparing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False if field.kind == "bool" else None
    kind = field.kind
    if kind == "date":
        if isinstance(value, date):
            return value.isoformat()
        from vcadre.domain.normalise import ValueProblem, parse_date

        try:
            parsed = parse_date(value, allow_month=field.month)
        except (ValueProblem, ValueError, TypeError):
            return _text(value)  # not a date: compared as typed (the save then refuses it)
        return parsed.isoformat() if parsed else None
    if kind in ("int", "float"):
        try:
            return float(str(value).strip())
        except ValueError:
            return _text(value)
    if kind == "bool":
        return bool(value)
    if field.key in ("id_number", "phone"):
        # Typed or pasted with spaces or dashes, as the save's normalisers accept them.
        return "".join(ch for ch in str(value) if ch not in " -\u3000").upper() or None
    if kind == "multiline":
        return "\n".join(line.rstrip() for line in str(value).strip().splitlines()) or None
    return _text(value)


def conflicts(fields: tuple[FormField, ...], base: Mapping[str, Any], theirs: Mapping[str, Any],
              mine: Mapping[str, Any]) -> list[FieldConflict]:
    """The fields saved since ``base`` was loaded whose saved value is not what ``mine`` holds."""
    out: list[FieldConflict] = []
    for f in fields:
        if f.key not in base or f.key not in theirs:
            continue
        b, t = comparable(f, base[f.key]), comparable(f, theirs[f.key])
        if b == t:
            continue
        raw = mine.get(f.key, base[f.key])
        m = comparable(f, raw)
        if m == t:
            continue
        out.append(FieldConflict(f.key, base[f.key], raw, theirs[f.key], mine_changed=m != b))
    return out


def check_unchanged(session: Session, service: ModuleType, record_id: str,
                    loaded: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """``check`` for a record kind of the edit form (a module with ``FIELDS``, ``get``, ``LABELS``)."""
    check(session, record_id, tuple(service.FIELDS), lambda: service.get(session, record_id),
          loaded, values, getattr(service, "LABELS", None))


def check(session: Session, record_id: str, fields: tuple[FormField, ...],
          read: Callable[[], Mapping[str, Any]], loaded: Mapping[str, Any], values: Mapping[str, Any],
          labels: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None) -> None:
    """Take the write lock, then raise ``EditConflict`` if the record (as ``read`` gives it now)
    moved on from ``loaded`` in a way that saving ``values`` would overwrite.

    Must run first in the saving transaction (see ``lock_for_edit``); the lock is held to its end.
    ``labels`` (field names for the message) may be a function, called only on a conflict. ``read`` raises ``NotFoundError`` for a record deleted meanwhile, which is said as such.
    """
    lock_for_edit(session)
    theirs = read()
    found = conflicts(fields, loaded, theirs, values)
    if found:
        raise EditConflict(record_id, found, theirs, _names(session, fields, found),
                           labels() if callable(labels) else labels)


def _names(session: Session, fields: tuple[FormField, ...], found: list[FieldConflict]) -> dict[str, str]:
    """Display names of the village and person ids the conflicting fields hold."""
    from vcadre.services import persons, regions

    kinds = {f.key: f.kind for f in fields}
    out: dict[str, str] = {}
    for c in found:
        for value in (c.base, c.mine, c.theirs):
            if not value or not isinstance(value, str) or value in out:
                continue
            if kinds.get(c.key) == "village":
                out[value] = regions.region_path(session, value).split(" / ", 1)[-1]
            elif kinds.get(c.key) == "person":
                hit = persons.describe(session, value)
                out[value] = hit.name if hit is not None else value
    return out


def save(session: Session, service: ModuleType, record_id: Optional[str], values: Mapping[str, Any],
         loaded: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> str:
    """``service.save(session, record_id, values)``, refused with ``EditConflict`` when the record
    was changed by someone else since the form loaded ``loaded`` (None: a new record, or no check).
    """
    if record_id is not None and loaded is not None:
        check_unchanged(session, service, record_id, loaded, values)
    return service.save(session, record_id, values, **kwargs)

"""The person search box in a file (SQLite): its first hits in name order without gathering every match.

``persons.search`` shows the first ``limit`` matches ordered by (name, id). The plain query
(``search_index.matching_person_ids``) gathers every match and sorts it: fine for a narrow search,
ruinous for a broad one at province scale (``张``: 29,000 persons, 100 ms; ``z``: 70,000, 2.5 s;
the digit ``1`` nearly everyone, 32 s). So a broad search walks the live persons in name order
(``ix_person_name_walk``, migration 0175: name, id and every column tested, so the walk reads
the index alone) and tests each row with the same rules as the keys (``row_condition``), until
it has ``limit`` hits. Digits and given-name characters are spread over the names: the first
hits come after ~``limit`` × persons ÷ matches rows (``1``: ~50 rows, 1 ms). A surname or its
pinyin initial clusters where that surname sorts (``z``: from 周 on): the walk reads the names
before it, ~1 µs each (``z`` 50 ms, ``黄`` near the end ~0.1–0.3 s; gathering ``z`` took 2.5 s).

Broad means: the search's keys (``person_search_key`` for names and digits, the pinyin and
initials indexes for letters), counted by index reads that stop at ``BROAD``, reach ``BROAD``
(2 % of a province); fewer are gathered (~3.5 µs a match).
A name of three characters or more is never walked: its key (the first two characters) can be
broad while the whole name matches few (``张龙敏``), so it gathers that key's persons (as before).

The hits are exactly those of the plain query, in the same order, whichever way
(``tests/unit/services/test_person_search_order.py``).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from vcadre.store import search_index
from vcadre.store.sqlfuncs import no_index

#: A search with at least this many keys walks the persons in name order (see the docstring).
BROAD = 10000


def _text(text: str) -> str:
    return "".join(text.split())


def row_condition(text: str):
    """The rules of ``matching_person_ids`` for ``text`` tested on a person row itself (a walk),
    or None for an empty text or a name of three characters or more (never walked). The pinyin
    columns are wrapped in ``no_index``: their indexes would gather every match."""
    from vcadre.store.models import Person

    text = _text(text)
    if not text:
        return None
    kind = search_index.query_kind(text)
    if kind == "digits":
        return search_index.digits_match_row(text.upper(), Person.id_number, Person.phone, "sqlite")
    if kind == "letters":
        key = text.lower()
        ini, py = no_index(Person.name_initials), no_index(Person.name_pinyin)
        return or_(search_index._prefix(ini, key), search_index._prefix(py, key),
                   *(and_(search_index._prefix(ini, initials), search_index._prefix(py, head))
                     for head, initials in search_index.mixed_readings(key)))
    if len(text) <= 2:  # the name keys: every character and pair of the name (``person_keys``)
        return func.instr(Person.name, text) > 0
    return None


def keys_at_most(text: str, cap: int):
    """A scalar SELECT: how many keys ``text`` reads (persons by initials plus by pinyin for
    letters), counted up to ``cap`` — index-only reads that stop at ``cap``."""
    from vcadre.store.models import Person, PersonSearchKey

    text = _text(text)
    kind = search_index.query_kind(text)
    if kind == "digits":
        from vcadre.store import pg_search

        return pg_search.keys_at_most(PersonSearchKey.__table__, text.upper(), cap)
    if kind == "letters":
        key = text.lower()
        cols = [(Person.name_initials, key), (Person.name_pinyin, key)] + [
            (Person.name_initials, initials) for _head, initials in search_index.mixed_readings(key)]
        found = union_all(*(select(literal(1).label("one")).select_from(Person.__table__)
                            .where(search_index._prefix(col, k)) for col, k in cols))
    else:
        k = PersonSearchKey
        found = select(literal(1).label("one")).select_from(k).where(k.key == "n" + text)
    return select(func.count()).select_from(found.limit(cap).subquery()).scalar_subquery()


def walk_condition(session: Session, text: str) -> Optional[object]:
    """The row test to walk the persons in name order with, when ``text`` is broad; else None
    (the plain query answers it)."""
    cond = row_condition(text)
    if cond is None:
        return None
    if session.scalar(select(keys_at_most(text, BROAD))) < BROAD:
        return None
    return cond

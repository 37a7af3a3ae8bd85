"""The person search box on PostgreSQL: its first hits in name order without sorting every match.

``persons.search`` shows the first ``limit`` matches ordered by (name, id). Gathering every match
and sorting it is fine for a narrow search and ruinous for a broad one at province scale
(``张``: 29,000 persons, ``z``: 70,000, the digit ``1`` nearly everyone — 1 to 3 s). So here:

- a name of one or two characters, or a name longer than that (its first two characters' key
  plus the whole name), and pinyin or initials of up to six letters read ``person_order_key``
  (``store.pg``), whose primary key is (key, name, person id): one index range in hit order that
  stops after ``limit`` rows;
- digits (ID and phone fragments): their keys are prefixes of the number, so no index is in name
  order. A narrow fragment (fewer than ``BROAD`` keys, counted with a stop) gathers its matches
  with their names from ``person_order_key``'s digit keys (index-only, no person row read) and
  takes the first; a broad one walks the live persons in name order (``ix_person_name_digits``,
  which carries the ID number and phone: index-only) and tests each row with the same rules as
  the keys — digits are not related to names, so matches are spread evenly and a page is found
  after ~``limit`` × (persons ÷ matches) rows.

Everything else (pinyin beyond six letters, or a surname in full with given-name initials)
returns None: the caller's ordinary query answers it (few matches).
The hits are exactly those of that query, in the same order ("C" collation: code points, as SQLite).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from vcadre.store import search_index

#: A digits search with at least this many keys walks the persons in name order instead (one
#: range of this many: the walk reads ≤ limit × 500,000 / BROAD rows; fewer: ≤ BROAD gathered).
BROAD = 3000


def _order_table():
    from sqlalchemy import column, table

    return table("person_order_key", column("key"), column("name"), column("person_id"))


def ordered(text: str, limit: int):
    """A SELECT of the ids of the first ``limit`` live persons matching ``text`` in (name, id)
    order — one statement, to be used as ``Person.id.in_(…)`` — or None when this module has
    no fast read for it (the caller's ordinary query answers it)."""
    text = "".join(text.split())
    if not text:
        return None
    kind = search_index.query_kind(text)
    if kind == "digits":
        return _digits(text.upper(), limit)
    k = _order_table()
    if kind == "letters":
        key = text.lower()
        if len(key) > search_index._PREFIX or search_index.mixed_readings(key):
            return None
        cond = k.c.key == "p" + key
    elif len(text) <= 2:
        cond = k.c.key == "n" + text
    else:
        cond = and_(k.c.key == "n" + text[:2], k.c.name.contains(text, autoescape=True))
    # The ids compared in the server's collation, as ``person.id`` is (else its index goes unused).
    return (select(k.c.person_id.collate("default")).where(cond)
            .order_by(k.c.name, k.c.person_id).limit(limit))


def digit_table():
    """``reserve_digit_key`` (``store.pg``: PostgreSQL only, not a model)."""
    from sqlalchemy import column, table

    return table("reserve_digit_key", column("key"), column("village_code"), column("name"), column("entry_id"))


def _digit_ranges(col, frag: str) -> list:
    """The five key ranges a digits fragment reads (``matching_person_ids``' rules)."""
    rev = frag[::-1]
    return [search_index._prefix(col, p + x) for p, x in
            (("d", frag), ("e", rev), ("b", frag), ("m", frag), ("f", rev))]


def keys_at_most(table, frag: str, cap: int):
    """A scalar SELECT: how many keys the five ranges of ``frag`` hold in ``table`` (each range
    holds a record at most once), counted up to ``cap`` — index-only reads that stop at ``cap``."""
    from sqlalchemy import union_all

    ranges = union_all(*(select(literal(1).label("one")).select_from(table).where(c)
                         for c in _digit_ranges(table.c.key, frag))).limit(cap).subquery()
    return select(func.count()).select_from(ranges).scalar_subquery()


def row_matches(frag: str, id_number, phone):
    """The key rules of ``vcadre_person_keys`` for ``frag`` on a person row itself (a walk)."""
    like, rev = frag + "%", frag[::-1] + "%"
    return or_(
        id_number.like(like), func.reverse(func.left(id_number, 20)).like(rev),
        and_(func.length(id_number) == 18, func.substr(id_number, 7, 8).like(like)),
        phone.like(like), func.reverse(func.left(phone, 20)).like(rev),
    )


def _digits(frag: str, limit: int):
    from sqlalchemy import union_all

    from vcadre.store.models import Person

    k = _order_table()
    # How many keys (the five ranges' rows, up to BROAD): computed once by the server (a CTE read
    # by both branches' one-time filters), and only the branch it selects runs.
    keys = select(keys_at_most(k, frag, BROAD).label("n")).cte("digit_keys")
    few = select(keys.c.n).scalar_subquery() < BROAD
    # Few: every match with its name from ``person_order_key`` (index-only), the first in order.
    found = union_all(*(select(k.c.name, k.c.person_id).where(c) for c in _digit_ranges(k.c.key, frag))).subquery()
    gather = (select(found.c.person_id.collate("default").label("id")).group_by(found.c.name, found.c.person_id)
              .order_by(found.c.name, found.c.person_id).limit(limit).subquery())
    # Many (at least BROAD / 5 persons): walk the live persons in name order off
    # ``ix_person_name_digits`` (index-only) and test each row; a page is found after ~limit ×
    # persons ÷ matches rows.
    walk = (select(Person.id).where(Person.deleted.is_(False), row_matches(frag, Person.id_number, Person.phone))
            .order_by(Person.name, Person.id).limit(limit).subquery())
    return union_all(select(gather.c.id).where(few), select(walk.c.id).where(~few))

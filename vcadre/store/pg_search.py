"""The person search box on PostgreSQL: its first hits in name order without sorting every match.

``persons.search`` shows the first ``limit`` matches ordered by (name, id). Gathering every match
and sorting it is fine for a narrow search and ruinous for a broad one at province scale
(``张``: 29,000 persons, ``z``: 70,000, the digit ``1`` nearly everyone — 1 to 3 s). So here:

- a name of one or two characters, or a name longer than that (its first two characters' key
  plus the whole name), and pinyin or initials of up to six letters read ``person_order_key``
  (``store.pg``), whose primary key is (key, name, person id): one index range in hit order that
  stops after ``limit`` rows;
- digits (ID and phone fragments): their keys are prefixes of the number, so no index is in name
  order. A narrow fragment (fewer than ``BROAD`` keys, counted with a stop) gathers and sorts as
  before; a broad one walks the persons in name order (``ix_person_name``) and tests each row
  with the same rules as the keys — digits are not related to names, so matches are spread
  evenly and a page is found after ~``limit`` × (persons ÷ matches) rows.

Everything else (pinyin beyond six letters, or a surname in full with given-name initials)
returns None: the caller's ordinary query answers it (few matches).
The hits are exactly those of that query, in the same order ("C" collation: code points, as SQLite).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from vcadre.store import search_index

#: A digits search with at least this many keys walks the persons in name order instead.
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


def _digit_keys(frag: str):
    from vcadre.store.models import PersonSearchKey as K

    rev = frag[::-1]
    return [search_index._prefix(K.key, p + x) for p, x in
            (("d", frag), ("e", rev), ("b", frag), ("m", frag), ("f", rev))]


def _digits(frag: str, limit: int):
    from sqlalchemy import union_all

    from vcadre.store.models import Person, PersonSearchKey as K

    # How many keys, each range counted only up to BROAD (index-only scans that stop): computed
    # once by the server (an InitPlan), and only the branch it selects runs (a one-time filter).
    parts = [select(literal(1)).select_from(K).where(c).limit(BROAD).subquery() for c in _digit_keys(frag)]
    counted = union_all(*(select(func.count().label("n")).select_from(p) for p in parts)).subquery()
    keys = select(func.sum(counted.c.n)).scalar_subquery()
    narrow = (select(Person.id).where(Person.deleted.is_(False),
                                      Person.id.in_(select(K.person_id).where(or_(*_digit_keys(frag)))))
              .order_by(Person.name, Person.id).limit(limit).subquery())
    # The key rules of ``vcadre_person_keys``, on the row itself.
    like, rev = frag + "%", frag[::-1] + "%"
    idn, ph = Person.id_number, Person.phone
    cond = or_(
        idn.like(like), func.reverse(func.left(idn, 20)).like(rev),
        and_(func.length(idn) == 18, func.substr(idn, 7, 8).like(like)),
        ph.like(like), func.reverse(func.left(ph, 20)).like(rev),
    )
    broad = (select(Person.id).where(Person.deleted.is_(False), cond)
             .order_by(Person.name, Person.id).limit(limit).subquery())
    return union_all(select(narrow.c.id).where(keys < BROAD), select(broad.c.id).where(keys >= BROAD))

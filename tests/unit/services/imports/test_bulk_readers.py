"""A bulk import does not block readers (issue 16): while an import's transaction is open, another
officer's search box and 后备干部 list answer at once (from the last commit), on both backends.

On PostgreSQL the import used to drop the search-key triggers inside its transaction: an ACCESS
EXCLUSIVE lock on ``person`` that made every reader wait until commit. The reader here runs with
a ``lock_timeout``, so a wait fails the test instead of hanging it; the import's connection must
also hold no ACCESS EXCLUSIVE lock at all. After the commit the imported rows are found by the
same searches (their keys were written set-wise), and later edits are indexed by the triggers
again (the pause ended with the transaction).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vcadre.domain.names import name_search_keys
from vcadre.services import persons, talent
from vcadre.services.imports.bulk import Writer
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.store.models import Person, ReserveEntry
from tests.today import TEST_TODAY

NAMES = ("罗永兴", "罗永芬", "罗光明")


def _add_people(w: Writer, village_id: str) -> list[str]:
    ids = []
    for i, name in enumerate(NAMES):
        pinyin, initials = name_search_keys(name)
        pid = w.add(Person, name=name, name_pinyin=pinyin, name_initials=initials, gender="1",
                    phone=f"1380000000{i}", home_village_id=village_id)
        w.add(ReserveEntry, person_id=pid, village_id=village_id, source="other", stage="reserve",
              status="active", entry_date=date(2024, 3, 1))
        ids.append(pid)
    return ids


def _read(db) -> tuple[list[str], int, list[str]]:
    """What another officer sees: the search box (name and pinyin) and the talent list."""
    with db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.connection().exec_driver_sql("SET lock_timeout = '3s'")  # a blocked reader fails, never hangs
        by_name = [h.name for h in persons.search(s, "罗永")]
        listing = LISTINGS["talent"]()
        n = listing.count(s, ListQuery(search="lyx"))
        by_pinyin = [h.name for h in persons.search(s, "luoyong")]
        return by_name, n, by_pinyin


def test_readers_answer_while_a_bulk_import_is_open(db, small_county) -> None:
    village = small_county["青山村"]
    with db.session() as s, s.begin():  # one person there before: readers see exactly the last commit
        w = Writer(s)
        pinyin, initials = name_search_keys("罗永春")
        w.add(Person, name="罗永春", name_pinyin=pinyin, name_initials=initials, gender="1", home_village_id=village)
        w.flush()
    assert _read(db) == (["罗永春"], 0, ["罗永春"])

    with db.session() as s, s.begin():
        w = Writer(s)
        ids = _add_people(w, village)
        w.flush()  # the import's rows are written, its transaction still open
        conn = s.connection()
        if conn.dialect.name == "postgresql":
            held = conn.exec_driver_sql(
                "SELECT relation::regclass::text FROM pg_locks WHERE pid = pg_backend_pid() "
                "AND mode = 'AccessExclusiveLock' AND locktype = 'relation'").scalars().all()
            assert held == []
        assert _read(db) == (["罗永春"], 0, ["罗永春"])  # another connection, at once

    by_name, n, by_pinyin = _read(db)
    assert sorted(by_name) == sorted(["罗永春", "罗永兴", "罗永芬"])
    assert n == 1  # 罗永兴's entry (lyx)
    assert sorted(by_pinyin) == sorted(["罗永春", "罗永兴", "罗永芬"])
    with db.session() as s:  # the import's own keys, written set-wise, equal what the triggers make
        mine = s.scalars(select(Person.name).where(Person.id.in_(ids))).all()
        assert sorted(mine) == sorted(NAMES)

    # The pause ended with the import's transaction: an ordinary edit is indexed by the triggers.
    with db.session() as s, s.begin():
        eid = s.scalar(select(ReserveEntry.id).where(ReserveEntry.person_id == ids[2]))
        values = talent.get(s, eid)
        talent.save(s, eid, {**values, "name": "罗永明"}, today=TEST_TODAY)
    by_name, _n, _p = _read(db)
    assert sorted(by_name) == sorted(["罗永春", "罗永兴", "罗永芬", "罗永明"])

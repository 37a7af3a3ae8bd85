"""``vcadre db copy`` checks a server target on several connections at once (issue 16): they share
one snapshot, so the hashes are those of one moment even while officers save, and they equal the
hashes of one connection."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from vcadre.store import copy as store_copy
from vcadre.store.models import Person, ReserveEntry

on_a_server = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def _people(db, *names: str) -> None:
    with db.session() as s, s.begin():
        s.add_all([Person(name=n, name_pinyin="x", name_initials="x", gender="1", phone="13800000000",
                          birth_date=date(1990, 1, 2)) for n in names])


@on_a_server
def test_several_connections_give_the_hashes_of_one(db, small_county) -> None:
    _people(db, "张三", "李四", "王五")
    with db.session() as s, s.begin():
        pid = s.scalars(select(Person.id)).first()
        s.add(ReserveEntry(person_id=pid, village_id=small_county["青山村"], source="veteran", stage="reserve",
                           entry_date=date(2024, 5, 1)))
    one = store_copy.digest(db)
    assert one[0]["person"] == 3 and one[0]["person_search_key"] > 0 and one[0]["reserve_entry"] == 1
    for n in (1, 2, 3):
        assert store_copy._digest_server(db, connections=n) == one, n


@on_a_server
def test_the_connections_read_one_snapshot_while_others_save(db, monkeypatch) -> None:
    """A save committed after the check began is seen by none of its connections."""
    _people(db, "张三")
    before = store_copy.digest(db)
    real, seen, lock = store_copy._digest_pg, [], threading.Lock()
    both = threading.Barrier(2, timeout=30)  # each connection hashes a table, after the save
    saved, first = threading.Event(), threading.local()

    def spy(cur, table):
        if not getattr(first, "done", False):
            first.done = True
            both.wait()
            with lock:
                if not saved.is_set():
                    _people(db, "李四")  # another officer saves meanwhile
                    saved.set()
        cur.execute("SELECT pg_current_snapshot()::text")
        seen.append(cur.fetchone()[0])
        return real(cur, table)

    monkeypatch.setattr(store_copy, "_digest_pg", spy)
    got = store_copy._digest_server(db, connections=2)
    assert len(seen) > 2 and len(set(seen)) == 1
    assert got == before
    monkeypatch.undo()
    assert store_copy.digest(db)[0]["person"] == 2


def test_a_copy_to_a_server_leaves_it_analyzed(pg_cluster, tmp_path) -> None:
    """The planner's statistics come with the copy (on a connection of their own while the target
    is checked), not when autovacuum gets round to it: the first searches are planned for the rows."""
    from vcadre.store.copy import copy_database
    from vcadre.store.db import open_database

    lite = open_database(tmp_path / "县.db", create=True, site_name="县")
    try:
        _people(lite, "张三", "李四")
        url = pg_cluster.create()
        try:
            copy_database(lite, url)
            there = open_database(url)
            try:
                with there.engine.connect() as conn:
                    got = dict(conn.exec_driver_sql(
                        "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                        "WHERE relname IN ('person', 'person_search_key', 'person_order_key', 'visit')").all())
            finally:
                there.close()
        finally:
            pg_cluster.drop(url.rsplit("/", 1)[1])
    finally:
        lite.close()
    assert got == {"person": True, "person_search_key": True, "person_order_key": True, "visit": True}

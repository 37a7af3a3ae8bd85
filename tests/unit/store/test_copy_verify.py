"""``vcadre db copy``'s check (issue 16): the content hash is the same for the same rows on either
backend, and changes when any one value of any column type differs — so a copy that lost or bent
a value is refused, whichever way it goes (file → server, server → file).

The hash is computed by each database's own SQL (PostgreSQL entirely on the server; SQLite hands
Python a line per row, hashed while copying when the file is the source): these tests hold the
two renderings to one canonical form, value by value.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from vcadre.store import copy as store_copy
from vcadre.store.copy import CopyError, copy_database, digest
from vcadre.store.db import open_database
from vcadre.store.models import Person, Site, TrainingSession

pytestmark = pytest.mark.both_backends

#: Values a naive rendering would confuse: separators and quotes inside text, '' against NULL, 3.0 against 3,
#: 0.1 (no short decimal), a time on the second, binary with a zero byte.
TRICKY = dict(name="罗|'~3:王", phone="", notes=None, id_number=None)


def _fill(db) -> dict[str, str]:
    with db.session() as s, s.begin():
        p1 = Person(name=TRICKY["name"], name_pinyin="luo", name_initials="l", gender="1", phone="",
                    notes="第一行\n第二行\t|", birth_date=date(1990, 1, 2))
        p2 = Person(name="罗", name_pinyin="", name_initials="", gender="2", phone=None, notes=None)
        s.add_all([p1, p2])
        t1 = TrainingSession(title="班", kind="village_cadre", start_date=date(2024, 5, 1),
                             end_date=date(2024, 5, 3), planned_hours=0.1, year=2024)
        t2 = TrainingSession(title="班2", kind="village_cadre", start_date=date(2024, 5, 1),
                             end_date=date(2024, 5, 3), planned_hours=3.0, year=2024, capacity=None)
        s.add_all([t1, t2])
        s.flush()
        s.execute(update(Person).where(Person.id == p2.id).values(updated_at=datetime(2024, 5, 1, 8, 0, 0)))
        site = s.scalars(select(Site)).one()
        site.public_key = b"\x00\x01\xff"
        return {"p1": p1.id, "p2": p2.id, "t1": t1.id, "t2": t2.id}


def _other_target(backend: str, request, tmp_path: Path) -> str:
    if backend == "sqlite":  # the file goes to the server …
        url = request.getfixturevalue("pg_cluster").create()
        request.addfinalizer(lambda: request.getfixturevalue("pg_cluster").drop(url.rsplit("/", 1)[1]))
        return url
    return str(tmp_path / "笔记本.db")  # … the server into a file


def test_the_same_rows_hash_the_same_on_both_backends(db, backend, request, tmp_path: Path) -> None:
    _fill(db)
    target = _other_target(backend, request, tmp_path)
    report = copy_database(db, target)
    there = open_database(target)
    try:
        assert digest(db) == digest(there)
        assert report.counts["person"] == 2 and report.counts["training_session"] == 2
        with there.session() as s:
            assert s.scalar(select(Person.name).where(Person.phone == "")) == TRICKY["name"]
            assert sorted(s.scalars(select(TrainingSession.planned_hours))) == [0.1, 3.0]
            assert s.scalars(select(Site.public_key)).one() == b"\x00\x01\xff"
        # Back again to the first kind: a third copy, the same hash.
        back = tmp_path / "again.db" if backend == "postgresql" else None
        if back is not None:
            again = copy_database(there, back)
            assert again.digest == report.digest
    finally:
        there.close()


#: One change per column type: (model, key in _fill, column, new value).
CHANGES = [
    (Person, "p1", "name", "罗|'~3:玉"),  # text
    (Person, "p2", "notes", "NULL"),  # NULL → the word NULL
    (Person, "p1", "phone", None),  # '' → NULL
    (Person, "p2", "phone", ""),  # NULL → ''
    (Person, "p1", "birth_date", date(1990, 1, 3)),  # date
    (Person, "p2", "updated_at", datetime(2024, 5, 1, 8, 0, 0, 1)),  # one microsecond
    (Person, "p1", "deleted", True),  # boolean
    (TrainingSession, "t1", "planned_hours", 0.1 + 2 ** -56),  # the next double after 0.1
    (TrainingSession, "t2", "capacity", 0),  # integer NULL → 0
]


@pytest.mark.parametrize("change", CHANGES, ids=[f"{c[0].__tablename__}.{c[2]}" for c in CHANGES])
def test_any_one_value_changes_the_hash(db, change) -> None:
    model, key, column, value = change
    ids = _fill(db)
    table = model.__table__
    before = store_copy.table_digest(db, table)
    with db.session() as s, s.begin():
        s.execute(update(model).where(model.id == ids[key]).values({column: value}))
    after = store_copy.table_digest(db, table)
    assert after[0] == before[0] and after[1] != before[1]


def test_site_key_bytes_change_the_hash(db) -> None:
    _fill(db)
    table = Site.__table__
    before = store_copy.table_digest(db, table)
    with db.session() as s, s.begin():
        s.execute(update(Site).values(public_key=b"\x00\x01\xfe"))
    assert store_copy.table_digest(db, table)[1] != before[1]


def test_a_copy_that_bent_a_value_is_refused(db, backend, request, tmp_path: Path, monkeypatch) -> None:
    """A target whose rows differ after the copy (here one note changed between writing and
    checking, as a faulty conversion would) is refused, naming the table."""
    ids = _fill(db)
    target = _other_target(backend, request, tmp_path)
    from vcadre.store import search_index

    resume = search_index.resume

    def bend(conn):
        conn.exec_driver_sql(f"UPDATE person SET notes = '第一行' WHERE id = '{ids['p1']}'")
        return resume(conn)

    monkeypatch.setattr(search_index, "resume", bend)
    with pytest.raises(CopyError, match="核对不一致（表：person）"):
        copy_database(db, target)


def test_a_copy_that_fails_after_the_rows_stops_hashing_and_leaves_the_target_empty(db, backend, request,
                                                                                    tmp_path: Path, monkeypatch) -> None:
    """The source is hashed in a thread while the target builds its keys: a failure there stops
    that thread (it stops reading the source before the copy returns) and the target keeps none of the rows."""
    import threading

    from vcadre.store import search_index

    _fill(db)
    target = _other_target(backend, request, tmp_path)
    real, outcome = store_copy._digest_with, []

    def held(*args, stop, **kwargs):  # the hash is still being made when the target fails
        stop.wait(60)
        try:
            return real(*args, stop=stop, **kwargs)
        except BaseException as e:
            outcome.append(type(e).__name__)
            raise

    def fail(conn):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(store_copy, "_digest_with", held)
    monkeypatch.setattr(search_index, "resume", fail)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        copy_database(db, target)
    assert outcome == ["_Stopped"]
    assert not [t for t in threading.enumerate() if t.name == "vcadre-copy-hash"]
    there = open_database(target)
    try:
        with there.session() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 0
    finally:
        there.close()
    monkeypatch.undo()  # and the source is whole: the next copy goes through
    again = _other_target(backend, request, tmp_path) if backend == "sqlite" else tmp_path / "再试.db"
    assert copy_database(db, again).counts["person"] == 2

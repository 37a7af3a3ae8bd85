"""The search keys are the same whoever makes them (issue 16): the per-row triggers, the bulk
rebuild (on PostgreSQL a set-based spelling of the same rules, ``store.pg._set_keys_sql``, which
``vcadre db copy`` runs after the rows) and the other backend after a copy. Names here are the
cases those spellings could tell apart: a character or a pair twice, spaces, one character,
pinyin prefixes the initials share or not, no pinyin, 40 characters with repeats, ID numbers of 15 and 18 characters,
empty and missing phones, a deleted person with a live reserve entry, a deleted entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from vcadre.store import search_index
from vcadre.store.copy import copy_database
from vcadre.store.db import open_database
from vcadre.store.models import Person, ReserveEntry

pytestmark = pytest.mark.both_backends

PERSONS = [
    # name, pinyin, initials, ID number, phone, deleted
    ("张张三", "zhangzhangsan", "zzs", "520524199001011234", "13800000001", False),
    ("欧阳娜娜", "ouyangnana", "oynn", "52052419850312002X", "", False),
    ("阿 依", "a yi", "ay", "520524850312001", None, False),
    ("ABAB", "abab", "abab", "", "0857-1234567", False),
    ("李", "li", "l", None, "12345678901234567890", False),
    ("王王王王", "", "wwww", "520524199001011234", "13800000001", False),
    ("a", "a", "a", "1", "2", False),
    ("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻赵钱孙终", "zhao", "zqsl", None, None, False),
    ("删除者", "shanchuzhe", "scz", "520524199001019999", "13900000000", True),
]


def _fill(db, villages: list[str]) -> None:
    with db.session() as s, s.begin():
        people = [Person(name=n, name_pinyin=py, name_initials=ini, gender="1", id_number=idn, phone=ph)
                  for n, py, ini, idn, ph, _d in PERSONS]
        s.add_all(people)
        s.flush()
        for i, p in enumerate(people):
            s.add(ReserveEntry(person_id=p.id, village_id=villages[i % len(villages)], source="veteran",
                               stage="reserve", entry_date=date(2024, 5, 1), deleted=(i == 2)))
        s.flush()
        for p, row in zip(people, PERSONS):
            if row[5]:
                s.execute(update(Person).where(Person.id == p.id).values(deleted=True))


def _keys(db) -> dict[str, list[tuple]]:
    out = {}
    with db.engine.connect() as conn:
        names = ["person_search_key", "reserve_search_key"]
        if db.engine.dialect.name == "postgresql":
            names.append("person_order_key")
        for name in names:
            out[name] = sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {name}"))
        conn.rollback()
    return out


def test_rebuilt_keys_equal_the_triggers_keys_and_a_copy_has_the_same(db, backend, small_county, request,
                                                                        tmp_path: Path) -> None:
    _fill(db, [small_county["青山村"], small_county["化垮社区"]])
    by_triggers = _keys(db)
    assert len(by_triggers["person_search_key"]) > 100 and by_triggers["reserve_search_key"]
    person = {k for k, _pid in by_triggers["person_search_key"]}
    assert {"n张", "n张张", "n娜娜", "nAB", "nBA", "b19850312", "eX20021305891425025", "d520524850312001",
            "f09876543210987654321", "n终", "n孙终"} <= person
    assert not {"n ", "n阿 ", "m", "d", "b850312001"} & person
    with db.engine.begin() as conn:
        search_index.rebuild_entries(conn)
        search_index.rebuild(conn)
    assert _keys(db) == by_triggers
    # The other backend, after a copy, holds exactly these keys (it rebuilt them by its own rules).
    if backend == "sqlite":
        cluster = request.getfixturevalue("pg_cluster")
        target = cluster.create(template=request.getfixturevalue("pg_template"))
        request.addfinalizer(lambda: cluster.drop(target.rsplit("/", 1)[1]))
    else:
        target = str(tmp_path / "笔记本.db")
    copy_database(db, target)
    there = open_database(target)
    try:
        copied = _keys(there)
        for name in ("person_search_key", "reserve_search_key"):
            assert copied[name] == by_triggers[name], name
        if "person_order_key" in copied:  # made on the server from the copied persons
            with there.engine.begin() as conn:
                search_index.rebuild(conn)
            assert _keys(there)["person_order_key"] == copied["person_order_key"]
            assert ("pzh", "张张三") in {(k, n) for k, n, _pid in copied["person_order_key"]}
    finally:
        there.close()

"""The person search box (``persons.search``) and the 村级职务 list on both backends (issue 16).

On PostgreSQL a broad search reads its first hits in order off ``person_order_key`` or walks the
persons in name order (``store.pg_search``), in a file it walks the persons in name order
(``store.lite_search``); the hits must be exactly what the plain query gives: every live person
matching, in (name, id) code-point order — the order SQLite gives.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from tests.today import TEST_TODAY
from tests.unit.services.test_talent_search import PEOPLE, pool, queries  # noqa: F401 - the fixture
from vcadre.domain.idnumber import make_id_number
from vcadre.services import persons, posts, talent  # noqa: F401 - posts registers its list
from vcadre.services.listing import ExprListing, LISTINGS, ListQuery
from vcadre.store import search_index
from vcadre.store.backend import run
from vcadre.store.models import Person


def reference(s, text: str, limit: int) -> list[str]:
    """The plain query's matches (``search_condition``), live ones, sorted in Python (code points)."""
    cond = persons.search_condition(text)
    if cond is None:
        return []
    rows = s.execute(select(Person.name, Person.id).where(Person.deleted.is_(False), cond)).all()
    return [pid for _name, pid in sorted(rows)][:limit]


def digit_queries(s) -> list[str]:
    out = {"5", "52", "5205", "520524", "1990", "19900304", "138", "1381234", "0003", "0011", "3X", "x"}
    for number, phone in s.execute(select(Person.id_number, Person.phone)):
        if number:
            out.update({number[:10], number[-4:], number[6:12]})
        if phone:
            out.update({phone[:5], phone[-3:]})
    return sorted(out)


@pytest.mark.parametrize("broad", [1, 10 ** 9], ids=["walk", "gather"])
def test_search_box_hits_are_every_match_in_name_order(db, pool, broad, monkeypatch) -> None:  # noqa: F811
    from vcadre.store import lite_search, pg_search

    monkeypatch.setattr(pg_search, "BROAD", broad)  # both ways of answering digits on a server
    monkeypatch.setattr(lite_search, "BROAD", broad)  # and any search in a file
    with db.session() as s:
        # Two more 张伟 (ties in name are ordered by id) and one whose name changed since.
        for i in range(3):
            talent.save(s, None, dict(
                name="张伟", gender="1", id_number=make_id_number("520525", date(1980 + i, 5, 6), 7 + 2 * i),
                village_id=s.scalar(select(Person.home_village_id).where(Person.home_village_id.isnot(None))),
                source="veteran", stage="reserve", status="active", entry_date="2024-01-02",
                phone=f"1390000{i:04d}"), today=TEST_TODAY)
        s.execute(update(Person).where(Person.name == "张伟", Person.birth_date == date(1982, 5, 6))
                  .values(name="张炜", name_pinyin="zhangwei", name_initials="zw"))
        s.commit()
        checked = capped = 0
        for text in queries() + digit_queries(s):
            for limit in (2, 50):
                want = reference(s, text, limit + 1)
                assert [h.id for h in persons.search(s, text, limit)] == want[:limit], (text, limit)
                found = persons.search_hits(s, text, limit)  # what a search box shows: “更多…” when more match
                assert ([h.id for h in found.hits], found.more) == (want[:limit], len(want) > limit), (text, limit)
                checked += bool(want)
                capped += len(want) > limit
        assert checked > 150 and capped > 15
        assert [h.name for h in persons.search(s, "伟", 50)].count("张伟") == 4
        assert "张炜" in [h.name for h in persons.search(s, "zhangw", 50)]
        assert persons.search(s, "张炜", 50)[0].name == "张炜"


@pytest.mark.postgresql_only
def test_order_keys_follow_inserts_renames_tombstones_and_bulk_imports(db, pool) -> None:  # noqa: F811
    """``person_order_key`` holds exactly the name, pinyin and digit keys of every live person, whoever
    wrote the person: the ORM, plain SQL (a sync merge), or a bulk import with the triggers paused."""
    with db.engine.begin() as conn:
        run(conn, "UPDATE person SET name = '张龙', name_pinyin = 'zhanglong', name_initials = 'zl' "
                  "WHERE name = '张龙敏'")
        run(conn, "UPDATE person SET deleted = true WHERE name = '李伟强'")
        run(conn, "UPDATE person SET phone = '15500001111', id_number = NULL WHERE name = '张伟'")
        search_index.suspend(conn)  # as an Excel import does
        run(conn, "INSERT INTO person (id, name, name_pinyin, name_initials, gender, phone, hlc, site_id, deleted) "
                  "VALUES ('bulk-p', '钱多多', 'qianduoduo', 'qdd', '1', '18800002222', '', '', false)")
        search_index.index_persons(conn, [("bulk-p", "钱多多", None, "18800002222")])
        search_index.install(conn)
        run(conn, "DELETE FROM reserve_entry WHERE person_id = 'raw-p'")
        run(conn, "DELETE FROM person WHERE id = 'raw-p'")
    with db.engine.connect() as conn:
        got = set(conn.exec_driver_sql("SELECT key, name, person_id FROM person_order_key").fetchall())
        want = {(k, name, pid) for pid, name, py, ini, number, phone in conn.exec_driver_sql(
            "SELECT id, name, name_pinyin, name_initials, id_number, phone FROM person WHERE NOT deleted")
            for k in search_index.entry_keys(name, py, ini)
            | {k for k in search_index.person_keys(name, number, phone) if k[0] in "debmf"}}
    assert got == want
    assert ("m18800002222", "钱多多", "bulk-p") in got and ("m15500001111", "张伟") in {k[:2] for k in got}
    assert not any(name in ("李伟强", "张龙敏", "张敏") for _k, name, _p in got)
    with db.session() as s:
        assert [h.name for h in persons.search(s, "qdd")] == ["钱多多"]
        assert [h.name for h in persons.search(s, "张龙")] == ["张龙"]
        assert [h.name for h in persons.search(s, "188000")] == ["钱多多"]


@pytest.mark.postgresql_only
def test_a_server_with_a_chinese_collation_orders_and_matches_as_sqlite(pg_cluster, tmp_path) -> None:
    """An office server created with its language's collation (here ICU zh-Hans-CN, which sorts
    阿 before 张 by pinyin) gives the same hits in the same order as a laptop's SQLite file (code
    points: 张 U+5F20 before 阿 U+963F), because the migration puts the compared columns in "C"."""
    from vcadre.services import regions
    from vcadre.store.db import open_database

    pg_cluster.admin("CREATE DATABASE zh_office TEMPLATE template0 ENCODING 'UTF8' "
                     "LOCALE_PROVIDER icu ICU_LOCALE 'zh-Hans-CN' LOCALE 'C.utf8'")
    dbs = [open_database(pg_cluster.url("zh_office")), open_database(tmp_path / "laptop.db", create=True)]
    try:
        with dbs[0].engine.connect() as conn:  # the server really sorts by pinyin
            assert conn.exec_driver_sql("SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY['张', '阿']) AS x"
                                        ).scalar() == ["阿", "张"]
        found = []
        for db in dbs:
            with db.session() as s, s.begin():
                regions.import_regions(s, [(2, "520524", "织金县", ""), (3, "520524001", "龙场镇", "520524"),
                                           (4, "520524001001", "青山村", "520524001")])
                village = s.scalar(select(regions.Region.id).where(regions.Region.code == "520524001001"))
                for i, name in enumerate(["阿伟", "张伟", "张阿伟", "Zhang 伟"]):
                    talent.save(s, None, dict(
                        name=name, gender="1", id_number=make_id_number("520524", date(1990, 1, 2), 2 * i + 1),
                        village_id=village, source="veteran", stage="reserve", status="active",
                        entry_date="2024-01-02", phone=f"1380000{i:04d}"), today=TEST_TODAY)
            with db.session() as s:
                found.append([[h.name for h in persons.search(s, text)]
                              for text in ("伟", "阿", "zw", "z", "a", "1380000", "0000", "19900102")])
                found.append([r.values[0] for r in LISTINGS["talent"]().page(s, ListQuery(search="伟"), 0, 10)])
                found.append([r.values[0] for r in LISTINGS["talent"]().page(s, ListQuery(), 0, 10)])
        assert found[0][0] == ["Zhang 伟", "张伟", "张阿伟", "阿伟"]
        assert found[:3] == found[3:]
    finally:
        for db in dbs:
            db.close()


def test_village_posts_list_pages_are_the_plain_querys(db, small_county) -> None:
    """The 村级职务 list counts and pages its villages first (default order): the same rows as the
    full query, whatever the offset, region or search."""
    listing = LISTINGS["posts"]()
    with db.session() as s:
        for q in (ListQuery(), ListQuery(region_id=small_county["龙场镇"]), ListQuery(search="青山"),
                  ListQuery(search="金凤")):
            want = [(r.id, r.values) for r in ExprListing.page(listing, s, q, 0, 100)]
            assert len(want) == listing.count(s, q) == s.scalar(ExprListing.count_statement(listing, q))
            for offset, limit in ((0, 100), (0, 1), (1, 2), (3, 5)):
                assert [(r.id, r.values) for r in listing.page(s, q, offset, limit)] == want[offset:offset + limit]
        assert len(ExprListing.page(listing, s, ListQuery(), 0, 100)) == 4


@pytest.mark.sqlite_only
@pytest.mark.parametrize("text", ["1", "z", "伟", "zhanglm"])
def test_a_broad_search_in_a_file_walks_the_names_in_order(db, pool, text, monkeypatch) -> None:  # noqa: F811
    """A broad search box query in a file reads persons in name order and stops after the page
    (no sort of every match); a narrow one gathers its few matches through the keys."""
    from sqlalchemy import event

    from vcadre.store import lite_search

    def plan_of_search(broad: int) -> str:
        monkeypatch.setattr(lite_search, "BROAD", broad)
        seen = []

        def catch(conn, cursor, statement, parameters, context, executemany):
            if "ORDER BY person.name" in statement:
                seen.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", catch)
        try:
            with db.session() as s:
                persons.search(s, text, 5)
        finally:
            event.remove(db.engine, "before_cursor_execute", catch)
        (statement, parameters), = seen
        with db.engine.connect() as conn:
            return " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))

    walk = plan_of_search(1)
    assert walk.startswith("SCAN person USING INDEX ix_person_name") and "FOR ORDER BY" not in walk.replace(
        "FOR RIGHT PART OF ORDER BY", ""), walk
    gather = plan_of_search(10 ** 9)
    assert "person_search_key" in gather or "ix_person_initials" in gather, gather


@pytest.mark.postgresql_only
def test_server_connections_read_without_jit_or_parallel_workers(db) -> None:
    """A search's never-run branch is estimated at hundreds of thousands of rows: with JIT on the
    server compiled the query (50 ms for a 5 ms read), and parallel workers cost more to start
    than the read (``store.backend.make_server_engine``)."""
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
        assert conn.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() == "0"

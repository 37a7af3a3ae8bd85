"""Search in the 后备干部 list through ``reserve_search_key``: the same rows, count and order as the
plain reference search (name contains / pinyin or initials start with), with filters, sorts and
pages, and a first page that is an index read without a sort."""

from __future__ import annotations

from tests.today import TEST_TODAY
import sqlite3
from datetime import date

import pytest
from sqlalchemy import select, update

from vcadre.domain.idnumber import make_id_number
from vcadre.services import talent
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.store import search_index
from vcadre.store.models import Person, Region, ReserveEntry, ReserveSearchKey
from vcadre.store.backend import run

TODAY = TEST_TODAY
LONG = "阿卜杜热合曼·买买提艾力江·阿不都克里木"  # pinyin and initials longer than the prefix keys

PEOPLE = [  # name, village, birth year, gender, stage
    ("张龙敏", "青山村", 1990, "1", "reserve"), ("张伟", "青山村", 1985, "1", "talent"),
    ("张伟", "青山村", 1991, "2", "reserve"), ("章伟", "石桥村", 1980, "1", "reserve"),
    ("张三", "化垮社区", 2000, "1", "talent"), ("李伟强", "石桥村", 1975, "1", "reserve"),
    ("单雄信", "青山社区", 1970, "1", "secretary"), ("欧阳娜娜", "化垮社区", 1999, "2", "talent"),
    ("王小二", "青山村", 1983, "1", "reserve"), ("张小龙", "青山社区", 1995, "1", "reserve"),
    ("赵敏", "石桥村", 1988, "2", "talent"), ("周伟", "化垮社区", 1979, "1", "reserve"),
    (LONG, "青山社区", 1992, "1", "reserve"), ("朱张", "石桥村", 1993, "2", "talent"),
]


@pytest.fixture
def pool(db, small_county):
    """Fourteen entries; then a tombstoned person whose entry stays live, a tombstoned entry and an
    entry of a person added by a raw sqlite3 write (as a sync merge does)."""
    ids = []
    with db.session() as s, s.begin():
        for i, (name, village, year, gender, stage) in enumerate(PEOPLE):
            seq = 2 * i + (1 if gender == "1" else 2)
            ids.append(talent.save(s, None, dict(
                name=name, gender=gender, id_number=make_id_number("520524", date(year, 3, 4), seq),
                village_id=small_county[village], source="veteran", stage=stage, status="active",
                entry_date="2024-01-02", political_status="01" if i % 3 else "13",
                phone=f"1381234{i:04d}"), today=TODAY))
    with db.session() as s, s.begin():
        ghost = s.get(ReserveEntry, ids[11]).person_id  # 周伟: tombstoned, entry live
        s.execute(update(Person).where(Person.id == ghost).values(deleted=True))
        s.get(ReserveEntry, ids[10]).deleted = True  # 赵敏's entry tombstoned
    with db.engine.begin() as con:  # plain SQL, around the ORM (sqlite3 or psycopg underneath)
        run(con, "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
                 "VALUES ('raw-p', '张敏', 'zhangmin', 'zm', '2', '', '', false)")
        run(con, "INSERT INTO reserve_entry (id, person_id, village_id, source, stage, status, entry_date, hlc, "
                 "site_id, deleted) VALUES ('raw-e', 'raw-p', ?, 'veteran', 'reserve', 'active', '2024-01-02', "
                 "'', '', false)", (small_county["石桥村"],))
    return ids


def reference(s, q: ListQuery) -> list[str]:
    """The entries the list must show for ``q.search`` (name contains it while the person is live;
    pinyin or initials start with it), with the other conditions applied by the listing without
    search, in the default order — computed plainly in Python."""
    listing = LISTINGS["talent"]()
    allowed = set(listing.ids(s, ListQuery(region_id=q.region_id, filters=q.filters, as_of=q.as_of)))
    text = "".join(q.search.split())
    village = Region
    rows = s.execute(select(ReserveEntry.id, Person.name, Person.name_pinyin, Person.name_initials,
                            Person.deleted, village.code)
                     .join(Person, Person.id == ReserveEntry.person_id)
                     .join(village, village.id == ReserveEntry.village_id)
                     .where(ReserveEntry.deleted.is_(False))).all()
    out = []
    for eid, name, pinyin, initials, person_deleted, code in rows:
        if search_index.query_kind(text) == "letters":
            hit = pinyin.startswith(text.lower()) or initials.startswith(text.lower())
        else:
            hit = not person_deleted and text in name
        if hit and eid in allowed:
            out.append((code, name, eid))
    return [eid for _c, _n, eid in sorted(out)]


def queries() -> list[str]:
    names = [p[0] for p in PEOPLE] + ["张敏"]
    out = set()
    for name in names:
        for n in (1, 2, 3):
            out.update(name[i:i + n] for i in range(len(name) - n + 1))
    from vcadre.domain.names import name_search_keys

    for name in names:
        for key in name_search_keys(name):
            out.update(key[:i] for i in range(1, len(key) + 1))
    out.update(["ZLM", "Zhang", "张 龙", "伟强x", "%伟", "张%", "x", "qq", "张龙伟"])
    return sorted(out)


def test_every_name_and_pinyin_query_lists_what_the_reference_search_lists(db, pool) -> None:
    listing = LISTINGS["talent"]()
    checked = 0
    with db.session() as s:
        for text in queries():
            q = ListQuery(search=text)
            assert search_index.entry_match(text) is not None, text
            want = reference(s, q)
            assert listing.ids(s, q) == want, text
            assert listing.count(s, q) == len(want), text
            assert [r.id for r in listing.page(s, q, 0, 2)] == want[:2], text
            assert [r.id for r in listing.page(s, q, 2, 3)] == want[2:5], text
            checked += bool(want)
    assert checked > 100


def test_known_answers(db, pool) -> None:
    listing = LISTINGS["talent"]()
    names = lambda q: [r.values[0] for r in listing.page(s, q, 0, 50)]  # noqa: E731
    with db.session() as s:
        # 青山村 (…001001) first; two 张伟 there in entry-id order; 周伟 is tombstoned, 赵敏's entry too.
        assert names(ListQuery(search="伟")) == ["张伟", "张伟", "李伟强", "章伟"]
        assert names(ListQuery(search="zw")) == ["张伟", "张伟", "章伟", "周伟"]  # pinyin reads the person row
        # By village code, then name in code-point order (伟 U+4F1F before 龙 U+9F99).
        assert names(ListQuery(search="zhang")) == ["张伟", "张伟", "张龙敏", "张敏", "章伟", "张三", "张小龙"]
        assert names(ListQuery(search="sxx")) == names(ListQuery(search="shanx")) == ["单雄信"]
        assert names(ListQuery(search="敏")) == ["张龙敏", "张敏"]
        assert names(ListQuery(search="abodurehemanmaimaitiailijiangabudou")) == [LONG]
        assert names(ListQuery(search="abodurehemanmaimaitiailijiangabudoukelimu")) == [LONG]
        assert names(ListQuery(search="abodurehemanmaimaitiailijiangabudoukelimux")) == []


@pytest.mark.parametrize("search", ["张", "伟", "zw", "z", "zhang", "张伟", "张小龙", "abodurehemanmaimaitiailijiangabudoukelimu"])
def test_search_with_filters_region_and_sorts(db, pool, small_county, search) -> None:
    listing = LISTINGS["talent"]()
    combos = [
        ListQuery(region_id=small_county["龙场镇"]), ListQuery(region_id=small_county["化垮社区"]),
        ListQuery(filters={"stage": "reserve"}), ListQuery(filters={"gender": "2"}),
        ListQuery(filters={"age_min": 30, "age_max": 45}, as_of=TODAY),
        ListQuery(filters={"party_member": True, "status": "active"}),
        ListQuery(region_id=small_county["金凤街道"], filters={"stage": "talent", "party_member": False}),
    ]
    with db.session() as s:
        for base in combos:
            q = ListQuery(search=search, region_id=base.region_id, filters=base.filters, as_of=base.as_of)
            want = reference(s, q)
            assert listing.ids(s, q) == want and listing.count(s, q) == len(want), (search, base)
        # Any header sort: the same rows, in that column's order (ties in the default order).
        want = set(reference(s, ListQuery(search=search)))
        for key in ("name", "age", "village", "stage", "entry_date"):
            for desc in (False, True):
                q = ListQuery(search=search, order_by=key, descending=desc, as_of=TODAY)
                ids = listing.ids(s, q)
                assert set(ids) == want and len(ids) == len(want) == listing.count(s, q)
                plain = ListQuery(order_by=key, descending=desc, as_of=TODAY)
                assert ids == [i for i in listing.ids(s, plain) if i in want], (search, key, desc)


def _plan(db, stmt) -> str:
    compiled = stmt.compile(db.engine)
    with db.engine.connect() as conn:
        if db.is_server:
            # A few rows: PostgreSQL would rightly scan them. Forbid scans and sorts to see whether
            # the index can give the page in order (a Sort node then still shows if it cannot).
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
            compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
            return " | ".join(r[0].strip() for r in conn.exec_driver_sql("EXPLAIN " + str(compiled)))
        return " | ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), tuple(compiled.params.values())))


@pytest.mark.parametrize("search", ["张", "zlm", "张龙敏"])
def test_first_page_of_a_search_is_an_index_read_without_sort(db, pool, search) -> None:
    listing = LISTINGS["talent"]()
    q = ListQuery(search=search)
    page = _plan(db, listing.ordered(q).limit(200))
    if db.is_server:
        assert "using pk_reserve_search_key" in page and "Sort" not in page, page
        count = _plan(db, listing.count_statement(q))
        assert "reserve_search_key" in count and "reserve_entry" not in count, count
        return
    assert page.startswith("SEARCH reserve_search_key USING PRIMARY KEY (key=?)"), page
    assert "TEMP B-TREE" not in page, page
    count = _plan(db, listing.count_statement(q))
    assert "reserve_search_key" in count and "reserve_entry" not in count and "person" not in count, count
    # With filters the first page is still read in order; the count joins the entry and person only.
    q = ListQuery(search=search, filters={"stage": "reserve", "gender": "1"})
    page = _plan(db, listing.ordered(q).limit(200))
    assert page.startswith("SEARCH reserve_search_key USING PRIMARY KEY (key=?)") and "TEMP B-TREE" not in page
    count = _plan(db, listing.count_statement(q))
    assert count.startswith("SEARCH reserve_search_key") and "region" not in count, count


@pytest.mark.sqlite_only
def test_long_pinyin_reads_its_six_letter_key_in_order(db, pool) -> None:
    listing = LISTINGS["talent"]()
    q = ListQuery(search="zhanglongmin")
    page = _plan(db, listing.ordered(q).limit(200))
    assert page.startswith("SEARCH reserve_search_key USING PRIMARY KEY (key=?)") and "TEMP B-TREE" not in page
    assert "region" not in _plan(db, listing.count_statement(q))
    with db.session() as s:
        assert listing.count(s, q) == 1 and [r.values[0] for r in listing.page(s, q, 0, 9)] == ["张龙敏"]


def test_keys_follow_renames_moves_tombstones_and_code_changes(db, pool, small_county) -> None:
    def keys():
        with db.session() as s:
            return sorted(s.execute(select(ReserveSearchKey.key, ReserveSearchKey.village_code,
                                           ReserveSearchKey.name, ReserveSearchKey.entry_id)).all())

    def rebuilt():
        with db.engine.begin() as conn:
            search_index.rebuild_entries(conn)
        return keys()

    listing = LISTINGS["talent"]()
    assert keys() == rebuilt() != []
    eid = pool[0]
    with db.session() as s, s.begin():
        pid = s.get(ReserveEntry, eid).person_id
        from vcadre.services import persons

        persons.save_person(s, pid, {**persons.person_values(s.get(Person, pid)), "name": "黄龙敏"})
    snapshot = keys()
    assert snapshot == rebuilt()
    with db.session() as s:
        assert eid not in listing.ids(s, ListQuery(search="zlm"))
        assert eid in listing.ids(s, ListQuery(search="hlm")) and eid in listing.ids(s, ListQuery(search="黄"))
    with db.session() as s, s.begin():
        s.get(ReserveEntry, eid).village_id = small_county["化垮社区"]
        s.execute(update(Region).where(Region.id == small_county["青山社区"]).values(code="520524002009"))
    assert keys() == rebuilt()
    with db.session() as s, s.begin():
        s.get(Person, pid).deleted = True
    assert keys() == rebuilt()
    with db.session() as s:
        assert eid not in listing.ids(s, ListQuery(search="黄"))  # a tombstoned person's name keys go
        assert eid in listing.ids(s, ListQuery(search="hlm"))  # as with the person search: pinyin stays
    with db.session() as s, s.begin():
        s.get(Person, pid).deleted = False
        s.get(ReserveEntry, eid).deleted = True
    assert keys() == rebuilt()
    with db.session() as s:
        assert eid not in listing.ids(s, ListQuery(search="hlm"))
    if db.is_server:  # foreign keys cannot be switched off there: the hard deletes they allow
        with db.engine.begin() as con:
            run(con, "DELETE FROM reserve_entry WHERE id = 'raw-e'")
            run(con, "DELETE FROM person WHERE id = 'raw-p'")
        assert keys() == rebuilt()
        return
    con = sqlite3.connect(db.path)  # hard deletes (never done by vcadre) leave no keys behind
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DELETE FROM reserve_entry WHERE id = 'raw-e'")
    con.execute("DELETE FROM person WHERE id = ?", (pid,))
    con.execute("DELETE FROM person WHERE id = (SELECT person_id FROM reserve_entry WHERE id = ?)", (pool[1],))
    con.execute("DELETE FROM region WHERE id = ?", (small_county["化垮社区"],))
    con.execute("UPDATE reserve_entry SET id = 'renamed' WHERE id = ?", (pool[5],))
    con.commit()
    con.close()
    assert keys() == rebuilt()


def test_python_entry_keys_match_the_triggers(db, pool) -> None:
    with db.session() as s:
        rows = s.execute(select(ReserveEntry.id, Person.name, Person.name_pinyin, Person.name_initials,
                                Person.deleted).join(Person, Person.id == ReserveEntry.person_id)
                         .where(ReserveEntry.deleted.is_(False))).all()
        for eid, name, pinyin, initials, deleted in rows:
            sql_keys = set(s.scalars(select(ReserveSearchKey.key).where(ReserveSearchKey.entry_id == eid)))
            assert search_index.entry_keys(name, pinyin, initials, not deleted) == sql_keys, name


def test_bulk_import_paths_index_entries(db, small_county) -> None:
    """With the triggers suspended (demo data, Excel import), ``resume``/``rebuild_entries`` make the
    keys the triggers would have made."""
    with db.engine.begin() as conn:
        search_index.suspend(conn)
        run(conn, "INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, "
                  "deleted) VALUES ('p1', '钱多多', 'qianduoduo', 'qdd', '1', '', '', false)")
        run(conn, "INSERT INTO reserve_entry (id, person_id, village_id, source, stage, status, "
                  "entry_date, hlc, site_id, deleted) VALUES ('e1', 'p1', ?, 'veteran', 'reserve', "
                  "'active', '2024-01-02', '', '', false)", (small_county["青山村"],))
        assert conn.exec_driver_sql("SELECT count(*) FROM reserve_search_key").scalar() == 0
        assert search_index.index_entries(conn, ["e1"]) == len(search_index.entry_keys("钱多多", "qianduoduo", "qdd"))
        indexed = conn.exec_driver_sql("SELECT * FROM reserve_search_key ORDER BY 1, 2, 3, 4").fetchall()
        search_index.resume(conn)
        assert conn.exec_driver_sql("SELECT * FROM reserve_search_key ORDER BY 1, 2, 3, 4").fetchall() == indexed
    listing = LISTINGS["talent"]()
    with db.session() as s:
        assert listing.ids(s, ListQuery(search="qdd")) == ["e1"] == listing.ids(s, ListQuery(search="多"))
        assert listing.count(s, ListQuery(search="qian")) == 1


def test_sorting_by_name_follows_pinyin(db, pool) -> None:
    """Issue 17 item 9: 姓名 sorted by character code put 张 before 李; pinyin puts 李 first."""
    listing = LISTINGS["talent"]()
    with db.session() as s:
        for desc in (False, True):
            rows = listing.page(s, ListQuery(order_by="name", descending=desc), 0, 100)
            names = [r.values[listing.column_index("name")] for r in rows]
            from vcadre.domain.names import name_search_keys
            keys = [name_search_keys(n)[0] for n in names]
            assert keys == sorted(keys, reverse=desc) and len(names) > 2
            assert names != sorted(names, reverse=desc)  # the character-code order differs here


def test_surname_in_full_and_given_name_by_initials(db, pool) -> None:
    """Issue 17 item 9: “zhanglm” (张 in full, 龙敏 by initials) found nothing."""
    from vcadre.services import persons

    assert search_index.mixed_readings("zhanglm") == [("zhang", "zlm")]
    assert search_index.mixed_readings("zhang") == [] and search_index.mixed_readings("zlm") == []
    listing = LISTINGS["talent"]()
    with db.session() as s:
        assert [h.name for h in persons.search(s, "zhanglm")] == ["张龙敏"]
        assert [h.name for h in persons.search(s, "ZhangLM")] == ["张龙敏"]
        names = [r.values[listing.column_index("name")] for r in listing.page(s, ListQuery(search="zhanglm"), 0, 50)]
        assert names == ["张龙敏"] and listing.count(s, ListQuery(search="zhanglm")) == 1
        assert persons.search(s, "zhanglp") == []
        # The plain readings are unchanged.
        assert "张龙敏" in [h.name for h in persons.search(s, "zlm")]
        assert "张龙敏" in [h.name for h in persons.search(s, "zhanglongmin")]

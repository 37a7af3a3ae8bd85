"""Digits (ID and phone fragments) typed into the 后备干部 list's search box, on both backends
(issue 16): the same rows in the same order as the plain query whichever way a server answers
(gathered off ``reserve_digit_key``, or the plain query in a file, or walked in list order), and a
count that stops at the cap the same way on both. ``reserve_digit_key`` follows every write (PostgreSQL only)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from tests.today import TEST_TODAY
from tests.unit.services.test_talent_search import pool  # noqa: F401 - the fixture
from vcadre.domain.idnumber import make_id_number
from vcadre.services import talent
from vcadre.services.listing import ExprListing, LISTINGS, ListQuery
from vcadre.store import search_index
from vcadre.store.backend import run
from vcadre.store.models import Person, Region, ReserveEntry

DIGITS = "debmf"


def reference(s, frag: str) -> list[str]:
    """The live entries of live persons whose ID number or phone matches ``frag`` by the keys'
    rules (starts with it, ends with it, birth date starts with it), in the list's default order
    (village code, name, entry id) — computed in Python."""
    rev = frag[::-1]
    rows = s.execute(select(ReserveEntry.id, Person.name, Person.id_number, Person.phone, Region.code)
                     .join(Person, Person.id == ReserveEntry.person_id)
                     .join(Region, Region.id == ReserveEntry.village_id)
                     .where(ReserveEntry.deleted.is_(False), Person.deleted.is_(False))).all()
    out = []
    for eid, name, number, phone, code in rows:
        keys = search_index.person_keys(name, number, phone)
        wanted = ("d" + frag, "e" + rev, "b" + frag, "m" + frag, "f" + rev)
        if any(k.startswith(w) for k in keys if k[0] in DIGITS for w in wanted):
            out.append((code, name, eid))
    return [eid for _c, _n, eid in sorted(out)]


def fragments(s) -> list[str]:
    out = {"1", "13", "1381234", "5", "52", "520524", "1990", "19900304", "0003", "3X", "9"}
    for number, phone in s.execute(select(Person.id_number, Person.phone)):
        if number:
            out.update({number[:8], number[-4:], number[6:12]})
        if phone:
            out.update({phone[:9], phone[-2:]})
    return sorted(out)


@pytest.fixture
def more(db, pool, small_county):  # noqa: F811
    """Ties on name in one village (ordered by entry id) and a phone and an ID changed after entry."""
    with db.session() as s, s.begin():
        for i in range(3):
            talent.save(s, None, dict(
                name="张伟", gender="1", id_number=make_id_number("520525", date(1990, 3, 4), 41 + 2 * i),
                village_id=small_county["青山村"], source="veteran", stage="reserve", status="active",
                entry_date="2024-01-02", phone=f"1390000{i:04d}"), today=TEST_TODAY)
        s.execute(update(Person).where(Person.name == "王小二").values(phone="13999990000"))
        s.execute(update(Person).where(Person.name == "单雄信").values(
            id_number=make_id_number("520526", date(1966, 6, 6), 3)))
    return pool


@pytest.mark.parametrize("broad, walk_rows", [(1, 10 ** 6), (1, 1), (10 ** 9, 20)],
                         ids=["walk", "short-walk-then-gather", "gather"])
def test_digits_pages_are_the_plain_querys(db, more, broad, walk_rows, monkeypatch) -> None:
    monkeypatch.setattr(talent.TalentListing, "DIGIT_BROAD", broad)  # every way of answering
    monkeypatch.setattr(talent.TalentListing, "PERSON_BROAD", broad)
    monkeypatch.setattr(talent.TalentListing, "WALK_ROWS", walk_rows)  # a server's walk gives up
    walked = []
    real_walk = talent.TalentListing._walk_page

    def spy(self, *args):
        rows = real_walk(self, *args)
        walked.append(rows is not None)
        return rows

    monkeypatch.setattr(talent.TalentListing, "_walk_page", spy)
    listing = LISTINGS["talent"]()
    checked = 0
    with db.session() as s:
        for frag in fragments(s):
            q = ListQuery(search=frag)
            want = reference(s, frag)
            assert [r.id for r in ExprListing.page(listing, s, q, 0, 100)] == want, frag  # the plain query
            full = [(r.id, r.values) for r in ExprListing.page(listing, s, q, 0, 100)]
            for offset, limit in ((0, 100), (0, 1), (1, 2), (3, 4)):
                got = [(r.id, r.values) for r in listing.page(s, q, offset, limit)]
                assert got == full[offset:offset + limit], (frag, offset, limit)
            checked += len(want) > 1
        assert checked > 10
        # The changed phone and ID are found by their new digits only.
        assert [r.values[0] for r in listing.page(s, ListQuery(search="1399999"), 0, 10)] == ["王小二"]
        assert listing.page(s, ListQuery(search="13812340008"), 0, 10) == []
        assert [r.values[0] for r in listing.page(s, ListQuery(search="19660606"), 0, 10)] == ["单雄信"]
    # Each way was taken: pages read off a walk, and on a server walks that gave up (too few
    # matches in the entries it may read, or the list's end) for the gathered matches — more of
    # them when it may read one entry a row shown (19 of 222 walks answer, 77 with no bound); a
    # file walks on to the page.
    server = db.engine.dialect.name == "postgresql"
    if broad > 1:
        assert walked == []
    elif not server:
        assert set(walked) == {True}
    else:
        assert set(walked) == {True, False}
        assert walked.count(True) < 30 if walk_rows == 1 else walked.count(True) > 60


@pytest.mark.parametrize("broad", [1, 10 ** 9], ids=["walk", "gather"])
@pytest.mark.parametrize("cap", [1, 2, 5, 10 ** 6])
def test_digits_count_stops_at_the_cap_alike_on_both_backends(db, more, cap, broad, monkeypatch) -> None:
    monkeypatch.setattr(talent.TalentListing, "COUNT_CAP", cap)
    monkeypatch.setattr(talent.TalentListing, "DIGIT_BROAD", broad)
    monkeypatch.setattr(talent.TalentListing, "PERSON_BROAD", broad)
    listing = LISTINGS["talent"]()
    seen = set()
    with db.session() as s:
        for frag in fragments(s):
            n = len(reference(s, frag))
            assert listing.count(s, ListQuery(search=frag)) == n, frag  # the exact count is still there
            assert listing.count_bounded(s, ListQuery(search=frag)) == (min(n, cap), n <= cap), frag
            seen.add(n <= cap)
        # Names, pinyin and the unfiltered list are always counted exactly.
        for text in ("张", "zw", ""):
            n = listing.count(s, ListQuery(search=text))
            assert listing.count_bounded(s, ListQuery(search=text)) == (n, True)
        # With a region (not answered by the digit keys) the count stops alike.
        region = s.scalar(select(Region.id).where(Region.name == "青山村"))
        n = listing.count(s, ListQuery(search="1", region_id=region))
        assert listing.count_bounded(s, ListQuery(search="1", region_id=region)) == (min(n, cap), n <= cap)
    assert seen == ({True, False} if cap in (1, 2, 5) else {True})


@pytest.mark.postgresql_only
def test_digit_keys_follow_every_write(db, more, small_county) -> None:
    """``reserve_digit_key`` holds the digit keys of every live entry of a live person, with the
    entry's village code and the person's name, whoever wrote them; and ``person_order_key`` the
    digit keys of every live person."""
    with db.engine.begin() as conn:
        run(conn, "UPDATE person SET phone = '15500001111' WHERE name = '张龙敏'")
        run(conn, "UPDATE person SET id_number = NULL WHERE name = '章伟'")
        run(conn, "UPDATE person SET name = '张二' WHERE name = '张三'")
        run(conn, "UPDATE region SET code = '520524001099' WHERE name = '石桥村'")
        run(conn, "UPDATE person SET deleted = true WHERE name = '李伟强'")
        search_index.pause_for_bulk(conn)  # as an Excel import does
        run(conn, "INSERT INTO person (id, name, name_pinyin, name_initials, gender, phone, hlc, site_id, deleted) "
                  "VALUES ('bulk-p', '钱多多', 'qianduoduo', 'qdd', '1', '18800002222', '', '', false)")
        run(conn, "INSERT INTO reserve_entry (id, person_id, village_id, source, stage, status, entry_date, hlc, "
                  "site_id, deleted) VALUES ('bulk-e', 'bulk-p', ?, 'veteran', 'reserve', 'active', '2024-01-02', "
                  "'', '', false)", (small_county["青山村"],))
        search_index.index_persons(conn, [("bulk-p", "钱多多", None, "18800002222")])
        search_index.index_entries(conn, ["bulk-e"])
        search_index.unpause_after_bulk(conn)
    with db.engine.connect() as conn:
        got = set(conn.exec_driver_sql("SELECT key, village_code, name, entry_id FROM reserve_digit_key").fetchall())
        want = {(k, code, name, eid) for eid, code, name, number, phone in conn.exec_driver_sql(
            "SELECT e.id, v.code, p.name, p.id_number, p.phone FROM reserve_entry AS e JOIN person AS p "
            "ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id WHERE NOT e.deleted AND NOT p.deleted")
            for k in search_index.person_keys(name, number, phone) if k[0] in DIGITS}
        order = {r for r in conn.exec_driver_sql("SELECT key, name, person_id FROM person_order_key").fetchall()
                 if r[0][0] in DIGITS}
        want_order = {(k, name, pid) for pid, name, number, phone in conn.exec_driver_sql(
            "SELECT id, name, id_number, phone FROM person WHERE NOT deleted")
            for k in search_index.person_keys(name, number, phone) if k[0] in DIGITS}
    assert got == want and order == want_order
    assert ("m18800002222", "520524001001", "钱多多", "bulk-e") in got
    assert not any(name == "李伟强" for _k, _c, name, _e in got)
    with db.engine.begin() as conn:  # a rebuild (db copy) makes the same rows
        from vcadre.store import pg

        pg.rebuild_digit_keys(conn)
        assert set(conn.exec_driver_sql("SELECT * FROM reserve_digit_key").fetchall()) == got
    listing = LISTINGS["talent"]()
    with db.session() as s:
        assert [r.values[0] for r in listing.page(s, ListQuery(search="155000011"), 0, 10)] == ["张龙敏"]
        assert listing.count_bounded(s, ListQuery(search="188000022")) == (1, True)

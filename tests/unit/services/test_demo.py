"""Demo data: the county build (made once per session and shared with test_stats)."""

from __future__ import annotations

from tests.today import TEST_TODAY
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from vcadre.domain.codes import STAGE, TALENT_SOURCE
from vcadre.domain.idnumber import validate_id_number
from vcadre.domain.names import name_search_keys
from vcadre.services.demo import Cancelled, DemoError, DemoSummary, _Ids, build_demo
from vcadre.store.db import Database, local_site, open_database
from vcadre.store.models import (
    Assessment,
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    RotationBatch,
    StageChange,
    TrainingSession,
    VillagePost,
)

TODAY = TEST_TODAY
SEED = 7

# Not yet on PostgreSQL (issue 16): undo/demo still use SQLite-only raw SQL (revert.py, demo.py).
pytestmark = pytest.mark.sqlite_only


@dataclass
class DemoBuild:
    path: Path
    summary: DemoSummary


def _checkpoint(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# test_stats imports the fixtures below, which registers them a second time there; this cache
# keeps it to one build per session all the same.
_BUILT: dict[str, DemoBuild] = {}


@pytest.fixture(scope="session")
def county_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    """The county demo, built once; tests that write must copy ``path`` first."""
    if "county" not in _BUILT:
        path = tmp_path_factory.mktemp("demo") / "county.db"
        db = open_database(path, create=True, site_name="织金县委组织部")
        summary = build_demo(db, "county", seed=SEED, today=TODAY)
        _checkpoint(db)
        db.close()
        _BUILT["county"] = DemoBuild(path, summary)
    return _BUILT["county"]


@pytest.fixture(scope="session")
def demo_db(county_demo: DemoBuild):
    """The county demo opened for reading."""
    db = open_database(county_demo.path)
    yield db
    db.close()


def _digest(db: Database) -> str:
    """Hash of the content columns of a few tables (not the clock, site or wall-clock time)."""
    h = hashlib.sha256()
    queries = (
        "SELECT id, code, name, level, kind, parent_id, needs_first_secretary FROM region ORDER BY id",
        "SELECT id, name, name_pinyin, gender, ethnicity, birth_date, id_number, phone, education,"
        " political_status, party_join_date, home_village_id FROM person ORDER BY id",
        "SELECT id, person_id, village_id, post, start_date, end_date FROM village_post ORDER BY id",
        "SELECT id, person_id, source, stage, status, entry_date, mentor FROM reserve_entry ORDER BY id",
        "SELECT id, session_id, person_id, hours_completed, certificate_no FROM enrolment ORDER BY id",
        "SELECT id, person_id, village_id, role, status, start_date, actual_end FROM dispatch ORDER BY id",
        "SELECT id, dispatch_id, month, days FROM dispatch_month ORDER BY id",
    )
    with db.engine.connect() as conn:
        for q in queries:
            for row in conn.exec_driver_sql(q):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_summary_counts(county_demo: DemoBuild) -> None:
    s = county_demo.summary
    assert (s.counties, s.townships, s.villages) == (1, 33, 578)
    assert s.persons == 15_000
    assert s.one_shoulder_villages == 220
    # The eight classes of 2020 – Sep 2021 (1,867 trainees), then classes every year to today.
    assert s.training_sessions > 8 + 4 * (TODAY.year - 2022) and s.trainees > 1_867
    assert 4_000 <= s.reserve_entries <= 5_000
    assert 170 <= s.first_secretaries_on_post <= 210
    assert s.villages_needing_first_secretary == 193
    assert s.per_table["person"] == s.persons
    assert s.as_dict()["today"] == TODAY.isoformat()


def test_regions(demo_db: Database) -> None:
    with demo_db.session() as s:
        county = s.scalars(select(Region).where(Region.level == "county")).one()
        assert (county.code, county.name) == ("520524", "织金县")
        townships = s.scalars(select(Region).where(Region.level == "township")).all()
        assert len(townships) == 33
        assert all(t.parent_id == county.id and re.fullmatch(r"520524\d{3}", t.code)
                   for t in townships)
        names = {t.name for t in townships}
        assert {"龙场镇", "熊家场镇", "金凤街道", "三甲街道", "白泥镇", "以那镇", "后寨乡",
                "惠民街道"} <= names
        kinds = {t.name: t.kind for t in townships}
        assert kinds["金凤街道"] == "subdistrict" and kinds["龙场镇"] == "town"
        assert kinds["后寨乡"] == "township"
        by_id = {t.id: t for t in townships}
        villages = s.scalars(select(Region).where(Region.level == "village")).all()
        assert len(villages) == 578
        for v in villages:
            assert v.code.startswith(by_id[v.parent_id].code) and len(v.code) == 12
        assert len({v.code for v in villages}) == 578
        places = {(by_id[v.parent_id].name, v.name) for v in villages}
        for place in [("龙场镇", "青山村"), ("熊家场镇", "白马村"), ("金凤街道", "化垮社区"),
                      ("三甲街道", "裕民社区"), ("白泥镇", "前进村"), ("以那镇", "大寨村"),
                      ("以那镇", "五星村"), ("后寨乡", "高墩村"), ("惠民街道", "惠泽社区")]:
            assert place in places
        # Subdistricts are mostly communities.
        street_villages = [v for v in villages if by_id[v.parent_id].kind == "subdistrict"]
        assert sum(v.kind == "community" for v in street_villages) > len(street_villages) / 2
        assert sum(v.needs_first_secretary for v in villages) == 193


def test_persons(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = s.execute(
            select(Person.name, Person.name_pinyin, Person.name_initials, Person.id_number,
                   Person.birth_date, Person.gender, Person.phone, Person.home_village_id,
                   Person.political_status, Person.party_join_date)
        ).all()
    assert len(rows) == 15_000
    ids = [r.id_number for r in rows]
    assert len(set(ids)) == len(ids)
    for r in rows:
        validate_id_number(r.id_number, birth_date=r.birth_date, gender=r.gender, today=TODAY)
        assert re.fullmatch(r"1\d{10}", r.phone)
        assert (r.name_pinyin, r.name_initials) == name_search_keys(r.name)
        assert 2 <= len(r.name) <= 3
        if r.political_status in ("01", "02"):
            assert r.party_join_date is not None and r.party_join_date > r.birth_date
    # Villagers carry the county's prefix; dispatched unit cadres may come from elsewhere.
    assert all(r.id_number.startswith("520524") for r in rows if r.home_village_id)
    assert all(r.id_number.startswith("52") for r in rows)
    surnames = {r.name[0] for r in rows}
    assert {"王", "张", "李", "杨", "罗", "龙", "熊", "安", "陆"} <= surnames


def test_current_posts(demo_db: Database) -> None:
    current = (VillagePost.start_date <= TODAY) & (
        VillagePost.end_date.is_(None) | (VillagePost.end_date >= TODAY)
    )
    with demo_db.session() as s:
        for post in ("secretary", "director"):
            per_village = s.execute(
                select(VillagePost.village_id, func.count())
                .where(VillagePost.post == post, current)
                .group_by(VillagePost.village_id)
            ).all()
            assert len(per_village) == 578 and all(n == 1 for _, n in per_village)
        history = s.scalar(select(func.count()).where(VillagePost.end_date.is_not(None)))
        assert history > 578 * 2
        assert s.scalar(
            select(func.count()).where(VillagePost.post == "supervision_director", current)
        ) == 578


def test_reserve_pool(demo_db: Database) -> None:
    with demo_db.session() as s:
        sources = set(s.scalars(select(ReserveEntry.source).distinct()))
        assert sources == set(TALENT_SOURCE.codes())
        assert set(s.scalars(select(ReserveEntry.stage).distinct())) == set(STAGE.codes())
        statuses = dict(s.execute(
            select(ReserveEntry.status, func.count()).group_by(ReserveEntry.status)).all())
        assert set(statuses) == {"active", "inspecting", "used", "exited"}
        assert statuses["active"] > sum(statuses.values()) / 2
        changes = dict(s.execute(
            select(StageChange.entry_id, func.count()).group_by(StageChange.entry_id)).all())
        entries = s.scalars(select(ReserveEntry.id)).all()
        assert all(changes.get(e, 0) >= 1 for e in entries)
        assert sum(n >= 3 for n in changes.values()) > 100
        assert s.scalar(select(func.count()).where(ReserveEntry.mentor.is_not(None))) > 2000
        assert s.scalar(select(func.count()).where(ReserveEntry.trial_post == "书记助理")) > 50
        years = set(s.scalars(select(Assessment.year).distinct()))
        assert years == set(range(2021, TODAY.year))
        assessed = s.scalar(select(func.count(func.distinct(Assessment.entry_id))))
        assert assessed > len(entries) * 0.8
        last = s.scalar(select(func.count()).where(Assessment.year == TODAY.year - 1))
        assert last < assessed  # some were not reviewed last year
        # Entry stage change first, dated on the entry date.
        first = s.execute(
            select(ReserveEntry.entry_date, StageChange.change_date, StageChange.from_stage)
            .join(StageChange, StageChange.entry_id == ReserveEntry.id)
            .where(StageChange.from_status.is_(None))
        ).all()
        assert len(first) == len(entries)
        assert all(e == d and f is None for e, d, f in first)


def test_training(demo_db: Database) -> None:
    with demo_db.session() as s:
        sessions = s.scalars(select(TrainingSession)).all()
        seed = [t for t in sessions if t.start_date <= date(2021, 9, 14)]
        assert len(seed) == 8
        assert {t.year for t in sessions} == set(range(2020, TODAY.year + 1))
        assert all(date(2020, 1, 1) <= t.start_date <= t.end_date < TODAY and t.year == t.start_date.year
                   for t in sessions)
        assert {t.kind for t in sessions} == {"village_cadre", "reserve", "work_team"}
        assert all(t.organizer == "中共织金县委组织部" for t in sessions)
        assert "2021年织金县村（社区）党组织书记培训班" in {t.title for t in seed}
        assert f"{TODAY.year - 1}年织金县村（社区）党组织书记培训班" in {t.title for t in sessions}
        seed_ids = [t.id for t in seed]
        trainees = s.scalar(select(func.count(func.distinct(Enrolment.person_id)))
                            .where(Enrolment.session_id.in_(seed_ids)))
        assert trainees == 1_867
        assert s.scalar(select(func.count()).where(Enrolment.session_id.in_(seed_ids))) > trainees
        certs = s.scalars(select(Enrolment.certificate_no).where(
            Enrolment.certificate_no.is_not(None))).all()
        assert len(certs) == len(set(certs))
        assert all(re.fullmatch(r"织培〔20\d\d〕0\d\d-\d{4}号", c) for c in certs)
        results = dict(s.execute(
            select(Enrolment.result, func.count()).group_by(Enrolment.result)).all())
        assert results["completed"] > 0.8 * sum(results.values())
        completed_without = s.scalar(select(func.count()).where(
            Enrolment.result == "completed", Enrolment.certificate_no.is_(None)))
        assert completed_without == 0
        days = s.scalar(text(
            "SELECT count(*) FROM attendance a JOIN enrolment e ON e.id = a.enrolment_id "
            "JOIN training_session t ON t.id = e.session_id "
            "WHERE a.day < t.start_date OR a.day > t.end_date"))
        assert days == 0
        assert s.scalar(text("SELECT count(*) FROM attendance")) > 2000 * 3


def test_dispatch(demo_db: Database) -> None:
    with demo_db.session() as s:
        batches = {b.name: b for b in s.scalars(select(RotationBatch))}
        assert "2021年6月轮换" in batches
        assert batches["2021年6月轮换"].batch_date.year == 2021
        assert batches["2021年6月轮换"].batch_date.month == 6
        latest = max(batches.values(), key=lambda b: b.batch_date)
        on_post = s.execute(
            select(Dispatch.role, func.count())
            .where(Dispatch.status == "on_post")
            .group_by(Dispatch.role)
        ).all()
        roles = dict(on_post)
        assert 170 <= roles["first_secretary"] <= 210
        assert roles.get("team_member", 0) > 0
        assert set(s.scalars(select(Dispatch.batch_id).where(Dispatch.status == "on_post"))) \
            == {latest.id}
        statuses = set(s.scalars(select(Dispatch.status).distinct()))
        assert statuses == {"on_post", "rotated", "recalled", "adjusted"}
        assert s.scalar(select(func.count()).where(
            Dispatch.status == "on_post", Dispatch.start_date > TODAY)) == 0
        assert s.scalar(text("SELECT count(*) FROM dispatch_month WHERE days < 20")) > 0
        assert s.scalar(text("SELECT count(*) FROM visit")) > 1000
        # Dispatched cadres are county-unit people, not villagers.
        assert s.scalar(
            select(func.count()).select_from(Dispatch).join(Person, Person.id == Dispatch.person_id)
            .where(Person.home_village_id.is_not(None))
        ) == 0


def test_bookkeeping(demo_db: Database) -> None:
    with demo_db.session() as s:
        site = local_site(s)
        for table in ("region", "person", "village_post", "visit"):
            bad = s.scalar(text(
                f"SELECT count(*) FROM {table} WHERE hlc = '' OR site_id != :site "
                "OR deleted != 0 OR updated_at IS NULL"), {"site": site.id})
            assert bad == 0
            top = s.scalar(text(f"SELECT max(hlc) FROM {table}"))
            assert top <= site.last_hlc
        one = s.scalars(select(Person).limit(1)).one()  # the ORM reads what raw inserts wrote
        assert isinstance(one.birth_date, date) and one.deleted is False
        assert uuid.UUID(one.id).version == 7


def test_refuses_non_empty_database(demo_db: Database) -> None:
    with pytest.raises(DemoError):
        build_demo(demo_db, "county", seed=SEED, today=TODAY)


def test_unknown_scale(db: Database) -> None:
    with pytest.raises(DemoError):
        build_demo(db, "planet")


def test_same_seed_same_data(county_demo: DemoBuild, demo_db: Database, tmp_path: Path) -> None:
    again = open_database(tmp_path / "again.db", create=True, site_name="另一台电脑")
    try:
        summary = build_demo(again, "county", seed=SEED, today=TODAY)
        assert summary.persons == county_demo.summary.persons
        assert _digest(again) == _digest(demo_db)
        assert again.site()[0] != demo_db.site()[0]
    finally:
        again.close()


def test_ids_depend_on_seed() -> None:
    a, b = _Ids(1), _Ids(2)
    first = [a() for _ in range(5000)]
    assert len(set(first)) == 5000 and first == sorted(first)
    assert set(first).isdisjoint(b() for _ in range(5000))


def test_cancel_leaves_nothing(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < total  # cancel at the very end, after every row was written

    with pytest.raises(Cancelled):
        build_demo(db, "county", seed=SEED, progress=progress, today=TODAY)
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    with db.session() as s:
        for model in (Region, Person, VillagePost, ReserveEntry, Enrolment, Dispatch):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert local_site(s).last_hlc == ""
    # The plain indexes the build drops for speed come back with the rollback.
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_assessment_entry", "ix_dispatch_month_dispatch", "ix_visit_dispatch"} <= names


def test_build_keeps_every_index(demo_db: Database) -> None:
    """Indexes dropped during the bulk insert are rebuilt: the schema matches the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from vcadre.store.models import Base

    with demo_db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_cancel_early(db: Database) -> None:
    with pytest.raises(Cancelled):
        build_demo(db, "county", progress=lambda done, total: False, today=TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Region)) == 0

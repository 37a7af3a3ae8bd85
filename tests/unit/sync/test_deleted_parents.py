"""Deleting a record that has records of its own (a class with its trainees, sign-ins and
certificates; a posting with its months and visits) at one site reaches the other sites as the
same deletion — not as a "deleted while something was added to it" conflict, which is for a child
the deleting site had never seen (``test_natural_keys``)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.unit.services.documents.conftest import build_class
from tests.unit.sync.conftest import content
from tests.unit.sync.helpers import ship
from tests.unit.sync.test_natural_keys import _entry_values
from vcadre.services import dispatch, dispatch_visits, talent, talent_review, training, training_certificates
from vcadre.services.undo import recycle
from vcadre.store.models import (
    Assessment,
    Attendance,
    CertificateEvent,
    CertificateSeries,
    Dispatch,
    Enrolment,
    ReserveEntry,
    StageChange,
    TrainingSession,
    Visit,
)
from vcadre.sync import conflicts

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


def _exchange(a, b, tmp_path) -> None:
    for _ in range(2):
        ship(a, b, tmp_path)
        ship(b, a, tmp_path)


def _open_conflicts(db) -> list:
    with db.session() as s:
        return [(c.kind, c.table) for c in conflicts.list_conflicts(s)]


def _live(db, model, **where) -> int:
    with db.session() as s:
        stmt = select(model.id).where(model.deleted.is_(False))
        for column, value in where.items():
            stmt = stmt.where(getattr(model, column) == value)
        return len(s.scalars(stmt).all())


def test_a_class_deleted_at_one_site_is_deleted_everywhere_without_conflicts(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    made = build_class(county)
    cid = made["class"]
    _exchange(county, town, tmp_path)
    for db in (county, town):
        assert _live(db, Attendance) == 15 and _live(db, CertificateEvent) == 3
    with county.session() as s, s.begin():
        training.delete(s, cid)
    # What the officer sees at the county at once: the class, its trainees, their sign-ins and
    # certificate records gone together.
    assert (_live(county, TrainingSession), _live(county, Enrolment), _live(county, Attendance),
            _live(county, CertificateEvent)) == (0, 0, 0, 0)
    _exchange(county, town, tmp_path)
    assert content(county) == content(town)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, TrainingSession), _live(db, Enrolment), _live(db, Attendance),
                _live(db, CertificateEvent)) == (0, 0, 0, 0)
        # The class number stays taken: its certificates are still in people's hands.
        assert _live(db, CertificateSeries, session_id=cid) == 1
    # The recycle bin at the town brings the whole class back, and that travels too.
    with town.session() as s, s.begin():
        recycle.restore(s, "training_session", cid, with_children=True)
    _exchange(county, town, tmp_path)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, TrainingSession), _live(db, Enrolment), _live(db, Attendance),
                _live(db, CertificateEvent)) == (1, 3, 15, 3)
        with db.session() as s:
            assert [c.number for c in training_certificates.certificates(s, cid, sign=False)] == made["numbers"]


def test_a_posting_deleted_at_one_site_is_deleted_everywhere_without_conflicts(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    made = build_class(county)  # regions and a village
    with county.session() as s, s.begin():
        did = dispatch.save(s, None, {"name": "赵刚", "gender": "1", "unit": "县农业农村局",
                                      "role": "first_secretary", "village_id": made["village"],
                                      "start_date": "2024-03-01", "status": "on_post"}, today=date(2024, 6, 1))
        for day in ("2024-03-05", "2024-04-09"):
            dispatch_visits.save_visit(s, None, did, {"visit_date": day, "households": "脱贫户3户",
                                                      "matters": "饮水"}, today=date(2024, 6, 1))
    _exchange(county, town, tmp_path)
    assert _live(town, Visit, dispatch_id=did) == 2
    with county.session() as s, s.begin():
        dispatch.delete(s, did)
    assert _live(county, Visit, dispatch_id=did) == 0
    _exchange(county, town, tmp_path)
    assert content(county) == content(town)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, Dispatch), _live(db, Visit)) == (0, 0)
    with town.session() as s, s.begin():
        recycle.restore(s, "dispatch", did, with_children=True)
    _exchange(county, town, tmp_path)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, Dispatch), _live(db, Visit, dispatch_id=did)) == (1, 2)


def test_a_reserve_entry_deleted_at_one_site_takes_its_history_and_assessments(sites, tmp_path) -> None:
    county, town = sites("县委组织部", "龙场镇")
    made = build_class(county)
    with county.session() as s, s.begin():
        entry = talent.save(s, None, _entry_values(made["village"]))
        talent_review.record(s, 2025, {entry: "excellent"})
    _exchange(county, town, tmp_path)
    with county.session() as s, s.begin():
        talent.delete(s, entry)
    _exchange(county, town, tmp_path)
    assert content(county) == content(town)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, ReserveEntry), _live(db, StageChange, entry_id=entry),
                _live(db, Assessment, entry_id=entry)) == (0, 0, 0)
    with town.session() as s, s.begin():
        recycle.restore(s, "reserve_entry", entry)
    _exchange(county, town, tmp_path)
    for db in (county, town):
        assert _open_conflicts(db) == []
        assert (_live(db, ReserveEntry), _live(db, StageChange, entry_id=entry),
                _live(db, Assessment, entry_id=entry)) == (1, 1, 1)

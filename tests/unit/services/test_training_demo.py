"""Training over the demo county: the figures the issue names, and numbering that continues the
demo's certificates without ever repeating one."""

from __future__ import annotations

import pytest

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from vcadre.services import training_attendance, training_certificates, training_enrol, training_records
from vcadre.services.stats import headline
from vcadre.store.db import open_database
from vcadre.store.models import Enrolment, Person

from tests.unit.services.test_demo import TODAY, county_demo, demo_db  # noqa: F401

# Not yet on PostgreSQL (issue 16): the demo builder still uses SQLite-only raw SQL (demo.py).
pytestmark = pytest.mark.sqlite_only


def test_demo_county_has_8_classes_and_1867_trainees_by_the_reports_day(demo_db) -> None:  # noqa: F811
    with demo_db.session() as s:
        total = training_records.totals(s)
        years = training_records.yearly(s)
        head = headline(s, as_of=TODAY)
        report = headline(s, as_of=date(2021, 9, 14))
    assert (report.training_sessions, report.trainees) == (8, 1867)
    assert report.training_sessions_by_year == {"2020": 4, "2021": 4}
    # Then classes every year up to today.
    assert [y.year for y in years] == list(range(2020, TODAY.year + 1))
    assert years[0].classes == 4 and all(y.classes >= 4 for y in years[1:])
    assert total.classes == sum(y.classes for y in years) == head.training_sessions
    assert sum(y.person_times for y in years) == total.person_times == head.enrolments
    assert head.training_sessions_by_year == {str(y.year): y.classes for y in years}


def test_new_certificates_continue_the_demo_numbers(county_demo, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "demo.db"
    shutil.copyfile(county_demo.path, path)
    db = open_database(path)
    try:
        with db.session() as s:
            class_id = training_records.find_class(s, "2021年织金县村（社区）党组织书记培训班")
            before = {c.number for c in training_certificates.certificates(s, class_id, sign=False)}
            outsider = s.scalar(select(Person.id).where(Person.id.not_in(
                select(Enrolment.person_id).where(Enrolment.session_id == class_id))).limit(1))
        with db.session() as s, s.begin():
            training_enrol.enrol(s, class_id, [outsider])
        with db.session() as s, s.begin():
            eid = next(r.id for r in training_enrol.roster(s, class_id) if r.person_id == outsider)
            grid = training_attendance.grid(s, class_id)
            training_attendance.mark(s, class_id, [eid], grid.days, "present")
            issued = training_certificates.issue(s, class_id)
        assert issued == [f"织培〔2021〕004-{len(before) + 1:04d}号"]
        assert not set(issued) & before
        with db.session() as s:
            all_numbers = s.scalars(select(Enrolment.certificate_no).where(Enrolment.certificate_no.is_not(None))).all()
        assert len(all_numbers) == len(set(all_numbers))
    finally:
        db.close()

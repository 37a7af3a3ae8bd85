"""A county site with one finished class and three certificate holders, for document tests."""

from __future__ import annotations

from datetime import date

import pytest

from vcadre.domain.idnumber import make_id_number
from vcadre.services import persons, regions, training, training_attendance, training_certificates, training_enrol
from vcadre.services import training_settings
from vcadre.services.documents.site_keys import ensure_local_key

DAYS = [date(2024, 5, 6), date(2024, 5, 7), date(2024, 5, 8), date(2024, 5, 9), date(2024, 5, 10)]
TITLE = "2024年织金县村（社区）党组织书记培训班"
PEOPLE = [("杨媛雪", "2", date(1988, 3, 4)), ("王建国", "1", date(1979, 9, 9)), ("阿依古丽·买买提", "2", date(1992, 1, 2))]
ROWS = [(2, "520524", "织金县", ""), (3, "520524001", "龙场镇", "520524"),
        (4, "520524001001", "青山村", "520524001")]


def build_class(db) -> dict:
    """Regions, three people, a class they all completed, certificates issued; returns ids."""
    with db.session() as s, s.begin():
        regions.import_regions(s, ROWS)
        training_settings.save(s, {"county": "织金"})
    from sqlalchemy import select

    from vcadre.store.models import Region

    with db.session() as s, s.begin():
        village = s.scalar(select(Region.id).where(Region.name == "青山村"))
        ids = []
        for i, (name, gender, birth) in enumerate(PEOPLE):
            errors: list = []
            data = persons.validate_person({"name": name, "gender": gender, "birth_date": birth,
                                            "id_number": make_id_number("520524", birth, 11 + 2 * i + (gender == "2"))},
                                           errors)
            assert not errors, errors
            data["home_village_id"] = village
            p = persons.save_person(s, None, data)
            s.flush()
            ids.append(p.id)
        cid = training.save(s, None, {"title": TITLE, "kind": "village_cadre", "organizer": "中共织金县委组织部",
                                      "start_date": DAYS[0], "end_date": DAYS[-1], "place": "县委党校",
                                      "planned_hours": 40})
    with db.session() as s, s.begin():
        training_enrol.enrol(s, cid, ids)
    with db.session() as s, s.begin():
        enrolments = {r.name: r.id for r in training_enrol.roster(s, cid)}
        training_attendance.mark(s, cid, enrolments.values(), DAYS, "present")
        numbers = training_certificates.issue(s, cid, on=DAYS[-1])
    ensure_local_key(db)
    return {"class": cid, "persons": dict(zip([p[0] for p in PEOPLE], ids)), "enrolments": enrolments,
            "numbers": numbers, "village": village}


@pytest.fixture
def county_class(db) -> dict:
    return build_class(db)


from tests.unit.sync.conftest import sites  # noqa: E402,F401  (two-site tests)


@pytest.fixture
def on_server() -> tuple[str, ...]:
    """The two-site tests' sites stay files (their ``db`` is the backend under test)."""
    return ()

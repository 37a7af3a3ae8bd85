"""The oracle suite's days and databases (see docs/figures.md).

``VCADRE_ORACLE_DAYS=all`` (or a year, e.g. ``2021``) checks every day of that year (``all``:
2021, the year of the election changeover) instead of the sampled days; the sampled run is what CI
does on every push.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest

from tests.today import TEST_TODAY
from tests.unit.services.test_demo import county_demo, demo_db  # noqa: F401  (the session's demo build)

DAYS_ENV = "VCADRE_ORACLE_DAYS"

#: Days every run checks: today, the report's day, a day before any posting batch, inside and
#: around the 2021 changeover (posts end 2021-03-20 … 06-02, new ones start 03-21 … 06-03), the
#: day a batch of terms is close to its end and the days a term ends and after.
SAMPLED = sorted({
    TEST_TODAY, date(2021, 9, 14), date(2019, 1, 1), date(2021, 4, 30), date(2021, 3, 20), date(2021, 3, 21),
    date(2021, 4, 15), date(2021, 6, 2), date(2021, 6, 3), date(2021, 6, 4), date(2019, 6, 20),
    date(2023, 6, 19), date(2023, 6, 20), date(2025, 6, 19), date(2025, 6, 20), date(2025, 6, 29),
    date(2026, 3, 13), date(2024, 2, 29), date(2020, 12, 31), date(2021, 1, 1),
})


def oracle_days() -> list[date]:
    wanted = os.environ.get(DAYS_ENV, "").strip()
    if not wanted:
        return SAMPLED
    year = 2021 if wanted == "all" else int(wanted)
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


@pytest.fixture(scope="session")
def oracle_path(county_demo):  # noqa: F811
    return county_demo.path

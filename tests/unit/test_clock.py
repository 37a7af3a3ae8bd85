"""vcadre.clock: one "today" for every layer, pinned in tests, settable by the environment."""

from __future__ import annotations

from datetime import date

import pytest

from tests.today import TEST_TODAY
from vcadre import clock
from vcadre.store.clock import HybridClock, Stamp


def test_the_suite_runs_on_the_pinned_day() -> None:
    assert clock.today() == TEST_TODAY
    assert clock.now().date() == TEST_TODAY
    assert clock.is_pinned()


def test_environment_sets_today(monkeypatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2021-09-14")
    assert clock.today() == date(2021, 9, 14)
    monkeypatch.setenv(clock.TODAY_ENV, "2019-01-01")  # a changed value is read again
    assert clock.today() == date(2019, 1, 1)


def test_without_a_pin_today_is_the_real_date(monkeypatch) -> None:
    monkeypatch.delenv(clock.TODAY_ENV)
    assert not clock.is_pinned()
    assert clock.today() == date.today()


def test_a_malformed_environment_value_says_what_is_wanted(monkeypatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2021.9.14")
    with pytest.raises(SystemExit, match="YYYY-MM-DD"):
        clock.today()


def test_frozen_wins_over_the_environment_and_nests() -> None:
    with clock.frozen(date(2030, 1, 2)):
        assert clock.today() == date(2030, 1, 2)
        with clock.frozen(date(2031, 5, 6)):
            assert clock.today() == date(2031, 5, 6)
        assert clock.today() == date(2030, 1, 2)
    assert clock.today() == TEST_TODAY


def test_sync_clock_reads_the_wall_clock_at_each_tick(monkeypatch) -> None:
    # Binding time.time when the class is defined would make a patched clock a no-op.
    hlc = HybridClock()
    ten_years = 10 * 365.25 * 86400
    monkeypatch.setattr("vcadre.store.clock.time.time", lambda: 4_000_000_000.0 + ten_years)
    assert Stamp.decode(hlc.tick()).millis == int((4_000_000_000.0 + ten_years) * 1000)

"""What day it is, for every layer (今天是哪一天).

Every rule that depends on "today" (ages, terms on post, alerts, the demo county, default dates in
forms) asks :func:`today` instead of ``date.today()``, so that

- the test suite pins one day and passes whatever the real date is (``VCADRE_TODAY`` is set by
  the root ``conftest.py``, also for the CLI subprocesses the tests start);
- an officer (or a screenshot script) can run the app as of another day: ``VCADRE_TODAY=2021-09-14``;
- a test that needs a particular day uses :func:`frozen`.

Timestamps that only label files or log lines (backups, crash reports) keep the real wall clock,
and so does the sync clock (``store/clock.py``), which must order changes across laptops.

This module imports neither Qt nor SQLAlchemy, so every layer may use it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date, datetime
from typing import Iterator


TODAY_ENV = "VCADRE_TODAY"

_frozen: date | None = None
_env_cache: tuple[str, date] | None = None


def _from_env() -> date | None:
    global _env_cache
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return None
    if _env_cache is not None and _env_cache[0] == text:
        return _env_cache[1]
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"{TODAY_ENV}={text!r}: expected a date as YYYY-MM-DD") from None
    _env_cache = (text, day)
    return day


def today() -> date:
    """Today for the app's rules: a frozen day, else ``VCADRE_TODAY``, else the real date."""
    if _frozen is not None:
        return _frozen
    return _from_env() or date.today()


def now() -> datetime:
    """Now, on :func:`today`'s date (the real time of day)."""
    real = datetime.now()
    day = today()
    return real if day == real.date() else datetime.combine(day, real.time())


def is_pinned() -> bool:
    """Whether today is not the real date's own choice (frozen or set by the environment)."""
    return _frozen is not None or _from_env() is not None


def freeze(day: date | None) -> None:
    """Pin today to ``day`` (``None`` lifts the pin)."""
    global _frozen
    _frozen = day


@contextmanager
def frozen(day: date) -> Iterator[date]:
    """``with clock.frozen(date(2021, 9, 14)):`` — today is that day inside the block."""
    global _frozen
    before = _frozen
    _frozen = day
    try:
        yield day
    finally:
        _frozen = before

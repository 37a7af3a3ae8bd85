"""The one day every test runs on (the root conftest pins ``vcadre.clock.today()`` to it).

A late-November day: inside the demo's June 2025 rotation batch and before the next (2027), with
the whole of 2026 but December behind it, and far from the real date's influence.
"""

from datetime import date

TEST_TODAY = date(2026, 11, 27)


def wall_stamp(offset_ms: int = 0, counter: int = 0) -> str:
    """A sync clock stamp (``store/clock.py`` format) ``offset_ms`` from the real wall clock now.

    Tests build stamps relative to now, never as constants: a constant stamp is in the future on
    one date and in the past on another, and the merge outcome flips between them.
    """
    import time

    return f"{int(time.time() * 1000) + offset_ms:013d}.{counter:06d}"

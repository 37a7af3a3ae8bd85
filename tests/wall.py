"""``VCADRE_TEST_WALL=YYYY-MM-DD``: the machine's wall clock moved (time-machine, ticking).

The root conftest moves it for the test process; a helper process a test starts (the sync crash
test's importer) calls :func:`travel_from_env` too, or it would judge the parent's packages by the
real date (a package stamped 2029 looks nine years ahead of an importer living in 2026).
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, Optional


def travel_from_env() -> Optional[Any]:
    """Start moving the clock to ``VCADRE_TEST_WALL`` if set; returns the traveller (or None)."""
    day = os.environ.get("VCADRE_TEST_WALL", "").strip()
    if not day:
        return None
    import time_machine

    traveller = time_machine.travel(date.fromisoformat(day), tick=True)
    traveller.start()
    return traveller

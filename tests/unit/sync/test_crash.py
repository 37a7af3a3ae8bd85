"""Crash safety: an import killed at random points leaves the database exactly before or after.

The killing happens in a helper process (``crash_helper.py``) that forks one importer per round,
so 50 rounds cost seconds, not 50 interpreter start-ups. SQLite only: it is about a laptop's file
(a killed process over its journal); a server rolls back a dropped connection's transaction itself.
More rounds::

    VCADRE_CRASH_ROUNDS=500 pytest tests/unit/sync/test_crash.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from vcadre.store.models import Person

from tests.unit.sync.conftest import PASS
from tests.unit.sync.helpers import export, ship

ROUNDS = int(os.environ.get("VCADRE_CRASH_ROUNDS", "50"))
ROOT = Path(__file__).resolve().parents[3]


# The child is killed mid-import with os.fork + SIGKILL; Windows has no fork (CI and Debian do).
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_killed_import_leaves_database_before_or_after(sites, tmp_path, user_data_dir) -> None:
    a, b = sites("A", "B")
    with a.session() as s, s.begin():
        people = [Person(name=f"人员{i}", gender="1", birth_date=date(1980, 1, 1 + i % 28)) for i in range(200)]
        s.add_all(people)
    ship(a, b, tmp_path)
    with a.session() as s, s.begin():
        for p in s.query(Person).limit(100):
            p.phone = "13800000000"
            p.notes = "县里改的"
        s.add_all(Person(name=f"新人{i}", gender="2") for i in range(1000))
    with b.session() as s, s.begin():
        for p in s.query(Person).limit(50):
            p.phone = "13900000000"  # conflicts with A's edits
    package = export(a, tmp_path)
    base = Path(b.path)
    b.close()
    a.close()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASS, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), VCADRE_DATA_DIR=str(user_data_dir))
    proc = subprocess.run(
        [sys.executable, "-m", "tests.unit.sync.crash_helper", str(base), str(package), str(pass_file),
         str(work), str(ROUNDS), "8"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["before"] != result["after"]
    outcomes = Counter()
    for delay, ok, digest in result["rounds"]:
        assert ok == "ok"
        assert digest in (result["before"], result["after"]), f"half-applied import after {delay} s"
        outcomes["after" if digest == result["after"] else "before"] += 1
    assert len(result["rounds"]) == ROUNDS
    assert outcomes["before"] > 0  # some kills landed mid-import
    print(f"full import {result['full_time']:.2f} s; outcomes {dict(outcomes)}")

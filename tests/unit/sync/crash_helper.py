"""Run by test_crash.py in its own process: import a package in forked children, SIGKILL them.

    python -m tests.unit.sync.crash_helper BASE_DB PACKAGE PASSPHRASE_FILE WORKDIR ROUNDS SEED

For each round: copy the base database, fork a child that imports the package into the copy,
kill it after a random delay (0 … 1.3 × the time a full import takes), then open the copy as a
fresh process would and record ``integrity_check`` and a digest of its content. Prints JSON:
``{"before": digest, "after": digest, "rounds": [[delay, integrity, digest], …]}``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path


def digest(path: Path) -> tuple[str, str]:
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        h = hashlib.sha256()
        from vcadre.store.changelog import FIELDS

        for table, fields in FIELDS.items():
            for row in con.execute(f"SELECT id, hlc, site_id, {', '.join(fields)} FROM {table} ORDER BY id"):
                h.update(repr(row).encode())
        for sql in ("SELECT origin, origin_seq, hlc, tbl, row_id, field, old, new FROM sync_change ORDER BY seq",
                    "SELECT id, site_id FROM sync_package ORDER BY id",
                    "SELECT site_id, acked_seq, received_seq FROM sync_peer ORDER BY site_id",
                    "SELECT kind, tbl, row_id, field, winner, loser, status FROM sync_conflict ORDER BY id",
                    "SELECT id, last_hlc FROM site ORDER BY id"):
            for row in con.execute(sql):
                h.update(repr(row).encode())
        return ok, h.hexdigest()
    finally:
        con.close()


def _copy(base: Path, dest: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, dest)


def _child(db_path: Path, package: Path, passphrase: str) -> None:
    from vcadre.store.db import open_database
    from vcadre.sync.service import import_package

    db = open_database(db_path)
    import_package(db, package, passphrase)
    db.close()
    os._exit(0)


def _run(db_path: Path, package: Path, passphrase: str) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            _child(db_path, package, passphrase)
        finally:
            os._exit(1)
    return pid


def main(argv: list[str]) -> None:
    base, package, pass_file, work, rounds, seed = argv
    from tests.wall import travel_from_env

    travel_from_env()  # the parent's clock under ``dev.py test-dates``: its package is not "ahead"
    base, package, work = Path(base), Path(package), Path(work)
    passphrase = Path(pass_file).read_text(encoding="utf-8")
    import vcadre.sync.service  # noqa: F401  (load everything once, before forking)
    import vcadre.store.db  # noqa: F401

    target = work / "target.db"
    _copy(base, target)
    before = digest(target)[1]
    t0 = time.perf_counter()
    _, status = os.waitpid(_run(target, package, passphrase), 0)
    full_time = time.perf_counter() - t0
    assert status == 0, "the reference import failed"
    after = digest(target)[1]
    rng = random.Random(int(seed))
    out = []
    for _ in range(int(rounds)):
        _copy(base, target)
        delay = rng.uniform(0, full_time * 1.3)
        pid = _run(target, package, passphrase)
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        ok, d = digest(target)
        out.append([round(delay, 4), ok, d])
    print(json.dumps({"before": before, "after": after, "full_time": full_time, "rounds": out}))


if __name__ == "__main__":
    main(sys.argv[1:])

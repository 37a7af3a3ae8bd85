"""Two officers saving the same record at once on one PostgreSQL server (issue 16): the edit
check and the write are one step (``services.edit_lock``), so exactly one save wins and the other
is refused with both versions. PostgreSQL only: on SQLite the file lock already serialises them,
and the both-backend behaviour is in ``tests/unit/services/test_edit_lock.py``."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from tests.unit.services.test_edit_lock import TODAY, _open, _save, _stored, entry  # noqa: F401
from vcadre.services import edit_lock, talent
from vcadre.services.edit_lock import EditConflict
from vcadre.store.db import open_database


def _waiting_on_a_lock(db) -> bool:
    with db.engine.connect() as conn:
        return bool(conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()").scalar())


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_sessions_at_once_exactly_one_wins(db, db_target, entry, backend):
    """A has checked and written but not committed; B's save starts meanwhile in its own server
    session. B must wait for A and then be refused — not check the old version and overwrite."""
    other = open_database(db_target)
    try:
        loaded_a, form_a = _open(db, entry)
        loaded_b, form_b = _open(other, entry)
        form_a["mentor"] = "李主任"
        form_b["mentor"] = "赵老师"
        result: dict[str, object] = {}

        def b_saves() -> None:
            try:
                result["b"] = _save(other, entry, form_b, loaded_b)
            except Exception as exc:  # noqa: BLE001 - handed to the test thread
                result["b"] = exc

        with db.session() as s, s.begin():
            edit_lock.save(s, talent, entry, form_a, loaded_a, today=TODAY)
            s.flush()
            thread = threading.Thread(target=b_saves)
            thread.start()
            deadline = time.monotonic() + 60
            while not _waiting_on_a_lock(db):  # B is blocked behind A (a state, not a duration)
                assert thread.is_alive(), f"B finished without waiting for A: {result}"
                assert time.monotonic() < deadline, "B never waited for A's lock"
                time.sleep(0.01)
        thread.join(60)
        assert isinstance(result["b"], EditConflict), result
        assert [(c.mine, c.theirs) for c in result["b"].fields] == [("赵老师", "李主任")]
        assert _stored(db, entry)["mentor"] == "李主任"
    finally:
        other.close()


def _officer(url: str, entry_id: str, mentor: str, barrier, out) -> None:
    """One officer's process: open the record, wait for the other, save."""
    database = open_database(url)
    try:
        with database.session() as s:
            loaded = talent.get(s, entry_id)
        barrier.wait(60)
        try:
            with database.session() as s, s.begin():
                edit_lock.save(s, talent, entry_id, {**loaded, "mentor": mentor}, loaded, today=TODAY)
            out.put((mentor, "saved"))
        except EditConflict as exc:
            out.put((mentor, f"conflict:{exc.fields[0].theirs}"))
    finally:
        database.close()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_processes_racing_exactly_one_wins(db, db_target, entry, backend):
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_officer, args=(db_target, entry, m, barrier, out)) for m in ("李主任", "赵老师")]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(60)
    winners = [m for m, r in results.items() if r == "saved"]
    assert len(winners) == 1, results
    (loser,) = set(results) - set(winners)
    assert results[loser] == f"conflict:{winners[0]}"
    assert _stored(db, entry)["mentor"] == winners[0]

"""The oracle after random edits and tombstones (Hypothesis): recalls, successors starting later,
posts ending, exits from the pool, birthdays, tombstoned persons, villages, townships, posts,
postings, entries, stage changes, enrolments and classes — each applied with plain SQL to a copy
of the demo county, then every figure compared on the edit's day, the day before and after, and
today. ``VCADRE_ORACLE_EXAMPLES`` sets how many random examples run (default 4)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.oracle import reference as ref
from tests.oracle.test_figures import check_day
from tests.today import TEST_TODAY
from vcadre.store.db import open_database

EXAMPLES = int(os.environ.get("VCADRE_ORACLE_EXAMPLES", "4"))

TOMBSTONES = {
    "person": "SELECT id FROM person WHERE deleted = 0 AND id IN (SELECT person_id FROM reserve_entry"
              " UNION SELECT person_id FROM dispatch UNION SELECT person_id FROM village_post) ORDER BY id",
    "village": "SELECT id FROM region WHERE level = 'village' AND deleted = 0 ORDER BY id",
    "township": "SELECT id FROM region WHERE level = 'township' AND deleted = 0 ORDER BY id",
    "village_post": "SELECT id FROM village_post WHERE deleted = 0 AND post IN ('secretary', 'director') ORDER BY id",
    "dispatch": "SELECT id FROM dispatch WHERE deleted = 0 ORDER BY id",
    "reserve_entry": "SELECT id FROM reserve_entry WHERE deleted = 0 ORDER BY id",
    "stage_change": "SELECT id FROM stage_change WHERE deleted = 0 ORDER BY id",
    "enrolment": "SELECT id FROM enrolment WHERE deleted = 0 ORDER BY id",
    "training_session": "SELECT id FROM training_session WHERE deleted = 0 ORDER BY id",
}
KINDS = sorted(TOMBSTONES) + ["recall", "successor_later", "end_post", "exit_pool", "birthday"]


def _pick(conn, sql: str, at: float, *params):
    rows = conn.execute(sql, params).fetchall()
    return rows[min(int(at * len(rows)), len(rows) - 1)] if rows else None


def apply_edit(conn: sqlite3.Connection, kind: str, at: float, day: date) -> None:
    """One edit, as plain SQL (what a sync package or another officer could have written)."""
    d = day.isoformat()
    if kind in TOMBSTONES:
        row = _pick(conn, TOMBSTONES[kind], at)
        if row:
            table = "region" if kind in ("village", "township") else kind
            conn.execute(f"UPDATE {table} SET deleted = 1 WHERE id = ?", (row[0],))
    elif kind in ("recall", "successor_later"):
        row = _pick(conn, """SELECT id, village_id, role FROM dispatch WHERE deleted = 0 AND start_date <= ?
            AND (actual_end IS NULL OR actual_end >= ?) ORDER BY id""", at, d, d)
        if row:
            conn.execute("UPDATE dispatch SET status = 'recalled', actual_end = ? WHERE id = ?", (d, row[0]))
            if kind == "successor_later":
                person = _pick(conn, "SELECT id FROM person WHERE deleted = 0 ORDER BY id", 1 - at)[0]
                conn.execute("""INSERT INTO dispatch (id, hlc, site_id, deleted, person_id, unit, role, village_id,
                        start_date, planned_end, status) VALUES (?, '', '', 0, ?, '县直单位', ?, ?, ?, ?, 'on_post')""",
                             (str(uuid.uuid4()), person, row[2], row[1], (day + timedelta(days=5)).isoformat(),
                              (day + timedelta(days=700)).isoformat()))
    elif kind == "end_post":
        row = _pick(conn, """SELECT id, start_date FROM village_post WHERE deleted = 0 AND start_date <= ?
            AND (end_date IS NULL OR end_date >= ?) AND post IN ('secretary', 'director') ORDER BY id""", at, d, d)
        if row:
            conn.execute("UPDATE village_post SET end_date = ? WHERE id = ?", (d, row[0]))
    elif kind == "exit_pool":
        row = _pick(conn, """SELECT id, stage, status FROM reserve_entry WHERE deleted = 0 AND entry_date <= ?
            AND status IN ('active', 'inspecting') ORDER BY id""", at, d)
        if row:
            conn.execute("""INSERT INTO stage_change (id, hlc, site_id, deleted, entry_id, change_date, from_stage,
                    to_stage, from_status, to_status, reason) VALUES (?, '', '', 0, ?, ?, ?, ?, ?, 'exited', '退出')""",
                         ("ffffffff-" + str(uuid.uuid4())[9:], row[0], d, row[1], row[1], row[2]))
            conn.execute("UPDATE reserve_entry SET status = 'exited', exit_date = ? WHERE id = ?", (d, row[0]))
    elif kind == "birthday":
        row = _pick(conn, """SELECT p.id FROM person p JOIN reserve_entry e ON e.person_id = p.id
            WHERE p.deleted = 0 AND e.status IN ('active', 'inspecting') ORDER BY p.id""", at)
        if row:
            try:
                born = day.replace(year=day.year - 46)
            except ValueError:
                born = date(day.year - 46, 2, 28)
            conn.execute("UPDATE person SET birth_date = ? WHERE id = ?", (born.isoformat(), row[0]))


edits = st.lists(st.tuples(st.sampled_from(KINDS), st.floats(0, 1, exclude_max=True)), min_size=1, max_size=3)
days = st.dates(date(2019, 1, 1), TEST_TODAY)


@pytest.mark.slow
# No shrinking: each example copies the county and counts everything (seconds); the failing
# example is reported as drawn, with its edits and day.
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=edits, day=days)
def test_figures_agree_after_random_edits(oracle_path, tmp_path_factory, edits, day):
    path = tmp_path_factory.mktemp("edited") / "county.db"
    with sqlite3.connect(f"file:{oracle_path}?mode=ro", uri=True) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as conn:
        for kind, at in edits:
            apply_edit(conn, kind, at, day)
    conn = ref.connect(path)
    db = open_database(path)
    try:
        with db.session() as s:
            for d in sorted({day - timedelta(days=1), day, day + timedelta(days=1), TEST_TODAY}):
                check_day(s, conn, d)
    finally:
        db.close()
        conn.close()
        path.unlink()

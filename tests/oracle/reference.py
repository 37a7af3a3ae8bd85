"""Reference figures (参照口径), written separately from the services, straight over the tables.

This module must not import anything from ``vcadre``: a reference that calls the code under test
proves nothing (``test_independence`` checks it). It takes a plain ``sqlite3`` connection and
answers each figure with SQL of its own (joins and window functions where the services use
correlated EXISTS), plus a little Python where a rule reads more plainly so.

The rules it encodes (the same words as docs/figures.md, not the same code):

- a village counts when it and its township are not tombstoned; regions have no dates;
- a post is held on D when start <= D <= end (no end: open); a dispatch is on post on D when
  start <= D <= actual_end, or with no actual_end while its status is on_post;
- a reserve entry exists on D when entered by D; its stage/status on D is the latest stage change
  dated <= D (same day: highest id), or the stored values without such a change;
- a row counts only when it, its person, its village and that village's township are live;
- an age is the number of birthdays reached (29 February: reached on 1 March in common years).
"""

from __future__ import annotations

import calendar
import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from typing import Optional

POOL = ("active", "inspecting")
NOT_EXITED = ("active", "inspecting", "used")
SOURCES = ("rural_talent", "veteran", "retired_cadre", "returned_graduate", "young_entrepreneur", "other")
STAGES = ("talent", "reserve", "cadre", "secretary")


def connect(path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


# ---------------------------------------------------------------- building blocks (SQL text)

def _villages_cte(township: Optional[str]) -> str:
    where = "AND t.id = :township" if township else ""
    return f"""lv AS (
        SELECT v.id, v.parent_id AS township_id, v.needs_first_secretary AS needs_fs
        FROM region v JOIN region t ON t.id = v.parent_id
        WHERE v.level = 'village' AND v.deleted = 0 AND t.deleted = 0 {where})"""


_ON_POST = """d.deleted = 0 AND d.start_date <= :d
    AND (d.actual_end >= :d OR (d.actual_end IS NULL AND d.status = 'on_post'))"""

_HELD = """{a}.deleted = 0 AND {a}.start_date <= :d AND ({a}.end_date IS NULL OR {a}.end_date >= :d)"""

_STATUS_ON = """hist AS (
        SELECT entry_id, to_status, to_stage,
               ROW_NUMBER() OVER (PARTITION BY entry_id ORDER BY change_date DESC, id DESC) AS rn
        FROM stage_change WHERE deleted = 0 AND change_date <= :d),
    pool AS (
        SELECT e.id, e.village_id, e.person_id, e.source, p.birth_date,
               COALESCE(h.to_status, e.status) AS status, COALESCE(h.to_stage, e.stage) AS stage
        FROM reserve_entry e
        JOIN person p ON p.id = e.person_id AND p.deleted = 0
        JOIN lv ON lv.id = e.village_id
        LEFT JOIN hist h ON h.entry_id = e.id AND h.rn = 1
        WHERE e.deleted = 0 AND e.entry_date <= :d)"""


def _age(birth: date, day: date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def _one(conn, sql: str, **params):
    return conn.execute(sql, params).fetchone()[0]


# ---------------------------------------------------------------- 概况统计 (stats headline)

def headline(conn: sqlite3.Connection, day: date, today: date, township: Optional[str] = None) -> dict:
    p = {"d": day.isoformat(), "township": township}
    cte = "WITH " + _villages_cte(township)
    out: dict = {}
    out["townships"] = 1 if township else _one(
        conn, "SELECT COUNT(*) FROM region WHERE level = 'township' AND deleted = 0")
    out["villages"], out["villages_needing_first_secretary"] = conn.execute(
        cte + " SELECT COUNT(*), COALESCE(SUM(needs_fs), 0) FROM lv", p).fetchone()
    if day == today:
        home = "AND home_village_id IN (SELECT id FROM lv)" if township else ""
        out["persons"] = conn.execute(cte + f" SELECT COUNT(*) FROM person WHERE deleted = 0 {home}", p).fetchone()[0]
    else:
        out["persons"] = None
    rows = conn.execute(cte + ", " + _STATUS_ON + " SELECT source, stage, status FROM pool", p).fetchall()
    out["reserve_total"] = len(rows)
    current = [r for r in rows if r["status"] in NOT_EXITED]
    out["reserve_current"] = len(current)
    out["reserve_by_source"] = {s: sum(1 for r in current if r["source"] == s) for s in SOURCES}
    out["reserve_by_stage"] = {s: sum(1 for r in current if r["stage"] == s) for s in STAGES}
    home = "AND p.home_village_id IN (SELECT id FROM lv)" if township else ""
    enrol = conn.execute(cte + f"""
        SELECT COUNT(DISTINCT en.session_id), COUNT(DISTINCT en.person_id), COUNT(*),
               COALESCE(SUM(en.hours_completed), 0)
        FROM enrolment en
        JOIN training_session ts ON ts.id = en.session_id AND ts.deleted = 0 AND ts.start_date <= :d
        JOIN person p ON p.id = en.person_id AND p.deleted = 0 {home}
        WHERE en.deleted = 0""", p).fetchone()
    if township:
        out["training_sessions"] = enrol[0]
        by_year = conn.execute(cte + f"""
            SELECT ts.year, COUNT(DISTINCT ts.id) FROM training_session ts
            JOIN enrolment en ON en.session_id = ts.id AND en.deleted = 0
            JOIN person p ON p.id = en.person_id AND p.deleted = 0 {home}
            WHERE ts.deleted = 0 AND ts.start_date <= :d GROUP BY ts.year""", p).fetchall()
    else:
        out["training_sessions"] = _one(
            conn, "SELECT COUNT(*) FROM training_session WHERE deleted = 0 AND start_date <= :d", d=p["d"])
        by_year = conn.execute("""SELECT year, COUNT(*) FROM training_session
            WHERE deleted = 0 AND start_date <= :d GROUP BY year""", p).fetchall()
    out["trainees"], out["enrolments"], out["training_hours"] = enrol[1], enrol[2], float(enrol[3])
    out["training_sessions_by_year"] = {str(y): n for y, n in sorted(tuple(r) for r in by_year)}
    out["active_dispatches"], out["first_secretaries"] = conn.execute(cte + f"""
        SELECT COUNT(*), COALESCE(SUM(d.role = 'first_secretary'), 0) FROM dispatch d
        JOIN person p ON p.id = d.person_id AND p.deleted = 0
        JOIN lv ON lv.id = d.village_id
        WHERE {_ON_POST}""", p).fetchone()
    out["one_shoulder_villages"] = len(one_shoulder_villages(conn, day, township))
    return out


def one_shoulder_villages(conn, day: date, township: Optional[str] = None) -> set[str]:
    p = {"d": day.isoformat(), "township": township}
    return {r[0] for r in conn.execute("WITH " + _villages_cte(township) + f"""
        SELECT DISTINCT s.village_id FROM village_post s
        JOIN village_post c ON c.village_id = s.village_id AND c.person_id = s.person_id
        JOIN person p ON p.id = s.person_id AND p.deleted = 0
        JOIN lv ON lv.id = s.village_id
        WHERE s.post = 'secretary' AND c.post = 'director'
          AND {_HELD.format(a='s')} AND {_HELD.format(a='c')}""", p)}


def rates(conn, day: date) -> dict[str, tuple[int, int]]:
    """township id → (live villages, one-shoulder villages) on ``day``."""
    ones = one_shoulder_villages(conn, day)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for vid, tid in conn.execute("WITH " + _villages_cte(None) + " SELECT id, township_id FROM lv"):
        out[tid][0] += 1
        out[tid][1] += vid in ones
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------- 驻村提醒 (dispatch alerts)

def _month_first(d: date) -> date:
    return d.replace(day=1)


def dispatch_alerts(conn, day: date, term_days: int = 60, min_days: int = 20, months: int = 3) -> dict[str, set]:
    p = {"d": day.isoformat(), "township": None, "horizon": (day + timedelta(days=term_days)).isoformat()}
    cte = "WITH " + _villages_cte(None) + f""", onpost AS (
        SELECT d.* FROM dispatch d JOIN person p ON p.id = d.person_id AND p.deleted = 0
        JOIN lv ON lv.id = d.village_id WHERE {_ON_POST})"""
    ending = {r[0] for r in conn.execute(cte + """ SELECT id FROM onpost
        WHERE planned_end IS NOT NULL AND planned_end <= :horizon""", p)}
    uncovered = {r[0] for r in conn.execute(cte + """ SELECT lv.id FROM lv
        LEFT JOIN onpost o ON o.village_id = lv.id AND o.role = 'first_secretary'
        WHERE lv.needs_fs = 1 GROUP BY lv.id HAVING COUNT(o.id) = 0""", p)}
    double = {r[0] for r in conn.execute(cte + """ SELECT id FROM onpost WHERE person_id IN
        (SELECT person_id FROM onpost GROUP BY person_id HAVING COUNT(*) >= 2)""", p)}
    last = _month_first(_month_first(day) - timedelta(days=1))
    first = last
    for _ in range(max(months, 1) - 1):
        first = _month_first(first - timedelta(days=1))
    low = set()
    for did, month, days, start, end in conn.execute(cte + """
            SELECT o.id, m.month, m.days, o.start_date, o.actual_end FROM onpost o
            JOIN dispatch_month m ON m.dispatch_id = o.id AND m.deleted = 0
            WHERE m.month >= :first AND m.month <= :last""",
            {**p, "first": first.isoformat(), "last": last.isoformat()}):
        m = date.fromisoformat(month)
        m_end = m.replace(day=calendar.monthrange(m.year, m.month)[1])
        lo = max(m, date.fromisoformat(start))
        hi = min(m_end, date.fromisoformat(end)) if end else m_end
        possible = max((hi - lo).days + 1, 0)
        if days < min(min_days, possible):
            low.add((did, m))
    return {"ending": ending, "uncovered": uncovered, "double": double, "low_days": low}


def dashboard_alerts(conn, day: date) -> dict[str, int]:
    p = {"d": day.isoformat(), "township": None}
    cte = "WITH " + _villages_cte(None)
    overdue = conn.execute(cte + f""" SELECT COUNT(*) FROM dispatch d
        JOIN person p ON p.id = d.person_id AND p.deleted = 0 JOIN lv ON lv.id = d.village_id
        WHERE {_ON_POST} AND d.planned_end IS NOT NULL AND d.planned_end < :d""", p).fetchone()[0]
    with_secretary = {r[0] for r in conn.execute(f"""SELECT s.village_id FROM village_post s
        JOIN person p ON p.id = s.person_id AND p.deleted = 0
        WHERE s.post = 'secretary' AND {_HELD.format(a='s')}""", p)}
    villages = [r[0] for r in conn.execute(cte + " SELECT id FROM lv", p)]
    vacant = sum(1 for v in villages if v not in with_secretary)
    missing = len(dispatch_alerts(conn, day)["uncovered"])
    return {"dispatch_overdue": overdue, "secretary_vacant": vacant, "first_secretary_missing": missing}


# ---------------------------------------------------------------- 缺口预警 (reserve gap alerts)

def gap_alerts(conn, day: date, age_limit: int = 45) -> dict[str, int]:
    p = {"d": day.isoformat(), "township": None}
    cte = "WITH " + _villages_cte(None) + ", " + _STATUS_ON
    villages = {r[0] for r in conn.execute(cte + " SELECT id FROM lv", p)}
    pool = conn.execute(cte + f" SELECT id, village_id, stage, birth_date FROM pool WHERE status IN {POOL}",
                        p).fetchall()
    reviewed = {r[0] for r in conn.execute(
        "SELECT entry_id FROM assessment WHERE deleted = 0 AND year = ?", (day.year,))}
    with_any = {r["village_id"] for r in pool}
    with_stage = {r["village_id"] for r in pool if r["stage"] in ("reserve", "cadre", "secretary")}
    over = sum(1 for r in pool if r["birth_date"] and _age(date.fromisoformat(r["birth_date"]), day) > age_limit)
    return {"villages": len(villages), "no_reserve": len(villages - with_any),
            "no_reserve_stage": len(villages - with_stage), "over_age": over,
            "unreviewed": sum(1 for r in pool if r["id"] not in reviewed)}


# ---------------------------------------------------------------- 培训 (training)

def _status_timeline(conn) -> dict[str, list[tuple[str, str, str]]]:
    hist: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entry, when, sid, status in conn.execute(
            "SELECT entry_id, change_date, id, to_status FROM stage_change WHERE deleted = 0"):
        hist[entry].append((when, sid, status))
    for v in hist.values():
        v.sort()
    return hist


def training_short(conn, year: int, min_hours: float) -> dict[str, float]:
    """person id → hours in ``year``, for those expected to train and short of ``min_hours``."""
    a, b = f"{year}-01-01", f"{year}-12-31"
    p = {"a": a, "b": b, "township": None}
    cte = "WITH " + _villages_cte(None)
    people = {r[0] for r in conn.execute(cte + """ SELECT x.person_id FROM village_post x
        JOIN person p ON p.id = x.person_id AND p.deleted = 0 JOIN lv ON lv.id = x.village_id
        WHERE x.deleted = 0 AND x.start_date <= :b AND (x.end_date IS NULL OR x.end_date >= :a)
        UNION SELECT d.person_id FROM dispatch d
        JOIN person p ON p.id = d.person_id AND p.deleted = 0 JOIN lv ON lv.id = d.village_id
        WHERE d.deleted = 0 AND d.start_date <= :b
          AND (d.actual_end >= :a OR (d.actual_end IS NULL AND d.status = 'on_post'))""", p)}
    hist = _status_timeline(conn)
    for eid, pid, entered, stored in conn.execute(cte + """ SELECT e.id, e.person_id, e.entry_date, e.status
            FROM reserve_entry e JOIN person p ON p.id = e.person_id AND p.deleted = 0
            JOIN lv ON lv.id = e.village_id WHERE e.deleted = 0 AND e.entry_date <= :b""", p):
        changes = hist.get(eid, [])
        if not changes:
            seen = {stored}
        else:
            first_day = max(a, entered)
            before = [s for w, _i, s in changes if w <= first_day]
            seen = {before[-1] if before else stored}
            seen |= {s for w, _i, s in changes if first_day < w <= b}
        if seen & set(POOL):
            people.add(pid)
    hours = defaultdict(float)
    for pid, h in conn.execute("""SELECT en.person_id, en.hours_completed FROM enrolment en
            JOIN training_session ts ON ts.id = en.session_id AND ts.deleted = 0 AND ts.year = ?
            JOIN person p ON p.id = en.person_id AND p.deleted = 0 WHERE en.deleted = 0""", (year,)):
        hours[pid] += h or 0
    live_people = {r[0] for r in conn.execute("SELECT id FROM person WHERE deleted = 0")}
    return {pid: hours[pid] for pid in people & live_people if hours[pid] < min_hours}


def training_classes(conn, year: Optional[int] = None) -> dict[str, tuple[int, int, int]]:
    """class id → (enrolled, completed, certificates) counting live enrolments of live persons."""
    where = "AND ts.year = :y" if year is not None else ""
    rows = conn.execute(f"""SELECT ts.id,
            COUNT(en.id), SUM(CASE WHEN en.result = 'completed' THEN 1 ELSE 0 END),
            SUM(CASE WHEN en.certificate_no IS NOT NULL AND en.certificate_revoked = 0 THEN 1 ELSE 0 END)
        FROM training_session ts
        LEFT JOIN (SELECT e.* FROM enrolment e JOIN person p ON p.id = e.person_id AND p.deleted = 0
                   WHERE e.deleted = 0) en ON en.session_id = ts.id
        WHERE ts.deleted = 0 {where} GROUP BY ts.id""", {"y": year}).fetchall()
    return {r[0]: (r[1], r[2] or 0, r[3] or 0) for r in rows}


def trainees_per_year(conn, day: date) -> dict[int, int]:
    return dict(tuple(r) for r in conn.execute("""SELECT ts.year, COUNT(DISTINCT en.person_id) FROM enrolment en
        JOIN training_session ts ON ts.id = en.session_id AND ts.deleted = 0 AND ts.start_date <= ?
        JOIN person p ON p.id = en.person_id AND p.deleted = 0
        WHERE en.deleted = 0 GROUP BY ts.year""", (day.isoformat(),)))


def dispatch_on_post_ids(conn, day: date) -> set[str]:
    return {r[0] for r in conn.execute("WITH " + _villages_cte(None) + f""" SELECT d.id FROM dispatch d
        JOIN person p ON p.id = d.person_id AND p.deleted = 0 JOIN lv ON lv.id = d.village_id
        WHERE {_ON_POST}""", {"d": day.isoformat(), "township": None})}


def entry_ages(conn, day: date) -> dict[str, Optional[int]]:
    """Entry id → calendar age on ``day`` of its person, for live entries of live persons."""
    return {eid: (_age(date.fromisoformat(b), day) if b else None) for eid, b in conn.execute(
        """SELECT e.id, p.birth_date FROM reserve_entry e JOIN person p ON p.id = e.person_id
           WHERE e.deleted = 0 AND p.deleted = 0""")}

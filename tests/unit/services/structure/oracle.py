"""An independent plain-SQL computation of the team-structure report (班子结构分析), for tests.

Written from the issue's definitions straight over the tables with ``sqlite3``; it imports no
project code, so a fault in the service cannot hide here too. Calendar ages are computed in SQL
(year difference, minus one before the birthday); education is the higher level of the two codes.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

TWO_COMMITTEES = ("secretary", "deputy_secretary", "party_committee", "director", "deputy_director",
                  "committee_member")


def _level(col: str) -> str:
    return (f"CASE substr({col}, 1, 1) WHEN '1' THEN 0 WHEN '2' THEN 1 WHEN '3' THEN 2 "
            f"WHEN '4' THEN 3 WHEN '5' THEN 3 WHEN '6' THEN 3 WHEN '7' THEN 4 WHEN '8' THEN 4 WHEN '9' THEN 4 END")


MEMBERS_SQL = f"""
WITH live AS (
  SELECT t.id AS tid, p.village_id AS vid, p.person_id AS pid, p.post AS post
  FROM village_post p
  JOIN person x ON x.id = p.person_id
  JOIN region v ON v.id = p.village_id
  JOIN region t ON t.id = v.parent_id
  WHERE p.deleted = 0 AND x.deleted = 0 AND v.deleted = 0 AND t.deleted = 0 AND v.level = 'village'
    AND p.post IN ({", ".join(f"'{p}'" for p in TWO_COMMITTEES)})
    AND p.start_date <= :d AND (p.end_date IS NULL OR p.end_date >= :d)
), pairs AS (
  SELECT tid, vid, pid,
         MAX(post = 'secretary') AS is_sec, MAX(post = 'director') AS is_dir,
         MAX(post IN ('secretary', 'deputy_secretary', 'party_committee')) AS party,
         MAX(post IN ('director', 'deputy_director', 'committee_member')) AS comm
  FROM live GROUP BY tid, vid, pid
)
SELECT pairs.tid, pairs.vid, pairs.is_sec, pairs.is_dir, pairs.party, pairs.comm,
       x.gender = '2' AS woman,
       (x.ethnicity IS NOT NULL AND x.ethnicity <> '01') AS minority,
       x.political_status IN ('01', '02') AS cpc,
       CASE WHEN x.birth_date IS NULL THEN NULL ELSE
         CAST(strftime('%Y', :d) AS INTEGER) - CAST(strftime('%Y', x.birth_date) AS INTEGER)
         - (strftime('%m-%d', :d) < strftime('%m-%d', x.birth_date)) END AS age,
       COALESCE(min({_level('x.education')}, {_level('x.education_inservice')}),
                {_level('x.education')}, {_level('x.education_inservice')}) AS edu
FROM pairs JOIN person x ON x.id = pairs.pid
"""


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def townships(path: Path) -> list[tuple[str, str, int]]:
    """(id, name, live villages) of the live townships, by code."""
    with _connect(path) as con:
        return con.execute("""
            SELECT t.id, t.name, (SELECT COUNT(*) FROM region v WHERE v.parent_id = t.id AND v.deleted = 0
                                  AND v.level = 'village')
            FROM region t WHERE t.level = 'township' AND t.deleted = 0 ORDER BY t.code""").fetchall()


def group_figures(path: Path, day: date, group: str, bands=(35, 45, 55, 60)) -> dict[str, dict[str, float]]:
    """Township id → figures of one table ('secretary', 'director' or 'members') on ``day``."""
    where = {"secretary": "is_sec = 1", "director": "is_dir = 1", "members": "1 = 1"}[group]
    edges = [-1, *bands]
    age_cols = [f"SUM(age > {lo} AND age <= {hi})" for lo, hi in zip(edges, edges[1:])] + [f"SUM(age > {bands[-1]})"]
    sql = f"""
        SELECT tid, COUNT(*), SUM(woman), SUM(minority), SUM(cpc), {", ".join(age_cols)}, AVG(age),
               {", ".join(f"SUM(edu = {i})" for i in range(5))}, SUM(edu <= 2), SUM(party AND comm),
               SUM(is_sec AND is_dir), SUM(age IS NULL), SUM(edu IS NULL)
        FROM ({MEMBERS_SQL}) WHERE {where} GROUP BY tid"""
    out: dict[str, dict[str, float]] = {}
    with _connect(path) as con:
        for row in con.execute(sql, {"d": day.isoformat()}):
            tid, n, women, minority, cpc, *rest = row
            ages = rest[:len(bands) + 1]
            avg, edu = rest[len(bands) + 1], rest[len(bands) + 2:len(bands) + 7]
            college, cross, one, age_unknown, edu_unknown = rest[len(bands) + 7:]
            fig = {"count": n, "women": women, "minority": minority, "cpc": cpc, "avg_age": avg,
                   "college_share": 100.0 * college / n, "cross": cross, "one_shoulder": one,
                   "age_unknown": age_unknown, "edu_unknown": edu_unknown}
            fig.update({f"age_{i}": k for i, k in enumerate(ages)})
            fig.update({f"edu_{i}": k for i, k in enumerate(edu)})
            out[tid] = fig
    return out


def targets(path: Path, day: date, young: int = 35, edu_max_level: int = 2) -> dict[str, dict[str, int]]:
    """Township id → villages missing each default target on ``day``."""
    sql = f"""
        WITH m AS ({MEMBERS_SQL})
        SELECT t.id,
               SUM(NOT EXISTS (SELECT 1 FROM m WHERE m.vid = v.id AND m.is_sec = 1)),
               SUM(NOT EXISTS (SELECT 1 FROM m WHERE m.vid = v.id AND m.woman = 1)),
               SUM(NOT EXISTS (SELECT 1 FROM m WHERE m.vid = v.id AND m.age <= {young})),
               SUM(EXISTS (SELECT 1 FROM m WHERE m.vid = v.id AND m.is_sec = 1
                           AND (m.edu IS NULL OR m.edu > {edu_max_level})))
        FROM region v JOIN region t ON t.id = v.parent_id
        WHERE v.level = 'village' AND v.deleted = 0 AND t.deleted = 0 AND t.level = 'township'
        GROUP BY t.id"""
    with _connect(path) as con:
        return {tid: {"no_secretary": a, "no_woman": b, "no_young": c, "secretary_education": e}
                for tid, a, b, c, e in con.execute(sql, {"d": day.isoformat()})}


def one_shoulder_villages(path: Path, day: date) -> int:
    """Villages whose live secretary is also its director on ``day`` (every live row)."""
    with _connect(path) as con:
        return con.execute("""
            SELECT COUNT(DISTINCT s.village_id) FROM village_post s
            JOIN village_post d ON d.village_id = s.village_id AND d.person_id = s.person_id
            JOIN person x ON x.id = s.person_id
            JOIN region v ON v.id = s.village_id JOIN region t ON t.id = v.parent_id
            WHERE s.post = 'secretary' AND d.post = 'director' AND s.deleted = 0 AND d.deleted = 0
              AND x.deleted = 0 AND v.deleted = 0 AND t.deleted = 0
              AND s.start_date <= :d AND (s.end_date IS NULL OR s.end_date >= :d)
              AND d.start_date <= :d AND (d.end_date IS NULL OR d.end_date >= :d)""",
                           {"d": day.isoformat()}).fetchone()[0]


def busiest_last_day(path: Path) -> date:
    """The day on which most “两委” posts have their last day (end dates are inclusive)."""
    with _connect(path) as con:
        day = con.execute(f"""
            SELECT end_date FROM village_post WHERE deleted = 0 AND end_date IS NOT NULL
              AND post IN ({", ".join(f"'{p}'" for p in TWO_COMMITTEES)})
            GROUP BY end_date ORDER BY COUNT(*) DESC, end_date LIMIT 1""").fetchone()[0]
    return date.fromisoformat(day)

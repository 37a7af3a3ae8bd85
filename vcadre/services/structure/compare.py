"""Two days side by side (e.g. before and after the 2021 换届): every figure and its change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from sqlalchemy.orm import Session

from vcadre.services.structure.report import FigureColumn, StructureReport, TableRow, build
from vcadre.services.structure.settings import StructureSettings
from vcadre.services.structure import settings as settings_mod


@dataclass
class CompareRow:
    code: str
    name: str
    before: dict[str, Any]
    after: dict[str, Any]

    def change(self, key: str) -> Optional[float]:
        a, b = self.before.get(key), self.after.get(key)
        if a is None or b is None:
            return None
        d = b - a
        return round(d, 1) if isinstance(d, float) else d


@dataclass
class CompareTable:
    key: str
    title: str
    columns: list[FigureColumn]
    rows: list[CompareRow]
    total: CompareRow


@dataclass
class Comparison:
    before: StructureReport
    after: StructureReport
    tables: list[CompareTable]

    def as_dict(self) -> dict[str, Any]:
        def row(r: CompareRow, cols: list[FigureColumn]) -> dict[str, Any]:
            return {"township": r.name, "code": r.code,
                    **{c.key: {"before": r.before.get(c.key), "after": r.after.get(c.key), "change": r.change(c.key)}
                       for c in cols}}

        return {"before": self.before.as_of.isoformat(), "after": self.after.as_of.isoformat(),
                "scope": self.after.scope,
                "tables": {t.key: {"title": t.title, "townships": [row(r, t.columns) for r in t.rows],
                                   "total": row(t.total, t.columns)} for t in self.tables}}


def _pair(rows_a: list[TableRow], rows_b: list[TableRow]) -> list[CompareRow]:
    """Townships of both days matched by id, in code order (one missing on a day shows blanks)."""
    a = {r.township_id: r for r in rows_a}
    b = {r.township_id: r for r in rows_b}
    ids = sorted(set(a) | set(b), key=lambda i: (a.get(i) or b.get(i)).code)
    return [CompareRow((a.get(i) or b.get(i)).code, (a.get(i) or b.get(i)).name,
                       a[i].values if i in a else {}, b[i].values if i in b else {}) for i in ids]


def compare(session: Session, before: date, after: date, township_id: Optional[str] = None,
            cfg: Optional[StructureSettings] = None) -> Comparison:
    """The report on ``before`` and on ``after``, table by table, township by township."""
    cfg = cfg or settings_mod.load(session)
    ra = build(session, before, township_id, cfg)
    rb = build(session, after, township_id, cfg)
    tables = []
    for ga, gb in zip(ra.groups, rb.groups):
        tables.append(CompareTable(ga.key, ga.title, ga.columns, _pair(ga.rows, gb.rows),
                                   CompareRow("", "合计", ga.total.values, gb.total.values)))
    tables.append(CompareTable("targets", "换届目标未达标村", ra.targets.columns,
                               _pair(ra.targets.rows, rb.targets.rows),
                               CompareRow("", "合计", ra.targets.total.values, rb.targets.total.values)))
    return Comparison(ra, rb, tables)

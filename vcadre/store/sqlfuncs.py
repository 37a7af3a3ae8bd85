"""SQL functions that are spelt differently on the two backends, as SQLAlchemy expressions.

Services write ``greatest(a, b)`` and get SQLite's scalar ``max(a, b)`` on a file and
PostgreSQL's ``greatest(a, b)`` on a server (SQLAlchemy ``@compiles`` per dialect), and so on.
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class _Fn(FunctionElement):
    inherit_cache = True


class greatest(_Fn):
    inherit_cache = True
    """The larger of the arguments (SQLite's two-argument ``max``)."""

    name = "greatest"

    @property
    def type(self):  # noqa: D401 - the first argument's type (dates stay dates)
        return list(self.clauses)[0].type


class least(greatest):
    inherit_cache = True
    name = "least"


@compiles(greatest)
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least)
def _least_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "postgresql")
@compiles(least, "postgresql")
def _greatest_pg(element, compiler, **kw):
    return f"{element.name}({compiler.process(element.clauses, **kw)})"


class iif(_Fn):
    inherit_cache = True
    """``iif(condition, then, otherwise)``."""

    name = "iif"
    type = Integer()


@compiles(iif)
def _iif_sqlite(element, compiler, **kw):
    return f"iif({compiler.process(element.clauses, **kw)})"


@compiles(iif, "postgresql")
def _iif_pg(element, compiler, **kw):
    cond, then, other = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CASE WHEN {cond} THEN {then} ELSE {other} END)"


class whole_years(_Fn):
    inherit_cache = True
    """Whole years from the second date to the first (an age)."""

    name = "whole_years"
    type = Integer()


@compiles(whole_years)
def _years_sqlite(element, compiler, **kw):
    ref, birth = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST((julianday({ref}) - julianday({birth})) / 365.2425 AS INTEGER)"


@compiles(whole_years, "postgresql")
def _years_pg(element, compiler, **kw):
    ref, birth = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(trunc((CAST({ref} AS DATE) - CAST({birth} AS DATE)) / 365.2425) AS INTEGER)"


class day_before(_Fn):
    inherit_cache = True
    name = "day_before"
    type = Date()


@compiles(day_before)
def _day_before_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '-1 day')"


@compiles(day_before, "postgresql")
def _day_before_pg(element, compiler, **kw):
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - 1)"


class year_month_zh(_Fn):
    inherit_cache = True
    """A date as ``2026年03月``."""

    name = "year_month_zh"
    type = String()


@compiles(year_month_zh)
def _ym_sqlite(element, compiler, **kw):
    return f"strftime('%Y年%m月', {compiler.process(element.clauses, **kw)})"


@compiles(year_month_zh, "postgresql")
def _ym_pg(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY\"年\"MM\"月\"')"


class no_index(_Fn):
    """A column SQLite must not use an index for (``+col``, the SQLite idiom); PostgreSQL: the column."""

    inherit_cache = True
    name = "no_index"

    @property
    def type(self):
        return list(self.clauses)[0].type


@compiles(no_index)
def _no_index_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(no_index, "postgresql")
def _no_index_pg(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)

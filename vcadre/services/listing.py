"""Paged, sorted, filtered lists of records for the GUI tables and printed rosters.

A ``Listing`` knows how to count and fetch one page of a record list with filtering and ordering
done in SQL, so a table over half a million rows only ever holds a page in Python. The GUI's lazy
table model (``vcadre.ui.table_model``) asks for ``count`` once and ``page`` as the user scrolls.
Columns are identified by key; headers are the GUI's business (translated there with ``tr()``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Optional, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join


@dataclass(frozen=True)
class Column:
    key: str
    #: Name of a ``vcadre.domain.codes.TABLES`` code table: the value is a code, show its label.
    codes: Optional[str] = None
    sortable: bool = True
    #: "text", "date", "int", "float", "bool" — how the GUI aligns and formats the value.
    kind: str = "text"


@dataclass
class ListQuery:
    """What the user asked to see: region from the tree, search box text, filters, order."""

    region_id: Optional[str] = None
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    order_by: Optional[str] = None
    descending: bool = False
    as_of: Optional[date] = None


@dataclass(frozen=True)
class Row:
    id: str
    values: tuple[Any, ...]


class Listing:
    """Base for a record list defined by a SELECT of (id, *columns).

    Subclasses set ``kind`` and ``columns`` and implement ``base(query)`` returning a
    ``Select`` whose first column is the record id and whose following columns match
    ``columns`` in order, with the region/search/filter conditions already applied, and
    ``sort_expr(key)`` giving the SQL expression to order by for a column key.
    """

    kind: str = ""
    columns: tuple[Column, ...] = ()
    #: Default order when the user has not clicked a header.
    default_order: Sequence[str] = ()

    def base(self, q: ListQuery) -> Select:
        raise NotImplementedError

    def sort_expr(self, key: str) -> ColumnElement:
        raise NotImplementedError

    def default_sort(self) -> list[ColumnElement]:
        return [self.sort_expr(k) for k in self.default_order]

    def column_index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def count_statement(self, q: ListQuery) -> Select:
        """The SELECT counting the rows of the list (benchmarks run it raw as their floor)."""
        base = self.base(q)  # built once: building a listing's SELECT costs milliseconds
        sub = base.with_only_columns(base.selected_columns[0]).subquery()
        return select(func.count()).select_from(sub)

    def count(self, session: Session, q: ListQuery) -> int:
        return session.scalar(self.count_statement(q)) or 0

    def count_bounded(self, session: Session, q: ListQuery) -> tuple[int, bool]:
        """(rows, exact): what a list view shows as its total. A listing may stop counting a broad
        search early and answer (n, False): at least n rows, more not counted. Default: exact."""
        return self.count(session, q), True

    def ordered(self, q: ListQuery) -> Select:
        stmt = self.base(q)
        if q.order_by and q.order_by in {c.key for c in self.columns if c.sortable}:
            expr = _pinyin_order(self.sort_expr(q.order_by))
            stmt = stmt.order_by(expr.desc() if q.descending else expr.asc())
        stmt = stmt.order_by(*self.default_sort(), stmt.selected_columns[0])
        return stmt

    def page(self, session: Session, q: ListQuery, offset: int, limit: int) -> list[Row]:
        stmt = self.ordered(q).offset(offset).limit(limit)
        return [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]

    def ids(self, session: Session, q: ListQuery) -> list[str]:
        """All ids of the list in order (for 'select all' and rosters; ids only, cheap)."""
        stmt = self.ordered(q)
        stmt = stmt.with_only_columns(stmt.selected_columns[0])
        return list(session.scalars(stmt))


#: kind → factory, filled by the record services (talent, training, dispatch, posts).
LISTINGS: dict[str, Callable[[], Listing]] = {}


def register(kind: str) -> Callable[[type[Listing]], type[Listing]]:
    def deco(cls: type[Listing]) -> type[Listing]:
        cls.kind = kind
        LISTINGS[kind] = cls
        return cls

    return deco


class ExprListing(Listing):
    """A Listing whose columns are SQL expressions given in ``exprs()`` (key → expression).

    ``from_(q)`` builds the SELECT (joins and conditions); generic filters on code and bool
    columns (``ListQuery.filters[key] = value``) are applied here as equality conditions.
    """

    def exprs(self, q: ListQuery) -> dict[str, ColumnElement]:
        raise NotImplementedError

    def id_expr(self) -> ColumnElement:
        raise NotImplementedError

    def from_(self, q: ListQuery, stmt: Select) -> Select:
        raise NotImplementedError

    def extra_filter(self, key: str, value: Any, exprs: dict[str, ColumnElement]):
        """Condition for a filter key that is not a column (e.g. ``age_min``); None if unknown."""
        return None

    def base(self, q: ListQuery) -> Select:
        exprs = self.exprs(q)
        stmt = select(self.id_expr(), *(exprs[c.key].label(c.key) for c in self.columns))
        return self.apply_filters(q, self.from_(q, stmt), exprs)

    def apply_filters(self, q: ListQuery, stmt: Select, exprs: dict[str, ColumnElement]) -> Select:
        """``stmt`` with the conditions of ``q.filters`` (``exprs``: from ``exprs(q)``)."""
        kinds = {c.key: c for c in self.columns}
        for key, value in q.filters.items():
            if value is None or value == "":
                continue
            if key in kinds and (kinds[key].codes or kinds[key].kind in ("bool", "int")):
                stmt = stmt.where(exprs[key] == value)
            else:
                cond = self.extra_filter(key, value, exprs)
                if cond is not None:
                    stmt = stmt.where(cond)
        return stmt

    def sort_expr(self, key: str) -> ColumnElement:
        return self.exprs(ListQuery())[key]


def _pinyin_order(expr: ColumnElement) -> ColumnElement:
    """A person's name sorts by its pinyin (阿 … 张), not by character code (张 before 阿)."""
    from vcadre.store.models import Person

    if getattr(expr, "class_", None) is Person and getattr(expr, "key", None) == "name":
        return Person.name_pinyin
    return expr


class CrossJoin(Join):
    """An inner join that SQLite must evaluate in the written order (``CROSS JOIN`` … ``ON``).

    SQLite's planner treats ``CROSS JOIN`` as a fixed nesting order. A list ordered by region code
    is then read village by village through the region-code index and stops after one page,
    instead of sorting every row of a province (1 ms instead of 300 ms for 124,000 entries).
    """

    inherit_cache = True


@compiles(CrossJoin)
def _compile_cross_join(element: CrossJoin, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    linter = kw.get("from_linter")
    if linter is not None:  # tell SQLAlchemy's cartesian-product check that these are joined
        linter.edges.update(itertools.product(element.left._from_objects, element.right._from_objects))
    on = {k: v for k, v in kw.items() if k not in ("asfrom", "from_linter")}
    return (f"{compiler.process(element.left, **kw)} CROSS JOIN "
            f"{compiler.process(element.right, **kw)} ON {compiler.process(element.onclause, **on)}")


@compiles(CrossJoin, "postgresql")
def _compile_join_pg(element: CrossJoin, compiler: Any, **kw: Any) -> str:
    return compiler.visit_join(element, **kw)  # PostgreSQL: a plain JOIN, its planner picks the order

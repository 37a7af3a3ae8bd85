"""``ListingModel``: a lazy table over a service ``Listing`` (the “Fetch More” pattern).

It holds the total count of the current query and the pages fetched so far; the view asks
for more as the user scrolls (``canFetchMore``/``fetchMore``, ``PAGE_SIZE`` rows at a time).
Filtering and sorting are the SQL's business: ``sort()`` re-runs the query with a new
``ORDER BY`` and never sorts in Python (a ``QSortFilterProxyModel`` over 100k rows takes 30 s).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, datetime
from typing import Any, Callable, Optional

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from vcadre.services.listing import Listing, ListQuery, Row
from vcadre.ui import labels
from vcadre.ui.qtcompat import emit

log = logging.getLogger(__name__)

PAGE_SIZE = 200

_Index = QModelIndex | QPersistentModelIndex

_NUMERIC = ("int", "float")


def format_value(value: Any, kind: str, codes: Optional[str], english: bool) -> str:
    """How a listing value reads in a cell."""
    if value is None:
        return ""
    if codes:
        return labels.code_label(codes, value, english)
    if kind == "bool" or isinstance(value, bool):
        return labels.yes_no(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:,.1f}"
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int) and kind == "int":
        return str(value)
    return str(value)


class ListingModel(QAbstractTableModel):
    """Rows of one ``Listing`` for one ``ListQuery``, fetched page by page from ``db``."""

    #: Emitted after a reset with the new total (for “共 N 条” labels).
    totalChanged = Signal(int)

    def __init__(
        self,
        listing: Listing,
        db: Any,
        header_label: Callable[[str], str],
        english: bool = False,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._listing = listing
        self._db = db
        self._columns = listing.columns
        self._headers = [header_label(c.key) for c in self._columns]
        self._english = english
        self._query = ListQuery()
        self._rows: list[Row] = []
        self._total = 0
        #: False when the listing stopped counting (``Listing.count_bounded``): at least ``_total``.
        self._exact = True
        self._loaded = False

    # ------------------------------------------------------------------ queries

    @property
    def listing(self) -> Listing:
        return self._listing

    def query(self) -> ListQuery:
        return dataclasses.replace(self._query, filters=dict(self._query.filters))

    def set_query(self, query: ListQuery) -> None:
        """Run ``query``: count plus the first page (a few ms), replacing what is shown."""
        self.beginResetModel()
        try:
            self._query = query
            with self._db.session() as s:
                self._total, self._exact = self._listing.count_bounded(s, query)
                self._rows = self._listing.page(s, query, 0, PAGE_SIZE) if self._total else []
            if not self._exact and (len(self._rows) < PAGE_SIZE or len(self._rows) > self._total):
                # A short first page is the whole list; a long one more than the count's stop.
                self._total, self._exact = len(self._rows), len(self._rows) < PAGE_SIZE
            self._loaded = True
        finally:
            self.endResetModel()
        emit(self.totalChanged, self._total)

    def refresh(self) -> None:
        """Re-run the current query (after an edit), keeping the order."""
        self.set_query(self._query)

    def total(self) -> int:
        return self._total

    def total_is_exact(self) -> bool:
        """False while the count stopped early (a broad search): there are at least ``total()`` rows."""
        return self._exact

    def total_text(self) -> str:
        """The total as a list's label shows it: ``12,345``, or ``5,000+`` when not counted to the end."""
        return f"{self._total:,}" + ("" if self._exact else "+")

    def is_loaded(self) -> bool:
        return self._loaded

    def row_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, record_id: str) -> int:
        """Row of a record among the rows fetched so far, or -1."""
        for i, r in enumerate(self._rows):
            if r.id == record_id:
                return i
        return -1

    def column_key(self, column: int) -> str:
        return self._columns[column].key

    def raw_value(self, row: int, key: str) -> Any:
        return self._rows[row].values[self._listing.column_index(key)]

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and (len(self._rows) < self._total or not self._exact)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        with self._db.session() as s:
            more = self._listing.page(s, self._query, len(self._rows), PAGE_SIZE)
        if not more:  # the table shrank under us (another edit), or an uncounted list ended: stop asking
            self._total, self._exact = len(self._rows), True
            emit(self.totalChanged, self._total)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        if not self._exact and (len(more) < PAGE_SIZE or len(self._rows) >= self._total):
            # Scrolled past the count's stop: the rows read so far are the new lower bound,
            # and a short page is the end of the list (the total is known now).
            self._total, self._exact = len(self._rows), len(more) < PAGE_SIZE
            emit(self.totalChanged, self._total)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        col = self._columns[index.column()]
        value = self._rows[index.row()].values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, col.kind, col.codes, self._english)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind in _NUMERIC and not col.codes:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col.kind in ("bool", "date"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()].id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                col = self._columns[section]
                if col.kind in _NUMERIC and not col.codes:
                    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL with ``ORDER BY`` the column (column -1: the listing's default order)."""
        if 0 <= column < len(self._columns) and self._columns[column].sortable:
            key: Optional[str] = self._columns[column].key
        else:
            key = None
        q = self.query()
        q.order_by = key
        q.descending = order == Qt.SortOrder.DescendingOrder and key is not None
        if not self._loaded:  # not shown yet: remember the order for the first query
            self._query = q
            return
        if (q.order_by, q.descending) == (self._query.order_by, self._query.descending):
            return
        self.set_query(q)

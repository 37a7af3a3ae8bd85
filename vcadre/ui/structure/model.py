"""Table model of the team-structure report: one row per township and the 合计 row.

The report is small (a row per township), so the model holds its rows; the numbers come from
``services.structure`` on a worker and are turned into display rows by :func:`report_rows` /
:func:`comparison_rows` (no Qt), which the tests also check against the service.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _change(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:+.1f}" if value else "0"
    return f"{value:+d}" if value else "0"


def report_rows(table: Any) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of a ``GroupTable`` or ``TargetsTable``: township name, then each figure;
    the last row is the total. Grouped figures are headed "group\\nfigure" (年龄 / 35岁及以下)."""
    headers = [f"{c.group}\n{c.header}" if c.group else c.header for c in table.columns]
    rows = [[r.name] + [_text(r.values.get(c.key), c.kind) for c in table.columns]
            for r in list(table.rows) + [table.total]]
    return headers, rows


def comparison_rows(table: Any) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of a ``CompareTable``: each cell "before → after (change)"."""
    headers = [f"{c.group}\n{c.header}" if c.group else c.header for c in table.columns]
    rows = []
    for r in list(table.rows) + [table.total]:
        cells = [r.name]
        for c in table.columns:
            a, b = r.before.get(c.key), r.after.get(c.key)
            cells.append(f"{_text(a, c.kind)} → {_text(b, c.kind)}（{_change(r.change(c.key))}）"
                         if a is not None or b is not None else "")
        rows.append(cells)
    return headers, rows


class StructureModel(QAbstractTableModel):
    """Rows of text; the first column is the township, the last ``total_rows`` rows are bold."""

    def __init__(self, first_header: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._first = first_header
        self._headers: list[str] = []
        self._rows: list[list[str]] = []
        self.total_rows = 1
        self.text_columns = 1  #: leading columns of text (left-aligned); numbers align right

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], total_rows: int = 1,
                 text_columns: int = 1) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self.total_rows = total_rows
        self.text_columns = text_columns
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], [], 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self._headers else len(self._headers) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= self.columnCount():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignLeft if index.column() < self.text_columns else Qt.AlignmentFlag.AlignRight
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() >= len(self._rows) - self.total_rows:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < self.columnCount():
                return self._first if section == 0 else self._headers[section - 1]
            return None
        return section + 1 if 0 <= section < len(self._rows) else None

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column]

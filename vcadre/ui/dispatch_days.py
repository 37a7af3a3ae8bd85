"""驻村天数: a month's days on post for everyone posted that month, typed in one after another.

The grid lists everyone on post in the chosen month (region from the tree). Typing a number in
the 天数 column and pressing Enter (or Tab) moves to the next person, so a township's sheet is
typed straight down the column; “fill the empty ones” puts one figure in every blank cell.
Figures below the minimum (a setting) show red. Save checks the whole sheet and writes it in
one transaction; a refusal names each person and keeps what was typed. The 汇总 tab totals a
period per person and per township.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.services import dispatch_days
from vcadre.services.edit_lock import EditConflict
from vcadre.services.errors import ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.qtcompat import emit
from vcadre.ui.unsaved import AsksBeforeDiscarding

_Index = QModelIndex | QPersistentModelIndex
LOW_BG = QColor("#f9d6d5")
ERROR_STYLE = "color: #b3261e;"


class MonthDaysModel(QAbstractTableModel):
    """Rows of ``dispatch_days.month_sheet`` with the 天数 column editable; edits kept until saved."""

    COLUMNS = ("township", "village", "name", "role", "unit", "possible", "days")
    UNIT = 4
    DAYS = 6

    def __init__(self, english: bool = False, min_days: int = dispatch_days.DEFAULT_MIN_DAYS,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._english = english
        self.min_days = min_days
        self.rows: list[dispatch_days.SheetRow] = []
        self.edits: dict[str, Optional[int]] = {}
        self.bad: set[str] = set()

    def set_rows(self, rows: list[dispatch_days.SheetRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.edits = {}
        self.bad = set()
        self.endResetModel()

    def value(self, row: int) -> Optional[int]:
        r = self.rows[row]
        return self.edits[r.dispatch_id] if r.dispatch_id in self.edits else r.days

    def changed(self) -> dict[str, Optional[int]]:
        by_id = {r.dispatch_id: r for r in self.rows}
        return {k: v for k, v in self.edits.items() if by_id[k].days != v}

    def loaded(self, ids) -> dict[str, Optional[int]]:
        """The figures of ``ids`` as loaded (the version a save is checked against)."""
        by_id = {r.dispatch_id: r for r in self.rows}
        return {k: by_id[k].days for k in ids}

    def adopt_saved(self, saved: dict[str, Optional[int]], taken: dict[str, Optional[int]]) -> None:
        """After a conflict: ``saved`` becomes the loaded figures, ``taken`` replace the edits."""
        for row, r in enumerate(self.rows):
            if r.dispatch_id in saved:
                self.rows[row] = dataclasses.replace(r, days=saved[r.dispatch_id])
                if r.dispatch_id in taken:
                    self.edits[r.dispatch_id] = taken[r.dispatch_id]
                emit(self.dataChanged, self.index(row, self.DAYS), self.index(row, self.DAYS))

    def headers(self) -> list[str]:
        return [labels.label("dispatch", "township"), labels.label("dispatch", "village"),
                labels.label("dispatch", "name"), labels.label("dispatch", "role"),
                labels.label("dispatch", "unit"), self.tr("Days possible"), self.tr("Days on post")]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == 0:
                return r.township
            if c == 1:
                return r.village
            if c == 2:
                return r.name
            if c == 3:
                return labels.code_label("dispatch_role", r.role, self._english)
            if c == 4:
                return r.unit
            if c == 5:
                return str(r.possible)
            v = self.value(index.row())
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if c == self.DAYS:
            v = self.value(index.row())
            low = v is not None and v < min(self.min_days, r.possible)
            if role == Qt.ItemDataRole.BackgroundRole and (low or r.dispatch_id in self.bad):
                return QBrush(LOW_BG)
            if role == Qt.ItemDataRole.FontRole and r.dispatch_id in self.edits:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.ToolTipRole and low:
                return self.tr("Fewer than {n} days on post").format(n=self.min_days)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.DAYS or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip() if value is not None else ""
        if text == "":
            days: Optional[int] = None
        else:
            try:
                days = int(text)
            except ValueError:
                return False
        r = self.rows[index.row()]
        self.edits[r.dispatch_id] = days
        self.bad.discard(r.dispatch_id)
        emit(self.dataChanged, index, index)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DAYS:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def fill_empty(self, days: int) -> int:
        n = 0
        for i, r in enumerate(self.rows):
            if self.value(i) is None:
                self.edits[r.dispatch_id] = min(days, r.possible)
                n += 1
        if n:
            emit(self.dataChanged, self.index(0, self.DAYS), self.index(len(self.rows) - 1, self.DAYS))
        return n

    def mark_bad(self, ids: set[str]) -> None:
        self.bad = set(ids)
        if self.rows:
            emit(self.dataChanged, self.index(0, self.DAYS), self.index(len(self.rows) - 1, self.DAYS))

    def row_of(self, dispatch_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.dispatch_id == dispatch_id), -1)


class DaysTable(QTableView):
    """Enter or Tab after a figure moves down to the next person and starts editing there."""

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        move = hint in (QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                        QAbstractItemDelegate.EndEditHint.EditNextItem)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if move:
            cur = self.currentIndex()
            nxt = self.model().index(cur.row() + 1, cur.column())
            if nxt.isValid():
                self.setCurrentIndex(nxt)
                self.edit(nxt)


class DaysDialog(AsksBeforeDiscarding, QDialog):
    """Monthly days on post for many people at once, and the period summaries."""

    def __init__(self, db: Any, english: bool = False, min_days: int = dispatch_days.DEFAULT_MIN_DAYS,
                 region_id: Optional[str] = None, month: Optional[date] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._region = region_id
        self.min_days = min_days
        self.setWindowTitle(self.tr("Days on post"))
        self.setSizeGripEnabled(True)
        month = month or dispatch_days.last_full_month(clock.today())
        self._month = dispatch_days.month_start(month)

        # --- entry tab
        self.month_edit = QDateEdit(self)
        self.month_edit.setObjectName("month")
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setDate(QDate(month.year, month.month, 1))
        self.month_edit.dateChanged.connect(self._month_changed)
        self.fill_spin = QSpinBox(self)
        self.fill_spin.setObjectName("fillDays")
        self.fill_spin.setRange(0, 31)
        self.fill_spin.setValue(22)
        self.fill_button = QPushButton(self.tr("Fill the empty ones"), self)
        self.fill_button.setObjectName("fill")
        self.fill_button.clicked.connect(self.fill_empty)
        self.info = QLabel(self)
        self.info.setObjectName("info")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month:"), self))
        top.addWidget(self.month_edit)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Days for the empty ones:"), self))
        top.addWidget(self.fill_spin)
        top.addWidget(self.fill_button)
        top.addStretch(1)
        top.addWidget(self.info)

        self.model = MonthDaysModel(english, min_days, self)
        self.table = DaysTable(self)
        self.table.setObjectName("daysTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(MonthDaysModel.UNIT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        hint = QLabel(self.tr("Type the days and press Enter to go to the next person. Red: fewer than {n} days.")
                      .format(n=min_days), self)
        hint.setStyleSheet("color: palette(mid);")
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        entry = QWidget(self)
        el = QVBoxLayout(entry)
        el.addLayout(top)
        el.addWidget(self.table, 1)
        el.addWidget(self.error)
        el.addLayout(bottom)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)

        # --- summary tab
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("year")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(month.year)
        self.year_spin.valueChanged.connect(self.refresh_summary)
        self.person_table = QTableWidget(0, 7, self)
        self.person_table.setObjectName("personSummary")
        self.township_table = QTableWidget(0, 6, self)
        self.township_table.setObjectName("townshipSummary")
        for t in (self.person_table, self.township_table):
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.verticalHeader().hide()
            t.setAlternatingRowColors(True)
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.person_table.setHorizontalHeaderLabels([
            labels.label("dispatch", "township"), labels.label("dispatch", "village"), labels.label("dispatch", "name"),
            labels.label("dispatch", "role"), self.tr("Months entered"), self.tr("Total days"),
            self.tr("Months under {n} days").format(n=min_days)])
        self.township_table.setHorizontalHeaderLabels([
            labels.label("dispatch", "township"), self.tr("People"), self.tr("Months entered"), self.tr("Total days"),
            self.tr("Average a month"), self.tr("Months under {n} days").format(n=min_days)])
        summary = QWidget(self)
        sl = QVBoxLayout(summary)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Year:"), self))
        row.addWidget(self.year_spin)
        row.addStretch(1)
        sl.addLayout(row)
        sl.addWidget(QLabel(self.tr("By township"), self))
        sl.addWidget(self.township_table, 1)
        sl.addWidget(QLabel(self.tr("By person"), self))
        sl.addWidget(self.person_table, 2)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(entry, self.tr("Enter a month"))
        self.tabs.addTab(summary, self.tr("Summary"))
        self.tabs.currentChanged.connect(lambda i: self.refresh_summary() if i == 1 else None)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.resize(900, 620)
        self.load()

    def month(self) -> date:
        return self._month

    def load(self) -> None:
        with self._db.session() as s:
            rows = dispatch_days.month_sheet(s, self._month, self._region)
        self.model.set_rows(rows)
        self.error.hide()
        self._update_info()
        if rows:
            self.table.setCurrentIndex(self.model.index(0, MonthDaysModel.DAYS))

    def _update_info(self) -> None:
        entered = sum(1 for i in range(len(self.model.rows)) if self.model.value(i) is not None)
        self.info.setText(self.tr("{n} people, {entered} entered").format(n=len(self.model.rows), entered=entered))

    @Slot(QDate)
    def _month_changed(self, d: QDate) -> None:
        new = date(d.year(), d.month(), 1)
        if new == self._month:
            return
        if self.model.changed() and not messages.confirm(
                self, self.tr("The figures typed for this month are not saved. Discard them?")):
            self.month_edit.blockSignals(True)
            self.month_edit.setDate(QDate(self._month.year, self._month.month, 1))
            self.month_edit.blockSignals(False)
            return
        self._month = new
        self.load()

    @Slot()
    def fill_empty(self) -> None:
        self.model.fill_empty(self.fill_spin.value())
        self._update_info()

    @Slot()
    def save(self) -> bool:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # commits the open editor
        changed = self.model.changed()
        if not changed:
            self.error.hide()
            return True
        try:
            with self._db.session() as s, s.begin():
                n = dispatch_days.save_month(s, self._month, changed, loaded=self.model.loaded(changed))
        except EditConflict as conflict:
            return self._settle(conflict)
        except ValidationError as err:
            self.model.mark_bad({e.field for e in err.errors})
            self.error.setText(self.tr("Nothing was saved:") + "\n" + "\n".join(e.message for e in err.errors[:12]))
            self.error.show()
            first = self.model.row_of(err.errors[0].field)
            if first >= 0:
                self.table.setCurrentIndex(self.model.index(first, MonthDaysModel.DAYS))
            return False
        self.load()
        self.info.setText(self.info.text() + self.tr("; {n} saved").format(n=n))
        return True

    def _settle(self, conflict: EditConflict) -> bool:
        """Someone else saved figures of this month since the sheet was loaded: choose per person."""
        from vcadre.services.forms import FormField
        from vcadre.ui.edit_conflict import EditConflictDialog

        by_id = {r.dispatch_id: r for r in self.model.rows}
        names = {c.key: f"{by_id[c.key].name}（{by_id[c.key].village}）" for c in conflict.fields}
        fields = tuple(FormField(c.key, "int") for c in conflict.fields)
        taken = EditConflictDialog.ask(self, conflict, "dispatch", fields, self._english, names)
        if taken is None:
            self.error.setText(str(conflict))
            self.error.show()
            return False
        self.model.adopt_saved({c.key: c.theirs for c in conflict.fields}, taken)
        return self.save()

    @Slot()
    def refresh_summary(self) -> None:
        year = self.year_spin.value()
        with self._db.session() as s:
            people = dispatch_days.person_summary(s, date(year, 1, 1), date(year, 12, 1), self.min_days, self._region)
            towns = dispatch_days.township_summary(s, date(year, 1, 1), date(year, 12, 1), self.min_days, self._region)
        self.person_table.setRowCount(len(people))
        for r, p in enumerate(people):
            cells = [p.township, p.village, p.name, labels.code_label("dispatch_role", p.role, self._english),
                     str(p.months), str(p.total_days), str(p.low_months)]
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c == 6 and p.low_months:
                    it.setBackground(QBrush(LOW_BG))
                self.person_table.setItem(r, c, it)
        self.township_table.setRowCount(len(towns))
        for r, t in enumerate(towns):
            cells = [t.township, str(t.people), str(t.months), str(t.total_days), f"{t.average:.1f}", str(t.low_months)]
            for c, text in enumerate(cells):
                self.township_table.setItem(r, c, QTableWidgetItem(text))

    def has_unsaved_input(self) -> bool:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # commits the open editor: a figure being typed counts
        return bool(self.model.changed())

    def discard_question(self) -> str:
        return self.tr("The figures typed for this month are not saved. Close anyway?")

"""The attendance grid (签到表) of a training class: one row per trainee, one column per class day,
then hours completed and the result.

Keyboard: select cells (a column header selects the whole class for that day, Ctrl+A everything),
then P / 1 = present, A / 2 = absent, L / 3 = leave, Del = clear. Each mark is saved at once, in
one transaction, and hours and results are recomputed by the service.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.services import training_attendance, training_enrol
from vcadre.services.edit_lock import EditConflict
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.qtcompat import emit

_COLOURS = {"present": "#e3f4e1", "absent": "#fbe0e0", "leave": "#fff3cd"}
_KEYS = {
    Qt.Key.Key_P: "present", Qt.Key.Key_1: "present",
    Qt.Key.Key_A: "absent", Qt.Key.Key_2: "absent",
    Qt.Key.Key_L: "leave", Qt.Key.Key_3: "leave",
}


class AttendanceModel(QAbstractTableModel):
    """Rows: the class's enrolees; columns: class days, then hours and result. Read-only: marks
    go through :meth:`AttendancePage.mark`."""

    def __init__(self, english: bool = False, parent: Optional[Any] = None) -> None:
        super().__init__(parent)
        self._english = english
        self.rows: list[training_enrol.EnrolmentRow] = []
        self.days: list[date] = []
        self.status: dict[str, dict[date, str]] = {}

    def load(self, rows: list[training_enrol.EnrolmentRow], grid: training_attendance.Grid) -> None:
        self.beginResetModel()
        self.rows = rows
        self.days = grid.days
        self.status = grid.status
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.days) + 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        c = index.column()
        n = len(self.days)
        if c < n:
            code = self.status.get(row.id, {}).get(self.days[c])
            if role == Qt.ItemDataRole.DisplayRole:
                return labels.code_label("attendance", code, self._english)
            if role == Qt.ItemDataRole.BackgroundRole and code:
                return QBrush(QColor(_COLOURS[code]))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.UserRole:
                return code
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if c == n:
                return f"{row.hours:g}"
            text = labels.code_label("enrolment_result", row.result, self._english)
            return text + ("*" if row.override_reason else "")
        if role == Qt.ItemDataRole.ToolTipRole and c == n + 1 and row.override_reason:
            return row.override_reason
        if role == Qt.ItemDataRole.TextAlignmentRole and c == n:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.rows[section].name if 0 <= section < len(self.rows) else None
        n = len(self.days)
        if 0 <= section < n:
            d = self.days[section]
            return f"{d.month}-{d.day}"
        if section == n:
            return self.tr("Hours")
        if section == n + 1:
            return self.tr("Result")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() < len(self.days):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled


class AttendanceView(QTableView):
    """The grid; P/A/L (or 1/2/3) and Del mark the selected cells."""

    markRequested = Signal(object)  # a status code, or None to clear

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if event.key() in _KEYS:
                emit(self.markRequested, _KEYS[Qt.Key(event.key())])
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                emit(self.markRequested, None)
                event.accept()
                return
        super().keyPressEvent(event)


class AttendancePage(QWidget):
    """The attendance tab of the class dialog."""

    changed = Signal()

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None,
                 load: bool = True) -> None:
        super().__init__(parent)
        self._db = db
        self._class = class_id
        self._english = english
        self.model = AttendanceModel(english, self)
        self.view = AttendanceView(self)
        self.view.setObjectName("attendance")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Measure a sample of rows, not all of a 585-trainee class on every change.
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setMinimumSectionSize(56)
        self.view.markRequested.connect(self.mark_selection)
        self.help = QLabel(self.tr(
            "Select cells — click a day's header for the whole class — then press P (present), "
            "A (absent), L (leave) or Del (clear). Each mark is saved at once."), self)
        self.help.setWordWrap(True)
        self.info = QLabel(self)
        self.info.setObjectName("info")
        buttons = QHBoxLayout()
        self.buttons: dict[Optional[str], QPushButton] = {}
        for code, text in (("present", self.tr("Present (P)")), ("absent", self.tr("Absent (A)")),
                           ("leave", self.tr("Leave (L)")), (None, self.tr("Clear (Del)"))):
            b = QPushButton(text, self)
            b.setObjectName(f"mark_{code or 'clear'}")
            b.clicked.connect(lambda _=False, c=code: self.mark_selection(c))
            self.buttons[code] = b
            buttons.addWidget(b)
        self.all_present = QPushButton(self.tr("Everyone present on every day"), self)
        self.all_present.setObjectName("all_present")
        self.all_present.clicked.connect(self.mark_everyone_present)
        buttons.addStretch(1)
        buttons.addWidget(self.all_present)
        lay = QVBoxLayout(self)
        lay.addWidget(self.help)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.info)
        lay.addLayout(buttons)
        if load:
            self.reload()

    def reload(self) -> None:
        with self._db.session() as s:
            rows = training_enrol.roster(s, self._class)
            grid = training_attendance.grid(s, self._class)
        self.model.load(rows, grid)
        self.info.setText(self.tr("{days} class days of {hours} hours each; {n} trainees.").format(
            days=len(grid.days), hours=f"{grid.day_hours:g}", n=len(rows)))

    def selected_cells(self) -> tuple[list[str], list[date]]:
        """The enrolment ids and days of the selected day cells (their rectangle)."""
        cells = [i for i in self.view.selectionModel().selectedIndexes() if i.column() < len(self.model.days)]
        rows = sorted({i.row() for i in cells})
        cols = sorted({i.column() for i in cells})
        return [self.model.rows[r].id for r in rows], [self.model.days[c] for c in cols]

    @Slot(object)
    def mark_selection(self, status: Optional[str]) -> None:
        cells = [i for i in self.view.selectionModel().selectedIndexes() if i.column() < len(self.model.days)]
        if not cells:
            return
        self._mark({(self.model.rows[i.row()].id, self.model.days[i.column()]) for i in cells}, status)

    @Slot()
    def mark_everyone_present(self) -> None:
        self._mark({(r.id, d) for r in self.model.rows for d in self.model.days}, "present")

    def _mark(self, cells: set[tuple[str, date]], status: Optional[str]) -> None:
        """Mark ``cells`` — checked against the marks the grid shows (optimistic locking): cells
        another officer marked since are shown side by side, to keep this mark or theirs."""
        if not cells:
            return
        loaded = {training_attendance.cell_key(eid, d): self.model.status.get(eid, {}).get(d) for eid, d in cells}
        # Cells may not form a rectangle: mark per day, each day's rows.
        by_day: dict[date, list[str]] = {}
        for eid, d in sorted(cells):
            by_day.setdefault(d, []).append(eid)
        self._apply(lambda s: [training_attendance.mark(s, self._class, ids, [d], status, loaded=loaded)
                               for d, ids in by_day.items()], cells, status)

    def _apply(self, op, cells: Optional[set[tuple[str, date]]] = None, status: Optional[str] = None) -> None:
        selection = [(i.row(), i.column()) for i in self.view.selectionModel().selectedIndexes()]
        current = self.view.currentIndex()
        try:
            with self._db.session() as s, s.begin():
                op(s)
        except EditConflict as conflict:
            self._settle(conflict, cells or set(), status)
            return
        except (ValidationError, NotFoundError) as exc:
            messages.error(self, str(exc))
            return
        self.reload()
        sel = QItemSelection()
        for r, c in selection:
            idx = self.model.index(r, c)
            sel.select(idx, idx)
        self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current.isValid():
            self.view.selectionModel().setCurrentIndex(self.model.index(current.row(), current.column()),
                                                       QItemSelectionModel.SelectionFlag.NoUpdate)
        emit(self.changed)

    def _settle(self, conflict: EditConflict, cells: set[tuple[str, date]], status: Optional[str]) -> None:
        """Another officer marked some of these cells since the grid showed them: choose per cell,
        then mark again (cells where theirs was chosen are left as they saved them)."""
        from vcadre.services.forms import FormField
        from vcadre.ui.edit_conflict import EditConflictDialog

        keys = [c.key for c in conflict.fields]
        with self._db.session() as s:
            names = training_attendance.cell_names(s, keys)
        taken = EditConflictDialog.ask(self, conflict, "attendance", tuple(FormField(k, "code", "attendance")
                                                                           for k in keys), self._english, names)
        self.reload()  # shows what is saved now: the version the next mark is checked against
        if taken is None:
            return
        theirs = {(k.split("|")[0], date.fromisoformat(k.split("|")[1])) for k in taken}
        self._mark(cells - theirs, status)

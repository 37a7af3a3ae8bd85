"""Annual review sheet (年度考核): one year's result for many reserve cadres at once.

Select rows (Ctrl+A or “Select all”), pick a result and press “Set for selected”, adjust single
rows, then save: everything goes to the service in one transaction, on a worker. “Only not yet
reviewed” lists who is still missing this year's assessment.

At county scope the sheet has thousands of rows, so it is a model/view (Anki's browser): the
model holds the ids of the query in sheet order and reads the rows shown a page at a time;
results set but not saved are a dict in the model, so setting 3,000 at once is one dict update
and one ``dataChanged``.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.domain.codes import ASSESSMENT
from vcadre.services import talent_review
from vcadre.services.edit_lock import EditConflict
from vcadre.services.errors import ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.forms import ERROR_STYLE
from vcadre.ui.jobs import run_job
from vcadre.ui.unsaved import AsksBeforeDiscarding

_Index = QModelIndex | QPersistentModelIndex

#: Rows read from the database at once when the view shows a row not yet read.
PAGE = 200
#: Pages kept; older ones are dropped (a province sheet never sits in memory whole).
MAX_PAGES = 50
RESULT = 4
_GRAY = QBrush(QColor("gray"))


class ReviewModel(QAbstractTableModel):
    """The ids of one sheet query; rows read a page at a time; unsaved results kept apart."""

    def __init__(self, db: Any, english: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._year = clock.today().year
        self._ids: list[str] = []
        self._pages: dict[int, dict[str, talent_review.ReviewRow]] = {}
        self.pending: dict[str, Optional[str]] = {}
        #: The result each pending row showed before this sheet set it: the version its save is
        #: checked against (optimistic locking, ``services.edit_lock``).
        self.base: dict[str, Optional[str]] = {}
        self._headers = [labels.label("talent", "name"), labels.label("talent", "township"),
                         labels.label("talent", "village"), labels.label("talent", "stage"),
                         self.tr("Result")]

    def reset(self, year: int, ids: list[str]) -> None:
        self.beginResetModel()
        self._year, self._ids, self._pages = year, ids, {}
        self.pending, self.base = {}, {}
        self.endResetModel()

    def ids(self) -> list[str]:
        return self._ids

    def row(self, r: int) -> talent_review.ReviewRow:
        page = r // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) >= MAX_PAGES:
                self._pages.pop(next(iter(self._pages)))
            with self._db.session() as s:
                rows = talent_review.rows_by_id(s, self._year, self._ids[page * PAGE:(page + 1) * PAGE])
            self._pages[page] = rows
        return rows[self._ids[r]]

    def set_results(self, rows: Iterable[tuple[int, int]], code: Optional[str]) -> int:
        """Set ``code`` (None: clear) for the row ranges ``(first, last)``; returns how many rows."""
        n = 0
        for first, last in rows:
            self._remember(self._ids[first:last + 1])
            self.pending.update(dict.fromkeys(self._ids[first:last + 1], code))
            n += last - first + 1
            self.dataChanged.emit(self.index(first, RESULT), self.index(last, RESULT))
        return n

    def _remember(self, ids: list[str]) -> None:
        """Keep the results ``ids`` show now (read for rows never shown), before they are set."""
        new = [i for i in ids if i not in self.base]
        if not new:
            return
        shown: dict[str, Optional[str]] = {}
        for page in self._pages.values():
            shown.update({i: page[i].result for i in new if i in page})
        rest = [i for i in new if i not in shown]
        if rest:
            with self._db.session() as s:
                shown.update(talent_review.results_of(s, self._year, rest))
        self.base.update(shown)

    def settle(self, saved: dict[str, Optional[str]], taken: dict[str, Optional[str]]) -> None:
        """After a conflict: ``saved`` (the other officer's results) becomes the version; rows where
        theirs was chosen drop this sheet's result."""
        self.base.update(saved)
        for entry in taken:
            self.pending.pop(entry, None)
        self._pages = {}  # shown again as saved now
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, RESULT))

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        c = index.column()
        if role == Qt.ItemDataRole.UserRole and c == RESULT:
            entry = self._ids[index.row()]
            return self.pending[entry] if entry in self.pending else self.row(index.row()).result
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        r = self.row(index.row())
        if c == RESULT:
            pending = r.entry_id in self.pending
            code = self.pending[r.entry_id] if pending else r.result
            if role == Qt.ItemDataRole.ForegroundRole:
                return None if code else _GRAY
            text = labels.code_label("assessment", code, self._english) if code else self.tr("not reviewed")
            return text + (" *" if pending else "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if c == 3:
            return labels.code_label("stage", r.stage, self._english)
        return (r.name, r.township, r.village)[c]


class ReviewDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Any, region_id: Optional[str], english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._region = region_id
        self._english = english
        #: The year and filter the sheet shows: the pending results belong to this year, whatever
        #: the year box says while the user is asked whether to discard them.
        self._loaded_year: Optional[int] = None
        self._loaded_only_missing = False
        self.saved = 0
        self.job: Any = None
        self.setWindowTitle(self.tr("Annual review of reserve cadres"))
        self.setSizeGripEnabled(True)
        self.resize(820, 600)

        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(2000, clock.today().year)
        self.year.setValue(clock.today().year)
        self.only_missing = QCheckBox(self.tr("Only not yet reviewed"), self)
        self.only_missing.setObjectName("only_missing")
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:"), self))
        top.addWidget(self.year)
        top.addWidget(self.only_missing)
        top.addWidget(self.summary, 1)

        self.model = ReviewModel(db, english, self)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # Fixed widths and row heights: sizing to contents reads every row (the 164 s freeze).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("中")
        for c, width in enumerate((6, 8, 10, 7)):
            self.table.setColumnWidth(c, width * em)

        self.result_combo = QComboBox(self)
        self.result_combo.setObjectName("result")
        for item in ASSESSMENT:
            self.result_combo.addItem(item.label_en if english else item.label, item.code)
        self.result_combo.addItem(self.tr("(clear)"), None)
        self.apply_button = QPushButton(self.tr("Set for selected"), self)
        self.apply_button.setObjectName("apply")
        self.select_all = QPushButton(self.tr("Select all"), self)
        mid = QHBoxLayout()
        mid.addWidget(self.select_all)
        mid.addWidget(QLabel(self.tr("Result:"), self))
        mid.addWidget(self.result_combo)
        mid.addWidget(self.apply_button)
        mid.addStretch(1)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(mid)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

        self.year.valueChanged.connect(self.load)
        self.only_missing.toggled.connect(self.load)
        self.apply_button.clicked.connect(self.apply_to_selected)
        self.select_all.clicked.connect(self.table.selectAll)
        self.load()

    @Slot()
    def load(self) -> None:
        if self.model.pending and not messages.confirm(self, self.tr("Discard the results not saved yet?")):
            # Put the controls back to what the sheet shows, or 保存 would write these results
            # under the year the box moved to.
            for widget in (self.year, self.only_missing):
                widget.blockSignals(True)
            self.year.setValue(self._loaded_year)
            self.only_missing.setChecked(self._loaded_only_missing)
            for widget in (self.year, self.only_missing):
                widget.blockSignals(False)
            return
        year, only_missing = self.year.value(), self.only_missing.isChecked()
        with self._db.session() as s:
            ids = talent_review.entry_ids(s, year, self._region, only_unreviewed=only_missing)
            missing = talent_review.unreviewed_count(s, year, self._region)
        self.model.reset(year, ids)
        self._loaded_year, self._loaded_only_missing = year, only_missing
        self.summary.setText(self.tr("{n} listed; {missing} not yet reviewed for {year}").format(
            n=len(ids), missing=missing, year=year))

    @Slot()
    def apply_to_selected(self) -> None:
        code = self.result_combo.currentData()
        ranges = [(r.top(), r.bottom()) for r in self.table.selectionModel().selection()]
        self.model.set_results(ranges, code)

    def set_result(self, row: int, code: Optional[str]) -> None:
        """Set one row's result (what selecting the row and pressing the button does)."""
        self.table.clearSelection()
        self.table.selectRow(row)
        self.result_combo.setCurrentIndex(self.result_combo.findData(code))
        self.apply_to_selected()

    def result_text(self, row: int) -> str:
        return self.model.index(row, RESULT).data()

    @Slot()
    def save(self) -> None:
        """Save on a worker in one transaction (a county's sheet is thousands of rows)."""
        if not self.model.pending:
            self.accept()
            return
        year, results = self._loaded_year, dict(self.model.pending)
        loaded = {entry: self.model.base.get(entry) for entry in results}
        self.error.hide()
        self.buttons.setEnabled(False)

        def op(db: Any, _progress: Any) -> int:
            with db.session() as s, s.begin():
                return talent_review.record(s, year, results, loaded=loaded)

        def done(n: int) -> None:
            self.buttons.setEnabled(True)
            self.saved = n
            self.model.pending.clear()
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(exc, EditConflict):
                self._settle(exc)
                return
            if not (isinstance(exc, ValidationError) or messages.is_known_error(exc)):
                import sys
                sys.excepthook(type(exc), exc, exc.__traceback__)
                return
            self.error.setText(str(exc))
            self.error.show()

        self.job = run_job(self, op, done, failed, label=self.tr("Saving the review results…"), db=self._db)

    def _settle(self, conflict: EditConflict) -> None:
        """Someone else saved results of these entries since the sheet showed them: choose per
        entry (保留我的 / 采用对方的 / 合并), then save again against what they saved."""
        from vcadre.services.forms import FormField
        from vcadre.ui.edit_conflict import EditConflictDialog

        keys = [c.key for c in conflict.fields]
        with self._db.session() as s:
            names = talent_review.who(s, keys)
        fields = tuple(FormField(k, "code", "assessment") for k in keys)
        taken = EditConflictDialog.ask(self, conflict, "talent", fields, self._english, names)
        if taken is None:
            self.error.setText(str(conflict))
            self.error.show()
            return
        self.model.settle({c.key: c.theirs for c in conflict.fields}, taken)
        self.save()

    def pending(self) -> dict[str, Optional[str]]:
        return dict(self.model.pending)

    def has_unsaved_input(self) -> bool:
        return bool(self.model.pending)

    def discard_question(self) -> str:
        return self.tr("The results set here are not saved. Close and discard them?")

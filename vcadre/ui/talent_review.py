"""Annual review sheet (年度考核): one year's result for many reserve cadres at once.

Select rows (Ctrl+A for all), pick a result and press “Set for selected”, adjust single rows, then
save: everything goes to the service in one transaction. “Only not yet reviewed” lists who is
still missing this year's assessment.
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.domain.codes import ASSESSMENT
from vcadre.services import talent_review
from vcadre.services.errors import ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.forms import ERROR_STYLE
from vcadre.ui.unsaved import AsksBeforeDiscarding

#: Rows shown at once: a review sheet is used per township or village.
MAX_ROWS = 5000


class ReviewDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Any, region_id: Optional[str], english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._region = region_id
        self._english = english
        self._rows: list[talent_review.ReviewRow] = []
        self._pending: dict[str, Optional[str]] = {}
        #: The year and filter the sheet shows: the pending results belong to this year, whatever
        #: the year box says while the user is asked whether to discard them.
        self._loaded_year: Optional[int] = None
        self._loaded_only_missing = False
        self.saved = 0
        self.setWindowTitle(self.tr("Annual review of reserve cadres"))
        self.resize(820, 620)

        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(2000, clock.today().year)
        self.year.setValue(clock.today().year)
        self.only_missing = QCheckBox(self.tr("Only not yet reviewed"), self)
        self.only_missing.setObjectName("only_missing")
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:"), self))
        top.addWidget(self.year)
        top.addWidget(self.only_missing)
        top.addStretch(1)
        top.addWidget(self.summary)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("table")
        self.table.setHorizontalHeaderLabels([
            labels.label("talent", "name"), labels.label("talent", "township"), labels.label("talent", "village"),
            labels.label("talent", "stage"), self.tr("Result")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

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
        if self._pending and not messages.confirm(self, self.tr("Discard the results not saved yet?")):
            # Put the controls back to what the sheet shows, or 保存 would write these results
            # under the year the box moved to.
            for widget in (self.year, self.only_missing):
                widget.blockSignals(True)
            self.year.setValue(self._loaded_year)
            self.only_missing.setChecked(self._loaded_only_missing)
            for widget in (self.year, self.only_missing):
                widget.blockSignals(False)
            return
        self._pending.clear()
        self._loaded_year, self._loaded_only_missing = self.year.value(), self.only_missing.isChecked()
        with self._db.session() as s:
            self._rows = talent_review.rows(s, self.year.value(), self._region,
                                            only_unreviewed=self.only_missing.isChecked(), limit=MAX_ROWS + 1)
            missing = talent_review.unreviewed_count(s, self.year.value(), self._region)
        more = len(self._rows) > MAX_ROWS
        self._rows = self._rows[:MAX_ROWS]
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            for c, text in enumerate((row.name, row.township, row.village,
                                      labels.code_label("stage", row.stage, self._english))):
                self.table.setItem(r, c, QTableWidgetItem(text))
            self._set_result_cell(r, row.result, pending=False)
        text = self.tr("{n} listed; {missing} not yet reviewed for {year}").format(
            n=len(self._rows), missing=missing, year=self.year.value())
        if more:
            text += self.tr(" (first {max} shown: choose a township in the tree)").format(max=MAX_ROWS)
        self.summary.setText(text)

    def _set_result_cell(self, r: int, code: Optional[str], pending: bool) -> None:
        text = labels.code_label("assessment", code, self._english) if code else self.tr("not reviewed")
        item = QTableWidgetItem(text + (" *" if pending else ""))
        item.setData(Qt.ItemDataRole.UserRole, code)
        if not code:
            item.setForeground(Qt.GlobalColor.gray)
        self.table.setItem(r, 4, item)

    @Slot()
    def apply_to_selected(self) -> None:
        code = self.result_combo.currentData()
        for index in self.table.selectionModel().selectedRows():
            r = index.row()
            self._pending[self._rows[r].entry_id] = code
            self._set_result_cell(r, code, pending=True)

    def set_result(self, row: int, code: Optional[str]) -> None:
        """Set one row's result (what selecting the row and pressing the button does)."""
        self.table.clearSelection()
        self.table.selectRow(row)
        self.result_combo.setCurrentIndex(self.result_combo.findData(code))
        self.apply_to_selected()

    @Slot()
    def save(self) -> None:
        if not self._pending:
            self.accept()
            return
        try:
            with self._db.session() as s, s.begin():
                self.saved = talent_review.record(s, self._loaded_year, dict(self._pending))
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self._pending.clear()
        self.accept()

    def has_unsaved_input(self) -> bool:
        return bool(self._pending)

    def discard_question(self) -> str:
        return self.tr("The results set here are not saved. Close and discard them?")

    def pending(self) -> dict[str, Optional[str]]:
        return dict(self._pending)

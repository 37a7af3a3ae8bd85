"""Dialogs of the 驻村 tab: a posting's visit log (走访记录) and a village's history (历任驻村).

Both read and write through ``services.dispatch_visits``; the visit log saves each visit in its
own transaction and shows the service's Chinese message under the form when it refuses.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.services import dispatch_visits
from vcadre.services.edit_lock import EditConflict
from vcadre.services.errors import ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.forms import DateField
from vcadre.ui.unsaved import AsksBeforeDiscarding

ERROR_STYLE = "color: #b3261e;"


class VisitLogDialog(AsksBeforeDiscarding, QDialog):
    """Visits of one posting: the list (newest first) and a form to add or change one."""

    def __init__(self, db: Any, dispatch_id: str, english: bool = False, today: Optional[date] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._dispatch = dispatch_id
        self._english = english
        self._today = today
        self._editing: Optional[str] = None
        # The visit being changed as the form showed it: the version its save is checked against.
        self._loaded: Optional[dict[str, Any]] = None
        self.rows: list[dispatch_visits.VisitRow] = []
        with db.session() as s:
            h = dispatch_visits.header(s, dispatch_id)
        self._header = h
        role = labels.code_label("dispatch_role", h.role, english)
        self.setWindowTitle(self.tr("Visits — {name}").format(name=h.name))
        self.heading = QLabel(self.tr("{name}, {role} of {township} {village}, since {start}").format(
            name=h.name, role=role, township=h.township, village=h.village, start=h.start_date.isoformat()), self)
        self.count = QLabel(self)
        self.count.setObjectName("count")

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("visitTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Households or group"),
                                              self.tr("Matters raised"), self.tr("Follow-up")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(2, 220)
        self.table.itemSelectionChanged.connect(self._selected)

        self.visit_date = DateField(self)
        self.visit_date.setObjectName("visit_date")
        self.households = QLineEdit(self)
        self.households.setObjectName("households")
        self.households.setPlaceholderText(self.tr("e.g. group 3, Zhang and 4 other households"))
        self.matters = QPlainTextEdit(self)
        self.matters.setObjectName("matters")
        self.matters.setTabChangesFocus(True)
        self.matters.setFixedHeight(56)
        self.follow_up = QPlainTextEdit(self)
        self.follow_up.setObjectName("follow_up")
        self.follow_up.setTabChangesFocus(True)
        self.follow_up.setFixedHeight(56)
        form = QFormLayout()
        form.addRow(self.tr("* Date:"), self.visit_date)
        form.addRow(self.tr("* Households or group:"), self.households)
        form.addRow(self.tr("Matters raised:"), self.matters)
        form.addRow(self.tr("Follow-up:"), self.follow_up)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.new_button = QPushButton(self.tr("New visit"), self)
        self.new_button.clicked.connect(self.new_visit)
        self.save_button = QPushButton(self.tr("Save visit"), self)
        self.save_button.setObjectName("saveVisit")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_visit)
        self.delete_button = QPushButton(self.tr("Delete visit"), self)
        self.delete_button.clicked.connect(self.delete_visit)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.resize(820, 600)
        self.load()
        self.new_visit()

    def load(self) -> None:
        with self._db.session() as s:
            self.rows = dispatch_visits.visits(s, self._dispatch)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, v in enumerate(self.rows):
            for c, text in enumerate((v.visit_date.isoformat(), v.households, v.matters, v.follow_up)):
                it = QTableWidgetItem(text)
                it.setToolTip(text)
                self.table.setItem(r, c, it)
        self.table.blockSignals(False)
        self.count.setText(self.tr("{n} visits recorded").format(n=len(self.rows)))

    @Slot()
    def _selected(self) -> None:
        r = self.table.currentRow()
        if not 0 <= r < len(self.rows):
            return
        v = self.rows[r]
        self._editing = v.id
        self._loaded = {"visit_date": v.visit_date, "households": v.households, "matters": v.matters,
                        "follow_up": v.follow_up}
        self.visit_date.set_value(v.visit_date)
        self.households.setText(v.households)
        self.matters.setPlainText(v.matters)
        self.follow_up.setPlainText(v.follow_up)
        self.error.hide()
        self.remember_inputs()

    @Slot()
    def new_visit(self) -> None:
        self._editing = None
        self._loaded = None
        self.table.clearSelection()
        today = self._today or clock.today()
        end = self._header.actual_end
        self.visit_date.set_value(min(today, end) if end else today)
        self.households.clear()
        self.matters.clear()
        self.follow_up.clear()
        self.error.hide()
        self.households.setFocus()
        self.remember_inputs()

    @Slot()
    def save_visit(self) -> bool:
        values = {"visit_date": self.visit_date.value(), "households": self.households.text(),
                  "matters": self.matters.toPlainText(), "follow_up": self.follow_up.toPlainText()}
        try:
            with self._db.session() as s, s.begin():
                dispatch_visits.save_visit(s, self._editing, self._dispatch, values, today=self._today,
                                           loaded=self._loaded)
        except EditConflict as conflict:
            return self._settle(conflict)
        except ValidationError as err:
            self.error.setText("\n".join(e.message for e in err.errors))
            self.error.show()
            return False
        self.load()
        self.new_visit()
        return True

    def _settle(self, conflict: EditConflict) -> bool:
        """Someone else saved this visit since it was shown: choose field by field, save again."""
        from vcadre.ui.edit_conflict import EditConflictDialog

        names = {"visit_date": self.tr("Date"), "households": self.tr("Households or group"),
                 "matters": self.tr("Matters raised"), "follow_up": self.tr("Follow-up")}
        taken = EditConflictDialog.ask(self, conflict, "visit", dispatch_visits.VISIT_FIELDS, self._english, names)
        if taken is None:
            self.error.setText(str(conflict))
            self.error.show()
            return False
        if "visit_date" in taken:
            self.visit_date.set_value(taken["visit_date"])
        if "households" in taken:
            self.households.setText(taken["households"] or "")
        if "matters" in taken:
            self.matters.setPlainText(taken["matters"] or "")
        if "follow_up" in taken:
            self.follow_up.setPlainText(taken["follow_up"] or "")
        self._loaded = dict(conflict.theirs)
        return self.save_visit()

    @Slot()
    def delete_visit(self) -> None:
        if self._editing is None:
            return
        if not messages.confirm(self, self.tr("Delete this visit?")):
            return
        with self._db.session() as s, s.begin():
            dispatch_visits.delete_visit(s, self._editing)
        from vcadre.ui.undo import notify_deleted

        notify_deleted(self)
        self.load()
        self.new_visit()


class VillageHistoryDialog(QDialog):
    """Every first secretary and work team a village has had, batch by batch."""

    COLUMNS = ("role", "name", "unit", "period", "status", "visits", "days", "handover")

    def __init__(self, db: Any, village_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from vcadre.services import regions

        self._db = db
        self._village = village_id
        with db.session() as s:
            self.rows = dispatch_visits.village_history(s, village_id)
            where = regions.region_path(s, village_id)
            needed = dispatch_visits.needs_first_secretary(s, village_id)
        self.needs_fs = QCheckBox(self.tr("A first secretary must be sent to this village"), self)
        self.needs_fs.setObjectName("needsFirstSecretary")
        self.needs_fs.setToolTip(self.tr("Villages so designated with no first secretary on post are listed in the alerts."))
        self.needs_fs.setChecked(needed)
        self.needs_fs.toggled.connect(self._set_needs)
        self.setWindowTitle(self.tr("Posting history — {village}").format(village=where))
        heading = QLabel(self.tr("{village}: {n} postings").format(village=where, n=len(self.rows)), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("historyTree")
        self.tree.setHeaderLabels([
            self.tr("Role"), self.tr("Name"), self.tr("Dispatching unit"), self.tr("Period"), self.tr("Status"),
            self.tr("Visits"), self.tr("Days on post"), self.tr("Hand-over note / reason"),
        ])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        batches: dict[str, QTreeWidgetItem] = {}
        for h in self.rows:
            key = h.batch or self.tr("(no batch)")
            top = batches.get(key)
            if top is None:
                top = QTreeWidgetItem([key])
                f = top.font(0)
                f.setBold(True)
                top.setFont(0, f)
                self.tree.addTopLevelItem(top)
                top.setFirstColumnSpanned(True)
                batches[key] = top
            end = h.end_date.isoformat() if h.end_date else ""
            period = f"{h.start_date.isoformat()} — {end}" + (self.tr(" (planned)") if h.on_post and end else "")
            unit = h.unit + (f"（{h.unit_post}）" if h.unit_post else "")
            note = "；".join(x for x in (h.end_reason, h.handover_note) if x)
            item = QTreeWidgetItem([
                labels.code_label("dispatch_role", h.role, english), h.name, unit, period,
                labels.code_label("dispatch_status", h.status, english), str(h.visits), str(h.days), note,
            ])
            item.setToolTip(7, note)
            item.setData(0, Qt.ItemDataRole.UserRole, h.dispatch_id)
            if h.on_post:
                for c in range(8):
                    f = item.font(c)
                    f.setBold(True)
                    item.setFont(c, f)
            top.addChild(item)
        self.tree.expandAll()
        for c in range(7):
            self.tree.resizeColumnToContents(c)
        self.tree.header().setStretchLastSection(True)
        if not self.rows:
            empty = QTreeWidgetItem([self.tr("No one has been posted to this village yet.")])
            self.tree.addTopLevelItem(empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.needs_fs, 1)
        bottom.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.tree, 1)
        lay.addLayout(bottom)
        self.resize(1000, 520)
        #: The designation was changed (the caller refreshes the alerts).
        self.changed = False

    @Slot(bool)
    def _set_needs(self, needed: bool) -> None:
        with self._db.session() as s, s.begin():
            dispatch_visits.set_needs_first_secretary(s, self._village, needed)
        self.changed = True

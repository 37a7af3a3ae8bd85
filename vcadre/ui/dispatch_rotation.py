"""The rotation wizard (驻村轮换向导): end one batch, start the next, village by village.

Pages: 1 the new batch (name, date, last day of those leaving) and the scope (county or one
township, the batch being rotated); 2 which on-post postings end; 3 successors village by
village (a new person typed in, or an existing one chosen), each with a hand-over note;
4 the summary with the villages that would be left without a first secretary. Finish writes
everything through ``services.dispatch_rotation.rotate`` in one transaction; a refusal keeps the
wizard open on the last page with the reasons listed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from vcadre import clock
from vcadre.services import dispatch_rotation as rotation
from vcadre.services.dispatch_alerts import Thresholds
from vcadre.services.errors import ValidationError
from vcadre.ui import labels
from vcadre.ui.forms import CodeCombo, DateField, PersonSearchDialog

ERROR_STYLE = "color: #b3261e;"


def _item(text: str, editable: bool = False, data: Any = None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    it.setFlags(flags)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


class BatchPage(QWizardPage):
    def __init__(self, wizard: "RotationWizard") -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("New batch"))
        self.setSubTitle(self.tr("Name the new rotation batch, its date, and which postings it replaces."))
        self.township = QComboBox(self)
        self.township.setObjectName("township")
        self.from_batch = QComboBox(self)
        self.from_batch.setObjectName("fromBatch")
        self.name = QLineEdit(self)
        self.name.setObjectName("batchName")
        self.batch_date = DateField(self)
        self.batch_date.setObjectName("batchDate")
        self.end_date = DateField(self)
        self.end_date.setObjectName("endDate")
        self.notes = QLineEdit(self)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Rotate in:"), self.township)
        form.addRow(self.tr("Batch being rotated:"), self.from_batch)
        form.addRow(self.tr("New batch name:"), self.name)
        same = QLabel(self.tr("If a batch of this name exists, these postings join it, so townships "
                              "can be rotated one after another into one batch."), self)
        same.setWordWrap(True)
        same.setStyleSheet("color: palette(mid);")
        form.addRow("", same)
        form.addRow(self.tr("New batch arrives on:"), self.batch_date)
        form.addRow(self.tr("Last day of those leaving:"), self.end_date)
        form.addRow(self.tr("Notes:"), self.notes)
        form.addRow(self.error)
        for w in (self.township, self.from_batch, self.name, self.batch_date, self.end_date, self.notes):
            w.setMaximumWidth(460)

        with wizard.db.session() as s:
            from vcadre.services import regions

            top = regions.children(s, None)
            townships = regions.children(s, top[0].id) if len(top) == 1 else top
            self.township.addItem(self.tr("Whole county"), None)
            for t in townships:
                self.township.addItem(t.name, t.id)
            self.batches = rotation.list_batches(s)
        i = self.township.findData(wizard.initial_township)
        self.township.setCurrentIndex(max(i, 0))
        self.from_batch.addItem(self.tr("All postings on post"), None)
        for b in self.batches:
            self.from_batch.addItem(self.tr("{name} ({n} on post)").format(name=b.name, n=b.on_post), b.id)
        busiest = max(self.batches, key=lambda b: b.on_post, default=None)
        if busiest is not None and busiest.on_post:
            self.from_batch.setCurrentIndex(self.from_batch.findData(busiest.id))
        today = wizard.today
        self.batch_date.set_value(today)
        self.end_date.set_value(today - timedelta(days=1))
        self.name.setText(rotation.default_batch_name(today))
        self._auto_name = self.name.text()
        self.batch_date.edit.textChanged.connect(self._date_changed)

    @Slot()
    def _date_changed(self) -> None:
        d = self.batch_date.value()
        if isinstance(d, date):
            if self.name.text() == self._auto_name:
                self.name.setText(rotation.default_batch_name(d))
                self._auto_name = self.name.text()
            self.end_date.set_value(d - timedelta(days=1))

    def validatePage(self) -> bool:  # noqa: N802
        problems = []
        if not self.name.text().strip():
            problems.append(self.tr("Give the new batch a name."))
        bd, ed = self.batch_date.value(), self.end_date.value()
        if not isinstance(bd, date):
            problems.append(self.tr("The arrival date is not a date (YYYY-MM-DD)."))
        if not isinstance(ed, date):
            problems.append(self.tr("The last day of those leaving is not a date (YYYY-MM-DD)."))
        if isinstance(bd, date) and isinstance(ed, date) and ed >= bd:
            problems.append(self.tr("Those leaving must leave before the new batch arrives."))
        self.error.setText("\n".join(problems))
        return not problems


class EndingPage(QWizardPage):
    COLS = ("township", "village", "name", "role", "unit", "start_date", "planned_end")

    def __init__(self, wizard: "RotationWizard") -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Who leaves"))
        self.setSubTitle(self.tr("Ticked postings end on the last day given; untick those who stay."))
        self.table = QTableWidget(0, len(self.COLS), self)
        self.table.setObjectName("endingTable")
        self.table.setHorizontalHeaderLabels([labels.label("dispatch", k) for k in self.COLS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = CodeCombo("dispatch_status", True, wizard.english, self)
        self.status.removeItem(self.status.findData("on_post"))
        self.status.set_value("rotated")
        self.reason = QLineEdit(self.tr("Term completed"), self)
        self.reason.setObjectName("endReason")
        self.count = QLabel(self)
        all_btn = QPushButton(self.tr("Tick all"), self)
        none_btn = QPushButton(self.tr("Untick all"), self)
        all_btn.clicked.connect(lambda: self._tick_all(True))
        none_btn.clicked.connect(lambda: self._tick_all(False))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Status after leaving:"), self))
        row.addWidget(self.status)
        row.addWidget(QLabel(self.tr("Reason:"), self))
        row.addWidget(self.reason, 1)
        row.addWidget(all_btn)
        row.addWidget(none_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.count)
        self.table.itemChanged.connect(self._update_count)
        self.rows: list[rotation.OnPost] = []
        self._loaded_for: Any = None

    def initializePage(self) -> None:  # noqa: N802
        scope = (self.w.township_id(), self.w.from_batch_id())
        if scope == self._loaded_for:
            return
        self._loaded_for = scope
        with self.w.db.session() as s:
            self.rows = rotation.on_post(s, scope[0], scope[1])
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            values = [d.township, d.village, d.name, labels.code_label("dispatch_role", d.role, self.w.english),
                      d.unit, d.start_date.isoformat(), d.planned_end.isoformat() if d.planned_end else ""]
            for c, v in enumerate(values):
                it = _item(v, data=d.id if c == 0 else None)
                if c == 0:
                    it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    it.setCheckState(Qt.CheckState.Checked)
                self.table.setItem(r, c, it)
        self.table.blockSignals(False)
        self._update_count()

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(state)

    def set_ticked(self, dispatch_id: str, on: bool) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == dispatch_id:
                self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ending(self) -> list[rotation.OnPost]:
        return [d for r, d in enumerate(self.rows)
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    @Slot()
    def _update_count(self, *_args: Any) -> None:
        self.count.setText(self.tr("{n} of {total} postings end.").format(n=len(self.ending()), total=len(self.rows)))


class SuccessorPage(QWizardPage):
    """One row per post to fill: village, who leaves, role, successor and hand-over note."""

    COL_VILLAGE, COL_LEAVING, COL_ROLE, COL_NAME, COL_GENDER, COL_ID, COL_UNIT, COL_POST, COL_NOTE = range(9)

    def __init__(self, wizard: "RotationWizard") -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Successors"))
        self.setSubTitle(self.tr("Type each successor's name and dispatching unit, or choose someone already "
                                 "on record. Leave the name empty to leave the post vacant."))
        heads = [self.tr("Village"), self.tr("Leaving"), self.tr("Role"), self.tr("Successor"), self.tr("Gender"),
                 self.tr("ID number"), self.tr("Dispatching unit"), self.tr("Post in own unit"),
                 self.tr("Hand-over note")]
        self.table = QTableWidget(0, len(heads), self)
        self.table.setObjectName("successorTable")
        self.table.setHorizontalHeaderLabels(heads)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in ((0, 150), (1, 150), (2, 110), (3, 90), (4, 60), (5, 150), (6, 130), (7, 90)):
            self.table.setColumnWidth(c, w)
        choose = QPushButton(self.tr("Choose someone on record…"), self)
        choose.setObjectName("choosePerson")
        choose.clicked.connect(self.choose_person)
        add = QPushButton(self.tr("Add another person for this village"), self)
        add.clicked.connect(self.add_row_here)
        remove = QPushButton(self.tr("Remove row"), self)
        remove.clicked.connect(self.remove_current)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self._loaded_for: Any = None
        #: row → person id chosen from the records (rows typed in have none)
        self.chosen: dict[int, str] = {}

    def initializePage(self) -> None:  # noqa: N802
        ending = self.w.ending_page.ending()
        key = (self.w.township_id(), tuple(d.id for d in ending))
        if key == self._loaded_for:
            return
        self._loaded_for = key
        self.table.setRowCount(0)
        self.chosen = {}
        ending_ids = {d.id for d in ending}
        with self.w.db.session() as s:
            slots = rotation.village_slots(s, self.w.township_id())
        for slot in slots:
            leaving = [d for d in slot.on_post if d.id in ending_ids]
            staying_fs = [d for d in slot.on_post if d.id not in ending_ids and d.role == "first_secretary"]
            for d in leaving:
                self.add_row(slot, d.name, d.role)
            if slot.needs_first_secretary and not staying_fs and not any(d.role == "first_secretary" for d in leaving):
                self.add_row(slot, self.tr("(vacant)"), "first_secretary")

    def add_row(self, slot: Any, leaving: str, role: str, at: Optional[int] = None) -> int:
        r = self.table.rowCount() if at is None else at
        self.table.insertRow(r)
        self.chosen = {(k + 1 if k >= r else k): v for k, v in self.chosen.items()}
        self.table.setItem(r, self.COL_VILLAGE, _item(f"{slot.township} {slot.village}", data=slot.village_id))
        self.table.setItem(r, self.COL_LEAVING, _item(leaving))
        combo = CodeCombo("dispatch_role", True, self.w.english, self.table)
        combo.set_value(role)
        self.table.setCellWidget(r, self.COL_ROLE, combo)
        gender = CodeCombo("gender", False, self.w.english, self.table)
        self.table.setCellWidget(r, self.COL_GENDER, gender)
        for c in (self.COL_NAME, self.COL_ID, self.COL_UNIT, self.COL_POST, self.COL_NOTE):
            self.table.setItem(r, c, _item("", editable=True))
        return r

    def row_count(self) -> int:
        return self.table.rowCount()

    def village_of(self, r: int) -> str:
        return self.table.item(r, self.COL_VILLAGE).data(Qt.ItemDataRole.UserRole)

    def row_for(self, village_text: str, leaving: Optional[str] = None) -> int:
        """First row of a village (by “乡镇 村” or village name), optionally of who leaves."""
        for r in range(self.table.rowCount()):
            v = self.table.item(r, self.COL_VILLAGE).text()
            if (v == village_text or v.endswith(" " + village_text)) and (
                    leaving is None or self.table.item(r, self.COL_LEAVING).text() == leaving):
                return r
        return -1

    def set_successor(self, r: int, name: str = "", unit: str = "", note: str = "", gender: str = "",
                      id_number: str = "", unit_post: str = "", role: Optional[str] = None) -> None:
        """Fill a row as the user would type it (tests and scripted use)."""
        self.table.item(r, self.COL_NAME).setText(name)
        self.table.item(r, self.COL_UNIT).setText(unit)
        self.table.item(r, self.COL_NOTE).setText(note)
        self.table.item(r, self.COL_ID).setText(id_number)
        self.table.item(r, self.COL_POST).setText(unit_post)
        if gender:
            self.table.cellWidget(r, self.COL_GENDER).set_value(gender)
        if role:
            self.table.cellWidget(r, self.COL_ROLE).set_value(role)

    def set_chosen(self, r: int, person_id: str, name: str) -> None:
        self.chosen[r] = person_id
        it = self.table.item(r, self.COL_NAME)
        it.setText(name)
        it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
        it.setToolTip(self.tr("Chosen from the records"))
        for c in (self.COL_ID,):
            self.table.item(r, c).setText("")
            self.table.item(r, c).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.cellWidget(r, self.COL_GENDER).setEnabled(False)

    @Slot()
    def choose_person(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        hit = PersonSearchDialog.ask(self, self.w.db, self.w.english)
        if hit is not None:
            self.set_chosen(r, hit.id, hit.name)

    @Slot()
    def add_row_here(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        vid = self.village_of(r)
        with self.w.db.session() as s:
            slot = next((x for x in rotation.village_slots(s, self.w.township_id()) if x.village_id == vid), None)
        if slot is not None:
            self.table.setCurrentCell(self.add_row(slot, "", "team_member", at=r + 1), self.COL_NAME)

    @Slot()
    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        self.table.removeRow(r)
        self.chosen = {(k - 1 if k > r else k): v for k, v in self.chosen.items() if k != r}

    def successors(self) -> list[rotation.Successor]:
        out = []
        for r in range(self.table.rowCount()):
            name = self.table.item(r, self.COL_NAME).text().strip()
            pid = self.chosen.get(r)
            if not name and not pid:
                continue
            out.append(rotation.Successor(
                village_id=self.village_of(r),
                role=self.table.cellWidget(r, self.COL_ROLE).value() or "team_member",
                person_id=pid,
                name=name,
                gender=self.table.cellWidget(r, self.COL_GENDER).value() or "",
                id_number=self.table.item(r, self.COL_ID).text().strip(),
                unit=self.table.item(r, self.COL_UNIT).text().strip(),
                unit_post=self.table.item(r, self.COL_POST).text().strip(),
                handover_note=self.table.item(r, self.COL_NOTE).text().strip(),
            ))
        return out


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: "RotationWizard") -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Check and confirm"))
        self.setSubTitle(self.tr("Nothing is written until you press Finish; then everything is written at once."))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        self.assignments = QTableWidget(0, 3, self)
        self.assignments.setObjectName("assignments")
        self.assignments.setHorizontalHeaderLabels([self.tr("Village"), self.tr("Leaving"), self.tr("Arriving")])
        self.assignments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.assignments.verticalHeader().hide()
        self.assignments.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.uncovered_label = QLabel(self)
        self.uncovered_label.setWordWrap(True)
        self.uncovered = QListWidget(self)
        self.uncovered.setObjectName("uncovered")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.assignments, 2)
        lay.addWidget(self.uncovered_label)
        lay.addWidget(self.uncovered, 1)
        lay.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802
        plan = self.w.plan()
        self.error.clear()
        self.summary.setText(self.tr(
            "Batch “{name}”: {ending} postings end on {end}; {new} people arrive on {start}."
        ).format(name=plan.batch_name, ending=len(plan.ending), end=plan.last_day().isoformat(),
                 new=len(plan.successors), start=plan.batch_date.isoformat()))
        self._fill_assignments(plan)
        with self.w.db.session() as s:
            left = rotation.uncovered(s, plan, self.w.township_id())
        self.uncovered.clear()
        if left:
            self.uncovered_label.setText(self.tr(
                "These {n} villages designated to have a first secretary would have none:").format(n=len(left)))
            self.uncovered_label.setStyleSheet(ERROR_STYLE)
            red = QBrush(QColor("#b3261e"))
            for name in left:
                self.uncovered.addItem(name)
                self.uncovered.item(self.uncovered.count() - 1).setForeground(red)
            self.uncovered.show()
        else:
            self.uncovered_label.setText(self.tr("Every village designated to have a first secretary will have one."))
            self.uncovered_label.setStyleSheet("color: #1b6e20;")
            self.uncovered.hide()

    def _fill_assignments(self, plan: rotation.RotationPlan) -> None:
        """Village by village: who leaves, who arrives (with role)."""
        english = self.w.english
        leaving: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for d in self.w.ending_page.ending():
            role = labels.code_label("dispatch_role", d.role, english)
            leaving.setdefault(d.village_id, []).append(f"{d.name}（{role}）")
            names[d.village_id] = f"{d.township} {d.village}"
        arriving: dict[str, list[str]] = {}
        page = self.w.successor_page
        for r in range(page.row_count()):
            vid = page.village_of(r)
            names.setdefault(vid, page.table.item(r, page.COL_VILLAGE).text())
        for s in plan.successors:
            role = labels.code_label("dispatch_role", s.role, english)
            arriving.setdefault(s.village_id, []).append(f"{s.name}（{role}）")
        villages = list(dict.fromkeys([*leaving, *arriving]))
        self.assignments.setRowCount(len(villages))
        for r, vid in enumerate(villages):
            cells = (names.get(vid, ""), "、".join(leaving.get(vid, [])),
                     "、".join(arriving.get(vid, [])) or self.tr("(vacant)"))
            for c, text in enumerate(cells):
                it = _item(text)
                it.setToolTip(text)
                self.assignments.setItem(r, c, it)

    def validatePage(self) -> bool:  # noqa: N802
        return self.w.commit()


class RotationWizard(QWizard):
    """End a batch and start the next; ``result`` holds the ``RotationResult`` after Finish."""

    def __init__(self, db: Any, english: bool = False, thresholds: Thresholds = Thresholds(),
                 township_id: Optional[str] = None, today: Optional[date] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.english = english
        self.thresholds = thresholds
        self.initial_township = township_id
        self.today = today or clock.today()
        self.result: Optional[rotation.RotationResult] = None
        self.setWindowTitle(self.tr("Rotate village postings"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.batch_page = BatchPage(self)
        self.ending_page = EndingPage(self)
        self.successor_page = SuccessorPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.batch_page, self.ending_page, self.successor_page, self.confirm_page):
            self.addPage(page)
        self.resize(1100, 640)

    def township_id(self) -> Optional[str]:
        return self.batch_page.township.currentData()

    def from_batch_id(self) -> Optional[str]:
        return self.batch_page.from_batch.currentData()

    def plan(self) -> rotation.RotationPlan:
        bd = self.batch_page.batch_date.value()
        ed = self.batch_page.end_date.value()
        return rotation.RotationPlan(
            batch_name=self.batch_page.name.text().strip(),
            batch_date=bd if isinstance(bd, date) else self.today,
            end_date=ed if isinstance(ed, date) else None,
            ending=[d.id for d in self.ending_page.ending()],
            end_status=self.ending_page.status.value() or "rotated",
            end_reason=self.ending_page.reason.text().strip(),
            successors=self.successor_page.successors(),
            notes=self.batch_page.notes.text().strip(),
        )

    def commit(self) -> bool:
        """Write the rotation; on refusal show why on the last page and stay."""
        try:
            with self.db.session() as s, s.begin():
                self.result = rotation.rotate(s, self.plan(), today=self.today,
                                              term_years=self.thresholds.term_years)
        except ValidationError as err:
            self.confirm_page.error.setText(
                self.tr("Nothing was written:") + "\n" + "\n".join(e.message for e in err.errors))
            return False
        return True

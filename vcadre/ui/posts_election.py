"""换届 helper: close every post of a township (or the county) at the election day and enter the
results village by village; saved in one transaction by ``services.posts_election``.

Each row is a village with its secretary and director the day before the election; the elected
secretary and director start filled in with them (most are re-elected), so the officer changes
only what changed. "One person" makes the director the elected secretary (一肩挑). The other
posts (副书记, 委员, 副主任, 监委会主任 …) held the day before are re-entered too unless taken out
in the village's "Other posts…" list, where newly elected members are added.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, Optional

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.domain.codes import VILLAGE_POST
from vcadre.services import posts_election, regions
from vcadre.services.errors import ValidationError
from vcadre.ui import messages
from vcadre.ui.forms import ERROR_STYLE, PersonSearchDialog
from vcadre.ui.jobs import run_job
from vcadre.ui.unsaved import AsksBeforeDiscarding

COL_VILLAGE, COL_SEC, COL_DIR, COL_NEW_SEC, COL_NEW_DIR, COL_ONE, COL_OTHERS = range(7)

#: (post code, person id, name): one elected holder of a post other than secretary and director.
Other = tuple[str, str, str]


class ElectionDialog(AsksBeforeDiscarding, QDialog):
    """Enter a general election's results for the villages of one township or of the county."""

    def __init__(self, db: Any, region_id: Optional[str], english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._region = self._scope(region_id)
        self.rows: list[posts_election.ElectionRow] = []
        #: Per row: {"secretary": (id, name) | None, "director": (id, name) | None,
        #: "others": [(post, id, name), …]}
        self.picks: list[dict[str, Any]] = []
        self.summary: Optional[posts_election.ElectionSummary] = None
        with db.session() as s:
            scope = regions.region_path(s, self._region) if self._region else self.tr("the whole county")
        self.setWindowTitle(self.tr("General election — {scope}").format(scope=scope))
        self.setSizeGripEnabled(True)

        heading = QLabel(self.tr("General election in {scope}").format(scope=scope), self)
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        heading.setFont(f)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("electionDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = clock.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.dateChanged.connect(self.reload)
        explain = QLabel(self.tr(
            "Every post held on the election day in these villages ends the day before it. "
            "The elected secretary and director start on the election day (how appointed: election). "
            "They and the other posts (deputies, members, supervision) are filled in with the current "
            "holders: change only those who changed."), self)
        explain.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Election day:"), self))
        top.addWidget(self.date_edit)
        top.addStretch(1)

        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("electionTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Village (community)"), self.tr("Secretary before"), self.tr("Director before"),
            self.tr("Elected secretary"), self.tr("Elected director"), self.tr("One person"),
            self.tr("Other posts elected"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_VILLAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ONE, QHeaderView.ResizeMode.ResizeToContents)
        for c in (COL_SEC, COL_DIR, COL_NEW_SEC, COL_NEW_DIR):
            self.table.setColumnWidth(c, 110)
        self.table.setColumnWidth(COL_OTHERS, 260)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.cellDoubleClicked.connect(self._on_double_click)

        self.choose_sec = QPushButton(self.tr("Choose secretary…"), self)
        self.choose_sec.clicked.connect(lambda: self.choose(self.table.currentRow(), "secretary"))
        self.choose_dir = QPushButton(self.tr("Choose director…"), self)
        self.choose_dir.clicked.connect(lambda: self.choose(self.table.currentRow(), "director"))
        self.others_button = QPushButton(self.tr("Other posts…"), self)
        self.others_button.setToolTip(self.tr("Deputies, members and the supervision director elected in this village"))
        self.others_button.clicked.connect(lambda: self.edit_others(self.table.currentRow()))
        self.clear_button = QPushButton(self.tr("No result yet"), self)
        self.clear_button.setToolTip(self.tr("Leave this village's posts empty for now"))
        self.clear_button.clicked.connect(lambda: self.clear_row(self.table.currentRow()))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close posts and save results"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row_buttons = QHBoxLayout()
        for b in (self.choose_sec, self.choose_dir, self.others_button, self.clear_button):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        self.count_label = QLabel(self)
        row_buttons.addWidget(self.count_label)

        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(top)
        lay.addWidget(explain)
        lay.addWidget(self.table, 1)
        lay.addLayout(row_buttons)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        self.resize(1100, 620)
        self.reload()

    def _scope(self, region_id: Optional[str]) -> Optional[str]:
        """A village chosen in the tree means its township: elections are held township-wide."""
        if region_id is None:
            return None
        with self._db.session() as s:
            node = regions.get_node(s, region_id)
            if node.level == "village":
                from vcadre.store.models import Region

                return s.get(Region, region_id).parent_id
        return region_id

    # ------------------------------------------------------------------ rows

    def election_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def set_election_date(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    @Slot()
    def reload(self) -> None:
        with self._db.session() as s:
            self.rows = posts_election.election_villages(s, self._region, self.election_date())
        self.picks = [{
            "secretary": (r.secretary_id, r.secretary) if r.secretary_id else None,
            "director": (r.director_id, r.director) if r.director_id else None,
            "others": [(h.post, h.person_id, h.name) for h in r.others],
        } for r in self.rows]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for c, text in ((COL_VILLAGE, r.village), (COL_SEC, r.secretary), (COL_DIR, r.director)):
                self.table.setItem(i, c, QTableWidgetItem(text))
            one = QTableWidgetItem()
            one.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            self.table.setItem(i, COL_ONE, one)
            self._show_row(i)
        self.table.blockSignals(False)
        self._update_count()
        self._initial_picks = [dict(p, others=sorted(p["others"])) for p in self.picks]
        if self.rows:
            self.table.selectRow(0)

    def _show_row(self, i: int) -> None:
        pick = self.picks[i]
        blocked = self.table.blockSignals(True)
        r = self.rows[i]
        before = {"secretary": r.secretary_id, "director": r.director_id}
        for c, key in ((COL_NEW_SEC, "secretary"), (COL_NEW_DIR, "director")):
            item = QTableWidgetItem(pick[key][1] if pick[key] else self.tr("(none)"))
            if (pick[key][0] if pick[key] else None) != before[key]:
                font = item.font()
                font.setBold(True)  # changed by this election
                item.setFont(font)
                item.setForeground(QColor("#a61b1b"))
            self.table.setItem(i, c, item)
        others = QTableWidgetItem(self.others_text(pick["others"]))
        if sorted(pick["others"]) != sorted((h.post, h.person_id, h.name) for h in r.others):
            font = others.font()
            font.setBold(True)
            others.setFont(font)
            others.setForeground(QColor("#a61b1b"))
        others.setToolTip(others.text())
        self.table.setItem(i, COL_OTHERS, others)
        same = pick["secretary"] is not None and pick["secretary"] == pick["director"]
        self.table.item(i, COL_ONE).setCheckState(Qt.CheckState.Checked if same else Qt.CheckState.Unchecked)
        self.table.blockSignals(blocked)
        if not blocked:
            self._update_count()

    def _update_count(self) -> None:
        one = sum(1 for p in self.picks if p["secretary"] is not None and p["secretary"] == p["director"])
        self.count_label.setText(self.tr("{n} villages; one person as secretary and director: {one}").format(
            n=len(self.rows), one=one))

    def set_pick(self, row: int, post: str, person: Optional[tuple[str, str]]) -> None:
        """Elect ``person`` ((id, name) or None) to ``post`` in ``row``'s village."""
        self.picks[row][post] = person
        self._show_row(row)

    def choose(self, row: int, post: str) -> None:
        if not 0 <= row < len(self.rows):
            return
        hit = PersonSearchDialog.ask(self, self._db, self._english)
        if hit is not None:
            self.set_pick(row, post, (hit.id, hit.name))

    def clear_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.picks[row] = {"secretary": None, "director": None, "others": []}
            self._show_row(row)

    def others_text(self, others: list[Other]) -> str:
        """"副书记：张龙敏；委员：张龙敏、赵丽" (short post names, in the code table's order)."""
        by_post: dict[str, list[str]] = {}
        for post, _pid, name in others:
            by_post.setdefault(post, []).append(name)
        sep = "; " if self._english else "；"
        return sep.join(
            f"{VILLAGE_POST.label_en(p) if self._english else VILLAGE_POST.short_label(p)}"
            f"{': ' if self._english else '：'}{('、' if not self._english else ', ').join(names)}"
            for p, names in sorted(by_post.items(), key=lambda kv: VILLAGE_POST.codes().index(kv[0])))

    def add_other(self, row: int, post: str, person: tuple[str, str]) -> None:
        """Elect ``person`` ((id, name)) to ``post`` (not secretary or director) in ``row``'s village."""
        entry = (post, person[0], person[1])
        if entry not in self.picks[row]["others"]:
            self.picks[row]["others"].append(entry)
        self._show_row(row)

    def remove_other(self, row: int, post: str, person_id: str) -> None:
        self.picks[row]["others"] = [o for o in self.picks[row]["others"] if (o[0], o[1]) != (post, person_id)]
        self._show_row(row)

    def edit_others(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        chosen = OtherPostsDialog.ask(self, self._db, self.rows[row].village, self.picks[row]["others"],
                                      self._english)
        if chosen is not None:
            self.picks[row]["others"] = chosen
            self._show_row(row)

    @Slot(int, int)
    def _on_double_click(self, row: int, column: int) -> None:
        if column == COL_NEW_SEC:
            self.choose(row, "secretary")
        elif column == COL_NEW_DIR:
            self.choose(row, "director")
        elif column == COL_OTHERS:
            self.edit_others(row)

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != COL_ONE:
            return
        row = item.row()
        pick = self.picks[row]
        if item.checkState() == Qt.CheckState.Checked:
            if pick["secretary"] is None:
                self._show_row(row)  # nobody to give both posts to: undo the tick
                return
            pick["director"] = pick["secretary"]
        elif pick["director"] == pick["secretary"]:
            pick["director"] = None  # choose the director separately
        self._show_row(row)

    def set_one_person(self, row: int, on: bool) -> None:
        self.table.item(row, COL_ONE).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------ saving

    def has_unsaved_input(self) -> bool:
        return [dict(p, others=sorted(p["others"])) for p in self.picks] != self._initial_picks

    def results(self) -> list[posts_election.Elected]:
        out = []
        for r, pick in zip(self.rows, self.picks):
            for post in ("secretary", "director"):
                if pick[post] is not None:
                    out.append(posts_election.Elected(r.village_id, post, pick[post][0]))
            out.extend(posts_election.Elected(r.village_id, post, pid) for post, pid, _name in pick["others"])
        return out

    def save(self) -> None:
        """Save on a worker, in one transaction (a county-wide election takes a few seconds);
        on success tell the user and close, else show why under the table and stay open."""
        day, region, results = self.election_date(), self._region, self.results()
        self.error_label.hide()
        self.buttons.setEnabled(False)

        def op(db: Any, _progress: Any) -> posts_election.ElectionSummary:
            with db.session() as s, s.begin():
                return posts_election.hold_election(s, region, day, results)

        def done(summary: posts_election.ElectionSummary) -> None:
            self.buttons.setEnabled(True)
            self.summary = summary
            messages.info(self, self.tr(
                "Election saved: {closed} posts closed, {created} posts entered; "
                "{one} of {n} villages elected one person as secretary and director."
            ).format(closed=summary.closed, created=summary.created, one=summary.one_shoulder, n=len(self.rows)))
            QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                text = "\n".join(e.message for e in exc.errors[:12]) + ("\n…" if len(exc.errors) > 12 else "")
            elif messages.is_known_error(exc):
                text = str(exc)
            else:
                sys.excepthook(type(exc), exc, exc.__traceback__)
                return
            self.error_label.setText(text)
            self.error_label.show()

        run_job(self, op, done, failed, label=self.tr("Saving the election results…"), db=self._db)

    def accept(self) -> None:
        text = self.tr(
            "Close every post held on {day} in these {n} villages and save the results? "
            "This is one step: either all of it is saved or nothing."
        ).format(day=self.election_date().isoformat(), n=len(self.rows))
        if messages.confirm(self, text):
            self.save()

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, region_id: Optional[str], english: bool = False) -> bool:
        """Run modally; True if the election was saved."""
        dlg = cls(db, region_id, english, parent)
        return dlg.exec() == QDialog.DialogCode.Accepted


class OtherPostsDialog(AsksBeforeDiscarding, QDialog):
    """The posts other than secretary and director elected in one village: a list to take people
    out of and add people to (each through the person search)."""

    def __init__(self, db: Any, village: str, others: list[Other], english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self.setWindowTitle(self.tr("Other posts elected — {village}").format(village=village))
        self.list = QListWidget(self)
        for entry in others:
            self._add_item(entry)
        self.post_combo = QComboBox(self)
        for code in VILLAGE_POST.codes():
            if code not in ("secretary", "director"):
                self.post_combo.addItem(VILLAGE_POST.label_en(code) if english else VILLAGE_POST.label(code), code)
        self.add_button = QPushButton(self.tr("Add person…"), self)
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton(self.tr("Take out"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.post_combo, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addLayout(bar)
        lay.addWidget(self.buttons)
        self.resize(460, 360)
        self._initial = self.entries()

    def has_unsaved_input(self) -> bool:
        return self.entries() != self._initial

    def _add_item(self, entry: Other) -> None:
        label = VILLAGE_POST.label_en(entry[0]) if self._english else VILLAGE_POST.label(entry[0])
        item = QListWidgetItem(f"{label}  {entry[2]}", self.list)
        item.setData(Qt.ItemDataRole.UserRole, entry)

    def entries(self) -> list[Other]:
        return [tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def add(self, post: str, person: tuple[str, str]) -> None:
        entry = (post, person[0], person[1])
        if entry not in self.entries():
            self._add_item(entry)

    def _choose(self) -> None:
        hit = PersonSearchDialog.ask(self, self._db, self._english)
        if hit is not None:
            self.add(self.post_combo.currentData(), (hit.id, hit.name))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, village: str, others: list[Other],
            english: bool = False) -> Optional[list[Other]]:
        dlg = cls(db, village, others, english, parent)
        return dlg.entries() if dlg.exec() == QDialog.DialogCode.Accepted else None

"""一肩挑 tab: one row per village — its Party secretary, its committee director, and whether
one person holds both (“one shoulder”, with since-when), and for the others the reason and plan.
Editing a row opens that village's post records (the history of every post); the rates by
township, the chart and the timeline are below (``ui.posts_rates``); the election helper is
``ui.posts_election``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.services import posts, posts_plans, regions
from vcadre.services.listing import ListQuery
from vcadre.ui import labels
from vcadre.ui.forms import RecordDialog, delete_record, qtoday
from vcadre.ui.posts_election import ElectionDialog
from vcadre.ui.tabs.base import FilterSpec, ListTab


class VillagePostsDialog(QDialog):
    """Every post record of one village, with add / edit / delete."""

    def __init__(self, db: Any, village_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._village = village_id
        self._english = english
        self._rows: list[posts.PostRow] = []
        self.changed = False
        with db.session() as s:
            path = regions.region_path(s, village_id)
        self.setWindowTitle(self.tr("Village posts — {village}").format(village=path))
        heading = QLabel(path, self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([
            labels.label("posts", "name"), labels.label("posts", "post"),
            labels.label("posts", "start_date"), labels.label("posts", "end_date"),
            labels.label("posts", "origin"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.edit_current)
        self.add_button = QPushButton(self.tr("New post…"), self)
        self.add_button.clicked.connect(self.add_post)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.clicked.connect(self.delete_current)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.resize(680, 360)
        self.reload()

    def reload(self) -> None:
        with self._db.session() as s:
            self._rows = posts.village_posts(s, self._village)
        self.table.setRowCount(len(self._rows))
        for r, p in enumerate(self._rows):
            cells = [
                p.name,
                labels.code_label("village_post", p.post, self._english),
                p.start_date.isoformat() if p.start_date else "",
                p.end_date.isoformat() if p.end_date else self.tr("(current)"),
                labels.code_label("post_origin", p.origin, self._english),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _current(self) -> Optional[posts.PostRow]:
        r = self.table.currentRow()
        return self._rows[r] if 0 <= r < len(self._rows) else None

    @Slot()
    def add_post(self) -> None:
        saved = RecordDialog.ask(self, self._db, posts, "posts", None, english=self._english,
                                 defaults={"village_id": self._village}, title=self.tr("New post"))
        if saved:
            self.changed = True
            self.reload()

    @Slot()
    def edit_current(self) -> None:
        row = self._current()
        if row is None:
            return
        saved = RecordDialog.ask(self, self._db, posts, "posts", row.id, english=self._english,
                                 display={"person_id": row.name}, title=self.tr("Edit post"))
        if saved:
            self.changed = True
            self.reload()

    @Slot()
    def delete_current(self) -> None:
        row = self._current()
        if row is None:
            return
        what = f"{row.name} {labels.code_label('village_post', row.post, self._english)}"
        if delete_record(self, self._db, posts, row.id, what):
            self.changed = True
            self.reload()

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, village_id: str, english: bool = False) -> bool:
        """Show the village's posts modally; True if anything changed."""
        dlg = cls(db, village_id, english, parent)
        dlg.exec()
        return dlg.changed


class PostsTab(ListTab):
    """Every village with its secretary, director, one-shoulder status (derived, with since-when)
    and, for the others, the plan; below, the rates by township, the chart and the timeline.

    "As of" shows everything on another day (the list, the rates and the chart alike).
    """

    import_kind = "posts"

    kind = "posts"
    service = posts

    def filters(self) -> list[FilterSpec]:
        return [FilterSpec("one_shoulder", boolean=True)]

    def search_hint(self) -> str:
        return self.tr("Search by village or township name")

    def edit_text(self) -> str:
        return self.tr("&Posts of this village…")

    def edit_button_text(self) -> str:
        return self.tr("Posts of this village")

    def dialog_title(self, new: bool) -> str:
        return self.tr("New post")

    def new_defaults(self) -> dict[str, Any]:
        village = self.current_id()  # rows are villages
        if village is not None:
            return {"village_id": village}
        return super().new_defaults()

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(db, english, parent)
        # Rows are villages, not records: deleting is done per post in the village dialog.
        self.delete_button.hide()
        self.delete_action.setVisible(False)
        self.delete_action.setEnabled(False)

        # "As of" day, in the search row before the count.
        top = self.layout().itemAt(0).layout()
        self.as_of_edit = QDateEdit(self)
        self.as_of_edit.setObjectName("asOf")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setDate(qtoday())
        self.as_of_edit.setToolTip(self.tr("Show posts, status and rates as they were on this day"))
        self.as_of_edit.dateChanged.connect(self.refresh)
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.clicked.connect(lambda: self.as_of_edit.setDate(qtoday()))
        at = top.indexOf(self.count_label) - 1  # before the stretch
        top.insertWidget(at, QLabel(self.tr("As of:"), self))
        top.insertWidget(at + 1, self.as_of_edit)
        top.insertWidget(at + 2, self.today_button)

        # The list above, the rates below.
        from vcadre.ui.posts_rates import RatesPanel

        self.rates_panel = RatesPanel(db, english, self)
        lay = self.layout()
        index = lay.indexOf(self.table)
        lay.removeWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("postsSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.rates_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 330])  # scaled to the window; the user may drag it
        lay.insertWidget(index, self.splitter, 1)

        buttons = lay.itemAt(lay.count() - 1).layout()
        self.plan_button = QPushButton(self.tr("One-shoulder plan…"), self)
        self.plan_button.setObjectName("plan")
        self.plan_button.setToolTip(self.tr(
            "Why this village is not one-shoulder yet, the plan, the target date and the candidate"))
        self.plan_button.clicked.connect(self.edit_plan)
        self.election_button = QPushButton(self.tr("General election…"), self)
        self.election_button.setObjectName("election")
        self.election_button.setToolTip(self.tr(
            "Close all posts of the township chosen on the left (or of the county) at the election "
            "day and enter the results"))
        self.election_button.clicked.connect(self.hold_election)
        buttons.insertWidget(2, self.plan_button)
        buttons.addWidget(self.election_button)
        self._update_buttons()

    def as_of(self) -> date:
        d = self.as_of_edit.date()
        return date(d.year(), d.month(), d.day())

    def set_as_of(self, day: date) -> None:
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))

    def query(self) -> ListQuery:
        q = super().query()
        q.as_of = self.as_of() if hasattr(self, "as_of_edit") else None
        return q

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        if not self._stale and hasattr(self, "rates_panel"):
            self.rates_panel.set_scope(self._region, self.as_of())

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "delete_action"):
            self.delete_action.setEnabled(False)
        if hasattr(self, "plan_button"):
            self.plan_button.setEnabled(self.current_row() >= 0)

    @Slot()
    def edit_current(self) -> None:
        village = self.current_id()
        if village is not None and VillagePostsDialog.ask(self, self._db, village, self._english):
            self.refresh()

    @Slot()
    def edit_plan(self) -> None:
        village = self.current_id()
        if village is None:
            return
        with self._db.session() as s:
            plan_id = posts_plans.plan_for_village(s, village)
            display = posts_plans.candidate_display(s, plan_id) if plan_id else {}
        saved = RecordDialog.ask(self, self._db, posts_plans, "one_shoulder_plan", plan_id,
                                 english=self._english, defaults={"village_id": village}, display=display,
                                 title=self.tr("One-shoulder plan"))
        if saved:
            self.refresh()

    @Slot()
    def hold_election(self) -> None:
        if ElectionDialog.ask(self, self._db, self._region, self._english):
            self.refresh()

    @Slot()
    def delete_current(self) -> None:
        return

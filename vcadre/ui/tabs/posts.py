"""一肩挑 tab: one row per village — its Party secretary, its committee director, and whether
one person holds both (“one shoulder”). Editing a row opens that village's post records.
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.services import posts, regions
from vcadre.ui import labels
from vcadre.ui.forms import RecordDialog, delete_record
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

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "delete_action"):
            self.delete_action.setEnabled(False)

    @Slot()
    def edit_current(self) -> None:
        village = self.current_id()
        if village is not None and VillagePostsDialog.ask(self, self._db, village, self._english):
            self.refresh()

    @Slot()
    def delete_current(self) -> None:
        return

"""回收站 (recycle bin): deleted records of every kind, filtered and searched in SQL, restored.

A ``ListingModel`` over the ``"trash"`` listing (``services.undo.recycle.TrashListing``): pages of
200 fetched as the view scrolls, sorting and filtering done by the database. 恢复 shows first
what else comes back (the deleted class of a trainee, the records deleted together with it) and,
for records deleted with others, whether to restore those too (a person: not unless ticked).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.ui import labels, messages
from vcadre.ui.qtcompat import emit
from vcadre.ui.table_model import ListingModel

translate = QCoreApplication.translate

SEARCH_DELAY_MS = 250


def _header(key: str) -> str:
    return {
        "record_kind": translate("RecycleBinDialog", "Kind"),
        "what": translate("RecycleBinDialog", "Record"),
        "place": translate("RecycleBinDialog", "Where"),
        "deleted_at": translate("RecycleBinDialog", "Deleted on"),
        "deleted_by": translate("RecycleBinDialog", "Deleted at site"),
    }.get(key, key)


class RestoreQuestion:
    """Confirms a restore, saying what comes back with it (tests monkeypatch ``ask``).

    Returns None (cancelled) or whether to restore the records deleted together with them.
    """

    @classmethod
    def ask(cls, parent: Optional[QWidget], plans: list[Any]) -> Optional[bool]:
        lines = []
        for plan in plans[:10]:
            lines.append(translate("RecycleBinDialog", "Restore {what}").format(what=str(plan.record)))
            for p in plan.parents:
                lines.append("    " + translate("RecycleBinDialog", "with the deleted {what} it belongs to")
                             .format(what=str(p)))
        if len(plans) > 10:
            lines.append(translate("RecycleBinDialog", "… {n} records in all").format(n=len(plans)))
        children = sum(len(p.children) for p in plans)
        box = QMessageBox(QMessageBox.Icon.Question, translate("RecycleBinDialog", "Restore"),
                          "\n".join(lines), QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                          parent)
        box.button(QMessageBox.StandardButton.Ok).setText(translate("RecycleBinDialog", "Restore"))
        check = None
        if children:
            check = QCheckBox(translate("RecycleBinDialog",
                                        "Also restore the {n} records deleted together with them").format(n=children))
            check.setChecked(all(p.children_by_default for p in plans if p.children))
            box.setCheckBox(check)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return None
        return bool(check.isChecked()) if check is not None else True


class RecycleBinDialog(QDialog):
    """The recycle bin window (编辑 → 回收站)."""

    # Emitted when records were restored (the main window refreshes its tabs).
    restored = Signal()

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from vcadre.services import undo as service  # registers the "trash" listing

        self._service = service
        self._db = db
        self.setWindowTitle(self.tr("Recycle bin"))
        self.setObjectName("recycleBin")
        self.resize(900, 520)

        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in service.TRASH_KINDS:
            self.kind.addItem(labels.code_label("record_kind", kind, english), kind)
        self.kind.currentIndexChanged.connect(self.reload)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search by name, title or place"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.reload)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Kind:"), self))
        top.addWidget(self.kind)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)

        self.model = ListingModel(LISTINGS["trash"](), db, _header, english, self)
        self.model.totalChanged.connect(self._on_total)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 110)
        header.resizeSection(1, 280)
        header.resizeSection(2, 220)
        header.resizeSection(3, 150)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.note = QLabel(self.tr(
            "Deleted records are kept here until restored. Restoring is a change like any other: "
            "it reaches the other offices with the next sync package, and Ctrl+Z undoes it."), self)
        self.note.setWordWrap(True)
        self.note.setObjectName("note")
        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.reload()

    # ------------------------------------------------------------------ list

    def query(self) -> ListQuery:
        q = self.model.query()
        kind = self.kind.currentData()
        return ListQuery(search=self.search.text().strip(), filters={"kind": kind} if kind else {},
                         order_by=q.order_by, descending=q.descending)

    @Slot()
    def reload(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.query())

    @Slot(int)
    def _on_total(self, total: int) -> None:
        self.count.setText(self.tr("{n} deleted records").format(n=f"{total:,}"))

    def selected_keys(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.row_id(r) for r in rows]

    @Slot()
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    # ------------------------------------------------------------------ restore

    @Slot()
    def restore_selected(self) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        service = self._service
        try:
            with self._db.session() as s:
                plans = [service.plan_restore(s, *service.parse_key(k)) for k in keys]
        except Exception as exc:  # noqa: BLE001
            if not messages.is_known_error(exc):
                raise
            messages.error(self, str(exc))
            self.reload()
            return
        with_children = RestoreQuestion.ask(self, plans)
        if with_children is None:
            return
        try:
            with self._db.session() as s, s.begin():
                done = service.restore_many(s, keys, with_children)
        except Exception as exc:  # noqa: BLE001
            if not messages.is_known_error(exc):
                raise
            messages.error(self, str(exc))
            return
        self.reload()
        window = self.parentWidget().window() if self.parentWidget() is not None else None
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                self.tr("Restored {n} records; press Ctrl+Z to undo.").format(n=len(done)), 10_000)
        emit(self.restored)

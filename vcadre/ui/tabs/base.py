"""``ListTab``: search box, filter combos, a lazy table, a row count and add/edit/delete.

Subclasses say which service and listing they show (``kind``), which filters they offer
(``filters()``) and how a row is named in the delete question (``describe_row``).

Queries: the count and the first page run synchronously (a few ms on a county database; the
model never loads all rows), debounced by ``SEARCH_DELAY_MS`` while the user types. A tab that
is not visible does not query until it is shown.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui.menu_button import set_menu
from vcadre.domain.codes import TABLES
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.ui import labels
from vcadre.ui.flow_layout import FlowLayout
from vcadre.ui.forms import RecordDialog, delete_record
from vcadre.ui.table_model import ListingModel
from vcadre.ui.qtcompat import emit

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250


translate = QCoreApplication.translate


class FilterSpec:
    """A filter combo over a listing column: a code table, or yes/no for a bool column."""

    def __init__(self, key: str, codes: Optional[str] = None, boolean: bool = False) -> None:
        self.key = key
        self.codes = codes
        self.boolean = boolean


class ListTab(QWidget):
    """One record list with its search box, filters, table and buttons."""

    kind: str = ""
    #: Module with ``FIELDS``, ``get``, ``save``, ``delete``.
    service: Optional[ModuleType] = None

    #: The total changed (for the status bar).
    totalChanged = Signal(int)

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._region: Optional[str] = None
        self._stale = True
        self.dialog: Optional[RecordDialog] = None  # the open add/edit dialog (tests drive it)

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.search_hint())
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.refresh)

        self.filter_combos: dict[str, QComboBox] = {}
        # Filter and button rows wrap onto more lines rather than widen the window (1366×768).
        top = FlowLayout()
        top.setSpacing(6)
        top.addWidget(self.search)
        for spec in self.filters():
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{spec.key}")
            combo.addItem(translate("ListTab", "{what}: all").format(what=labels.label(self.kind, spec.key)), None)
            if spec.boolean:
                combo.addItem(labels.yes_no(True), True)
                combo.addItem(labels.yes_no(False), False)
            else:
                for item in TABLES[spec.codes]:
                    combo.addItem(item.label_en if english else item.label, item.code)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.refresh)
            self.filter_combos[spec.key] = combo
            top.addWidget(combo)
        # Filters set from elsewhere (a dashboard bar) with no combo here, e.g. the year.
        self.extra_filters: dict[str, Any] = {}
        self.extra_button = QPushButton(self)
        self.extra_button.setObjectName("extraFilters")
        self.extra_button.setToolTip(translate("ListTab", "Click to remove this filter"))
        self.extra_button.clicked.connect(lambda: self.show_filtered({}))
        self.extra_button.hide()
        top.addWidget(self.extra_button)
        top.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        top.addWidget(self.count_label)

        listing = LISTINGS[self.kind]()
        self.model = ListingModel(listing, db, lambda key: labels.label(self.kind, key), english, self)
        self.model.totalChanged.connect(self._on_total)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSortingEnabled(True)
        vh = self.table.verticalHeader()
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.add_action = QAction(translate("ListTab", "&New…"), self)
        self.add_action.setShortcuts([QKeySequence(Qt.Key.Key_Insert), QKeySequence("Ctrl+N")])
        self.add_action.triggered.connect(self.add_record)
        self.edit_action = QAction(self.edit_text(), self)
        self.edit_action.setShortcuts([QKeySequence(Qt.Key.Key_F2), QKeySequence(Qt.Key.Key_Return),
                                       QKeySequence(Qt.Key.Key_Enter)])
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction(translate("ListTab", "&Delete…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(self.delete_current)
        for act in (self.add_action, self.edit_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(act)
        # Enter, F2 and Del act on the table only (Enter in the search box runs the search).
        for act in (self.edit_action, self.delete_action):
            self.removeAction(act)
            self.table.addAction(act)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.insertAction(self.edit_action, self.add_action)

        self.add_button = QPushButton(translate("ListTab", "New"), self)
        self.add_button.setObjectName("add")
        self.add_button.setToolTip(translate("ListTab", "Add a record (Insert)"))
        self.add_button.clicked.connect(self.add_record)
        self.edit_button = QPushButton(self.edit_button_text(), self)
        self.edit_button.setObjectName("edit")
        self.edit_button.setToolTip(translate("ListTab", "Edit the selected record (F2 or Enter; or double-click)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(translate("ListTab", "Delete"), self)
        self.delete_button.setObjectName("delete")
        self.delete_button.setToolTip(translate("ListTab", "Delete the selected record (Del)"))
        self.delete_button.clicked.connect(self.delete_current)
        buttons = FlowLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        from vcadre.ui.roster_export import RosterActions

        self.roster = RosterActions(self)  # 打印/导出: the current view as a roster
        buttons.addWidget(self.roster.button)
        self.import_button: Optional[QPushButton] = None
        if self.import_kind:
            self._add_import_button(buttons)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self._update_buttons()

    #: Import-engine kind of this tab's records (``services.imports``): adds an Excel button
    #: with 下载导入模板 and 从 Excel 导入 (the import wizard).
    import_kind: Optional[str] = None

    def _add_import_button(self, buttons: FlowLayout) -> None:
        from PySide6.QtWidgets import QMenu

        self.import_button = QPushButton(translate("ListTab", "Excel"), self)
        self.import_button.setObjectName("import_excel")
        menu = QMenu(self.import_button)
        self.template_action = menu.addAction(translate("ListTab", "Save the import template…"))
        self.template_action.triggered.connect(self.save_import_template)
        self.import_action = menu.addAction(translate("ListTab", "Import from Excel…"))
        self.import_action.triggered.connect(lambda: self.import_excel())
        set_menu(self.import_button, menu)
        buttons.addWidget(self.import_button)

    @Slot()
    def save_import_template(self) -> None:
        from vcadre.ui.imports.wizard import save_template

        save_template(self, self.import_kind)

    def import_excel(self, path=None) -> None:
        from vcadre.ui.imports.wizard import import_kind

        self.import_dialog = import_kind(self, self._db, self.import_kind, self.refresh, path)

    # ------------------------------------------------------------------ for subclasses

    def filters(self) -> list[FilterSpec]:
        return []

    def search_hint(self) -> str:
        return translate("ListTab", "Search by name, pinyin initials or ID number")

    def edit_text(self) -> str:
        return translate("ListTab", "&Edit…")

    def edit_button_text(self) -> str:
        return translate("ListTab", "Edit")

    def describe_row(self, row: int) -> str:
        return str(self.model.raw_value(row, self.model.column_key(0)))

    def dialog_title(self, new: bool) -> str:
        return translate("ListTab", "New record") if new else translate("ListTab", "Edit record")

    def new_defaults(self) -> dict[str, Any]:
        """Values a new record starts with: the village chosen in the region tree."""
        defaults: dict[str, Any] = {}
        keys = {f.key for f in self.service.FIELDS}
        if self._region and "village_id" in keys and self._region_is_village():
            defaults["village_id"] = self._region
        return defaults

    # ------------------------------------------------------------------ query

    def query(self) -> ListQuery:
        filters = {}
        for key, combo in self.filter_combos.items():
            value = combo.currentData()
            if value is not None:
                filters[key] = value
        filters.update({k: v for k, v in self.extra_filters.items() if k not in filters})
        q = self.model.query()
        return ListQuery(region_id=self._region, search=self.search.text().strip(), filters=filters,
                         order_by=q.order_by, descending=q.descending)

    @Slot()
    def refresh(self) -> None:
        """Re-run the query now if the tab is visible, else when it is next shown."""
        self._debounce.stop()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        selected = self.current_id()
        self.model.set_query(self.query())
        if selected is not None:
            self.select_id(selected)

    def show_filtered(self, filters: dict[str, Any]) -> None:
        """Show the list with exactly ``filters`` (other filters and the search cleared)."""
        self.extra_filters = {}
        for key, combo in self.filter_combos.items():
            combo.blockSignals(True)
            index = combo.findData(filters[key]) if key in filters else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.extra_filters = {k: v for k, v in filters.items() if k not in self.filter_combos}
        texts = [f"{labels.label(self.kind, k)}: {v}" for k, v in self.extra_filters.items()]
        self.extra_button.setText("  ".join(texts) + "  ✕")
        self.extra_button.setVisible(bool(texts))
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._stale = True
        self.refresh()

    def set_region(self, region_id: Optional[str]) -> None:
        if region_id == self._region and not self._stale:
            return
        self._region = region_id
        self.refresh()

    def region(self) -> Optional[str]:
        return self._region

    def _region_is_village(self) -> bool:
        from vcadre.services import regions

        with self._db.session() as s:
            try:
                return regions.get_node(s, self._region).level == "village"
            except Exception:  # noqa: BLE001 - deleted meanwhile: no default
                return False

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self.refresh)

    @Slot(int)
    def _on_total(self, total: int) -> None:
        self.count_label.setText(translate("ListTab", "{n} records").format(n=self.model.total_text()))
        if total and self.table.horizontalHeader().sectionSize(0) == self.table.horizontalHeader().defaultSectionSize():
            self._size_columns()
        emit(self.totalChanged, total)

    def _size_columns(self) -> None:
        """Fit columns to the header and the first rows once, then leave them to the user."""
        fm = self.table.fontMetrics()
        sample = min(self.model.rowCount(), 50)
        for c in range(self.model.columnCount()):
            width = fm.horizontalAdvance(str(self.model.headerData(c, Qt.Orientation.Horizontal))) + 28
            for r in range(sample):
                width = max(width, fm.horizontalAdvance(self.model.index(r, c).data() or "") + 16)
            self.table.setColumnWidth(c, min(width, 320))

    # ------------------------------------------------------------------ selection

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def current_id(self) -> Optional[str]:
        row = self.current_row()
        return self.model.row_id(row) if row >= 0 else None

    def select_id(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot()
    def _update_buttons(self) -> None:
        has = self.current_row() >= 0
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    # ------------------------------------------------------------------ actions

    @Slot(QModelIndex)
    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_current()

    def open_dialog(self, record_id: Optional[str], **kwargs: Any) -> RecordDialog:
        """Open the add/edit dialog window-modally without blocking; refresh when saved."""
        dlg = RecordDialog(
            self._db, self.service, self.kind, record_id, english=self._english,
            title=self.dialog_title(record_id is None), parent=self, **kwargs,
        )
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._saved(dlg.saved_id))
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dlg
        dlg.open()
        return dlg

    @Slot()
    def add_record(self) -> None:
        self.open_dialog(None, defaults=self.new_defaults())

    @Slot()
    def edit_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.open_dialog(record_id)

    @Slot()
    def delete_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        delete_record(self, self._db, self.service, self.model.row_id(row), self.describe_row(row),
                      on_done=self.refresh)

    def _saved(self, record_id: Optional[str]) -> None:
        self.refresh()
        if record_id:
            self.select_id(record_id)


"""后备干部 tab: the reserve-cadre pool — list, filters, search, chain moves, review, alerts, Excel."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QSpinBox, QWidget

from vcadre.ui.menu_button import set_menu
from vcadre.services import talent
from vcadre.services.listing import ListQuery
from vcadre.ui import messages
from vcadre.ui.tabs.base import FilterSpec, ListTab


class TalentTab(ListTab):
    kind = "talent"
    service = talent

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        # Widgets ``query()`` reads must exist before the base class can query.
        self.party_combo: Optional[QComboBox] = None
        self.age_min: Optional[QSpinBox] = None
        self.age_max: Optional[QSpinBox] = None
        super().__init__(db, english, parent)
        self.dialog_extra: Any = None  # the open card/move/review/alerts/import dialog (tests drive it)
        self._build_extra_filters()
        self._build_buttons()

    def filters(self) -> list[FilterSpec]:
        return [
            FilterSpec("source", "talent_source"),
            FilterSpec("stage", "stage"),
            FilterSpec("status", "reserve_status"),
            FilterSpec("gender", "gender"),
            FilterSpec("education", "education"),
        ]

    def new_defaults(self) -> dict[str, Any]:
        """A new entry starts 在库, entered today (both required, rarely anything else)."""
        from vcadre import clock

        return {"status": "active", "entry_date": clock.today(), **super().new_defaults()}

    def dialog_title(self, new: bool) -> str:
        return self.tr("Add to the reserve pool") if new else self.tr("Edit reserve pool entry")

    # ------------------------------------------------------------------ widgets

    def _build_extra_filters(self) -> None:
        top: QHBoxLayout = self.layout().itemAt(0).layout()
        at = top.indexOf(self.count_label) - 1  # before the stretch
        self.party_combo = QComboBox(self)
        self.party_combo.setObjectName("filter_party_member")
        self.party_combo.addItem(self.tr("Party member: all"), None)
        self.party_combo.addItem(self.tr("Party members"), True)
        self.party_combo.addItem(self.tr("Not Party members"), False)
        self.party_combo.currentIndexChanged.connect(self.refresh)
        self.age_min = QSpinBox(self)
        self.age_min.setObjectName("age_min")
        self.age_max = QSpinBox(self)
        self.age_max.setObjectName("age_max")
        for box in (self.age_min, self.age_max):
            box.setRange(0, 99)
            box.setSpecialValueText(self.tr("any"))
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda _v: self._debounce.start())
        widgets = [self.party_combo, QLabel(self.tr("Age"), self), self.age_min, QLabel("–", self), self.age_max]
        for i, w in enumerate(widgets):
            top.insertWidget(at + 1 + i, w)

    def _build_buttons(self) -> None:
        buttons: QHBoxLayout = self.layout().itemAt(2).layout()
        self.card_button = QPushButton(self.tr("Person card"), self)
        self.card_button.setObjectName("card")
        self.card_button.clicked.connect(self.show_card)
        self.move_button = QPushButton(self.tr("Chain move"), self)
        self.move_button.setObjectName("move")
        menu = QMenu(self.move_button)
        self.move_actions = {}
        for key, text in (("promote", self.tr("Promote…")), ("back", self.tr("Move back…")),
                          ("exit", self.tr("Exit the pool…")), ("reenter", self.tr("Re-enter the pool…"))):
            act = menu.addAction(text)
            act.triggered.connect(lambda _c=False, k=key: self.chain_move(k))
            self.move_actions[key] = act
        set_menu(self.move_button, menu)
        self.review_button = QPushButton(self.tr("Annual review…"), self)
        self.review_button.setObjectName("review")
        self.review_button.clicked.connect(self.open_review)
        self.alerts_button = QPushButton(self.tr("Gap alerts…"), self)
        self.alerts_button.setObjectName("alerts")
        self.alerts_button.clicked.connect(self.open_alerts)
        self.excel_button = QPushButton(self.tr("Excel"), self)
        self.excel_button.setObjectName("excel")
        xmenu = QMenu(self.excel_button)
        self.template_action = xmenu.addAction(self.tr("Save the import template…"))
        self.template_action.triggered.connect(self.save_template)
        self.import_action = xmenu.addAction(self.tr("Import from Excel…"))
        self.import_action.triggered.connect(lambda: self.import_excel())
        self.export_action = xmenu.addAction(self.tr("Export this list…"))
        self.export_action.triggered.connect(self.export_excel)
        set_menu(self.excel_button, xmenu)
        at = buttons.count() - 1  # before the stretch
        for i, w in enumerate((self.card_button, self.move_button)):
            buttons.insertWidget(at + i, w)
        for w in (self.review_button, self.alerts_button, self.excel_button):
            buttons.addWidget(w)
        menu.aboutToShow.connect(self._update_moves)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        super()._update_buttons()
        has = self.current_row() >= 0
        if hasattr(self, "card_button"):
            self.card_button.setEnabled(has)
            self.move_button.setEnabled(has)

    @Slot()
    def _update_moves(self) -> None:
        from vcadre.ui.talent_chain import available_actions

        row = self.current_row()
        if row < 0:
            return
        ok = available_actions(self.model.raw_value(row, "stage"), self.model.raw_value(row, "status"))
        for key, act in self.move_actions.items():
            act.setEnabled(key in ok)

    # ------------------------------------------------------------------ query

    def query(self) -> ListQuery:
        q = super().query()
        if self.party_combo is not None and self.party_combo.currentData() is not None:
            q.filters["party_member"] = self.party_combo.currentData()
        if self.age_min is not None and self.age_min.value() > 0:
            q.filters["age_min"] = self.age_min.value()
        if self.age_max is not None and self.age_max.value() > 0:
            q.filters["age_max"] = self.age_max.value()
        return q

    # ------------------------------------------------------------------ actions

    @Slot()
    def show_card(self) -> None:
        from vcadre.services.person_card import person_of_entry
        from vcadre.ui.person_card import PersonCardDialog

        entry_id = self.current_id()
        if entry_id is None:
            return
        with self._db.session() as s:
            pid = person_of_entry(s, entry_id)
        self.dialog_extra = PersonCardDialog.show_for(self, self._db, pid, self._english)

    def chain_move(self, action: str) -> None:
        from vcadre.services.errors import NotFoundError
        from vcadre.ui.talent_chain import ChainMoveDialog

        entry_id = self.current_id()
        if entry_id is None:
            return
        try:
            dlg = ChainMoveDialog(self._db, entry_id, action, self._english, self)
        except NotFoundError as exc:
            messages.error(self, str(exc))
            return
        dlg.accepted.connect(lambda: self._saved(entry_id))
        self.dialog_extra = dlg
        dlg.open()

    @Slot()
    def open_review(self) -> None:
        from vcadre.ui.talent_review import ReviewDialog

        dlg = ReviewDialog(self._db, self._region, self._english, self)
        dlg.accepted.connect(self.refresh)
        self.dialog_extra = dlg
        dlg.open()

    @Slot()
    def open_alerts(self) -> None:
        from vcadre.ui.talent_alerts import AlertsDialog, age_limit

        dlg = AlertsDialog(self._db, self._region, age_limit(), self)
        self.dialog_extra = dlg
        dlg.open()

    @Slot()
    def save_template(self) -> None:
        from vcadre.ui.talent_excel import save_template

        save_template(self)

    def import_excel(self, path=None) -> None:
        from vcadre.ui.talent_excel import import_from_file

        self.dialog_extra = import_from_file(self, self._db, on_done=self.refresh, path=path)

    @Slot()
    def export_excel(self) -> None:
        from vcadre.ui.talent_excel import export_view

        self.export_job = export_view(self, self._db, self.query())

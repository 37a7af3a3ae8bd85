"""驻村 tab: first secretaries and work-team members stationed in villages.

The list (add/edit/delete through the shared record dialog) with the alerts panel beside it,
and the tab's own actions: the rotation wizard (轮换…), monthly days on post (驻村天数…), the
selected posting's visits (走访记录…) and the village's history (历任…). Thresholds come from
the settings and are passed to the services.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

from vcadre.services import dispatch
from vcadre.services.dispatch_alerts import Thresholds
from vcadre.ui.dispatch_alerts import AlertsPanel, ThresholdsDialog
from vcadre.ui.tabs.base import FilterSpec, ListTab


def _service(term_years: int) -> Any:
    """The dispatch service with the configured default term bound into ``save``."""
    return SimpleNamespace(
        FIELDS=dispatch.FIELDS, get=dispatch.get, delete=dispatch.delete,
        save=lambda s, record_id, values: dispatch.save(s, record_id, values, term_years=term_years),
    )


class DispatchTab(ListTab):
    import_kind = "dispatch"  # Excel: template and import (the import wizard)
    kind = "dispatch"
    service = dispatch

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None,
                 settings: Any = None) -> None:
        self._settings = settings
        self.thresholds: Thresholds = settings.dispatch_thresholds() if settings is not None else Thresholds()
        self.service = _service(self.thresholds.term_years)
        super().__init__(db, english, parent)
        self.wizard: Any = None
        self._alerts_for: Any = object()  # region the alerts were computed for
        self.days_dialog: Any = None
        self.visit_dialog: Any = None
        self.history_dialog: Any = None

        # The table and the alerts panel side by side.
        lay = self.layout()
        index = lay.indexOf(self.table)
        lay.removeWidget(self.table)
        self.alerts = AlertsPanel(db, self.thresholds, self)
        self.alerts.setObjectName("alerts")
        self.alerts.dispatchActivated.connect(self.show_dispatch)
        self.alerts.villageActivated.connect(self.show_history)
        self.alerts.settingsRequested.connect(self.edit_thresholds)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.alerts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([760, 300])
        self.splitter.setChildrenCollapsible(False)
        lay.insertWidget(index, self.splitter, 1)

        # The tab's own actions, after add/edit/delete.
        buttons = lay.itemAt(lay.count() - 1).layout()
        at = buttons.count() - 1  # before the stretch
        self.rotate_button = self._button("rotate", self.tr("Rotate…"),
                                          self.tr("End a batch and post the next, village by village"), self.open_rotation)
        self.days_button = self._button("days", self.tr("Days on post…"),
                                        self.tr("Monthly days on post for everyone at once"), self.open_days)
        self.visits_button = self._button("visits", self.tr("Visits…"),
                                          self.tr("Household visits of the selected posting"), self.open_visits)
        self.history_button = self._button("history", self.tr("Village history…"),
                                           self.tr("Everyone posted to the selected village, in order"), self.open_history)
        for i, b in enumerate((self.rotate_button, self.days_button, self.visits_button, self.history_button)):
            buttons.insertWidget(at + i, b)
        buttons.insertSpacing(at, 16)
        self._update_buttons()

    def _button(self, name: str, text: str, tip: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def filters(self) -> list[FilterSpec]:
        return [FilterSpec("role", "dispatch_role"), FilterSpec("status", "dispatch_status")]

    def dialog_title(self, new: bool) -> str:
        return self.tr("New village posting") if new else self.tr("Edit village posting")

    # ------------------------------------------------------------------ refresh

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        # The alerts depend on the region and the data, not on the search text or filters.
        if self.isVisible() and hasattr(self, "alerts") and self._alerts_for != self._region:
            self.refresh_alerts()

    def refresh_alerts(self) -> None:
        self._alerts_for = self._region
        self.alerts.refresh(self._region)

    def _saved(self, record_id: Optional[str]) -> None:
        super()._saved(record_id)
        self.refresh_alerts()

    @Slot()
    def delete_current(self) -> None:
        super().delete_current()
        self.refresh_alerts()

    @Slot()
    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "visits_button"):
            self.visits_button.setEnabled(self.current_row() >= 0)

    # ------------------------------------------------------------------ actions

    def _township(self) -> Optional[str]:
        """The township chosen in the tree (or the one of the chosen village)."""
        if not self._region:
            return None
        from vcadre.services import regions

        with self._db.session() as s:
            node = regions.get_node(s, self._region)
            if node.level == "township":
                return node.id
            if node.level == "village":
                from vcadre.store.models import Region

                return s.get(Region, node.id).parent_id
        return None

    @Slot()
    def open_rotation(self) -> None:
        from vcadre.ui.dispatch_rotation import RotationWizard

        wiz = RotationWizard(self._db, self._english, self.thresholds, self._township(), parent=self)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.accepted.connect(self._rotated)
        wiz.finished.connect(lambda _r: setattr(self, "wizard", None))
        self.wizard = wiz
        wiz.open()

    def _rotated(self) -> None:
        from vcadre.ui import messages

        res = self.wizard.result if self.wizard is not None else None
        self.refresh()
        self.refresh_alerts()
        if res is not None:
            text = self.tr("Rotation saved: {ended} postings ended, {started} people posted.").format(
                ended=res.ended, started=res.started)
            if res.uncovered:
                text += "\n" + self.tr("{n} villages designated to have a first secretary still have none.").format(
                    n=len(res.uncovered))
            messages.info(self, text)

    @Slot()
    def open_days(self) -> None:
        from vcadre.ui.dispatch_days import DaysDialog

        dlg = DaysDialog(self._db, self._english, self.thresholds.min_days, self._region, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: (setattr(self, "days_dialog", None), self.refresh_alerts()))
        self.days_dialog = dlg
        dlg.open()

    @Slot()
    def open_visits(self) -> None:
        did = self.current_id()
        if did is not None:
            self.show_visits(did)

    def show_visits(self, dispatch_id: str) -> None:
        from vcadre.ui.dispatch_dialogs import VisitLogDialog

        dlg = VisitLogDialog(self._db, dispatch_id, self._english, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: setattr(self, "visit_dialog", None))
        self.visit_dialog = dlg
        dlg.open()

    def _village_for_history(self) -> Optional[str]:
        did = self.current_id()
        with self._db.session() as s:
            if did is not None:
                from vcadre.store.models import Dispatch

                d = s.get(Dispatch, did)
                if d is not None:
                    return d.village_id
            if self._region:
                from vcadre.services import regions

                node = regions.get_node(s, self._region)
                if node.level == "village":
                    return node.id
        return None

    @Slot()
    def open_history(self) -> None:
        vid = self._village_for_history()
        if vid is None:
            from vcadre.ui import messages

            messages.info(self, self.tr("Select a posting in the list, or a village in the tree, first."))
            return
        self.show_history(vid)

    @Slot(str)
    def show_history(self, village_id: str) -> None:
        from vcadre.ui.dispatch_dialogs import VillageHistoryDialog

        dlg = VillageHistoryDialog(self._db, village_id, self._english, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def closed(_r: int) -> None:
            self.history_dialog = None
            if dlg.changed:
                self.refresh_alerts()

        dlg.finished.connect(closed)
        self.history_dialog = dlg
        dlg.open()

    @Slot(str)
    def show_dispatch(self, dispatch_id: str) -> None:
        """Select a posting in the table (clearing search and filters that would hide it)."""
        if self.select_id(dispatch_id):
            return
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for combo in self.filter_combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()
        self.select_id(dispatch_id)

    @Slot()
    def edit_thresholds(self) -> None:
        dlg = ThresholdsDialog(self.thresholds, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.set_thresholds(dlg.thresholds()))
        self.thresholds_dialog = dlg
        dlg.open()

    def set_thresholds(self, t: Thresholds) -> None:
        self.thresholds = t
        self.service = _service(t.term_years)
        if self._settings is not None:
            self._settings.set_dispatch_thresholds(t)
        self._alerts_for = self._region
        self.alerts.set_thresholds(t)


"""驻村提醒 panel: terms ending soon, villages without a first secretary, double postings, low months.

The thresholds come from the settings (``Settings.dispatch_thresholds()``) and are passed to
``services.dispatch_alerts.compute``, which runs on a worker (``run_job``). Double-clicking an
alert about a person selects the posting in the 驻村 table (``dispatchActivated``); one about a
village opens its history (``villageActivated``).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.dispatch_alerts import KINDS, Thresholds
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit
from vcadre.ui.unsaved import AsksBeforeDiscarding

translate = QCoreApplication.translate

ALERT_COLOR = "#a61b1b"


def alert_title(kind: str, t: Thresholds) -> str:
    """Translated title of an alert kind, with its threshold."""
    if kind == "ending":
        return translate("dispatch_alerts", "Terms ending within {n} days").format(n=t.term_days)
    if kind == "uncovered":
        return translate("dispatch_alerts", "Villages needing a first secretary without one")
    if kind == "double":
        return translate("dispatch_alerts", "People posted to two places at once")
    return translate("dispatch_alerts", "Months under {n} days on post (last {m} months)").format(
        n=t.min_days, m=t.recent_months)


class AlertsPanel(QWidget):
    """The four alert lists as a tree (kind → alerts), refreshed for a region."""

    dispatchActivated = Signal(str)
    villageActivated = Signal(str)
    settingsRequested = Signal()
    #: kind → count, after each refresh.
    countsChanged = Signal(dict)

    def __init__(self, db: Any, thresholds: Thresholds, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.thresholds = thresholds
        self._region: Optional[str] = None
        self._generation = 0
        self.alerts: Any = None
        self.job: Any = None

        self.title = QLabel(self.tr("Alerts"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.settings_button = QPushButton(self.tr("Thresholds…"), self)
        self.settings_button.setObjectName("alertSettings")
        self.settings_button.setToolTip(self.tr("How many days before a term ends to warn, the minimum days on post a month…"))
        self.settings_button.clicked.connect(lambda: emit(self.settingsRequested))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.settings_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("alertTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        self.hint = QLabel(self.tr("Double-click an alert to go to the posting or the village history."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.hint)
        self.items: dict[str, QTreeWidgetItem] = {}

    def set_thresholds(self, t: Thresholds) -> None:
        self.thresholds = t
        self.refresh(self._region)

    def refresh(self, region_id: Optional[str] = None) -> None:
        self._region = region_id
        self._generation += 1
        generation = self._generation
        thresholds = self.thresholds

        def op(db: Any, _progress: Any) -> Any:
            from vcadre.services import dispatch_alerts

            with db.session() as s:
                return dispatch_alerts.compute(s, thresholds, region_id=region_id)

        def done(alerts: Any) -> None:
            if generation == self._generation:
                self._show(alerts)

        self.job = run_job(self, op, done, label=self.tr("Checking alerts…"), db=self._db)

    def _show(self, alerts: Any) -> None:
        self.alerts = alerts
        expanded = {k for k, it in self.items.items() if it.isExpanded()}
        self.tree.clear()
        self.items = {}
        red = QBrush(QColor(ALERT_COLOR))
        for kind in KINDS:
            rows = getattr(alerts, kind)
            top = QTreeWidgetItem([f"{alert_title(kind, alerts.thresholds)}（{len(rows)}）"])
            top.setData(0, Qt.ItemDataRole.UserRole, kind)
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            if rows:
                top.setForeground(0, red)
            for a in rows:
                child = QTreeWidgetItem([a.text])
                child.setToolTip(0, a.text)
                child.setData(0, Qt.ItemDataRole.UserRole, a.dispatch_id or "")
                child.setData(0, Qt.ItemDataRole.UserRole + 1, a.village_id or "")
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(kind in expanded or (bool(rows) and len(rows) <= 20))
            self.items[kind] = top
        self.title.setText(self.tr("Alerts: {n}").format(n=alerts.total()))
        emit(self.countsChanged, alerts.counts())

    @Slot(QTreeWidgetItem, int)
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is None:
            return
        did = item.data(0, Qt.ItemDataRole.UserRole)
        vid = item.data(0, Qt.ItemDataRole.UserRole + 1)
        if did:
            emit(self.dispatchActivated, did)
        elif vid:
            emit(self.villageActivated, vid)


class ThresholdsDialog(AsksBeforeDiscarding, QDialog):
    """Edit the 驻村提醒 thresholds (kept in the settings by the caller)."""

    def __init__(self, t: Thresholds, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Village posting alert thresholds"))

        def spin(lo: int, hi: int, value: int, suffix: str, name: str) -> QSpinBox:
            s = QSpinBox(self)
            s.setRange(lo, hi)
            s.setValue(value)
            s.setSuffix(suffix)
            s.setObjectName(name)
            return s

        self.term_days = spin(0, 730, t.term_days, self.tr(" days"), "term_days")
        self.min_days = spin(0, 31, t.min_days, self.tr(" days"), "min_days")
        self.recent_months = spin(1, 24, t.recent_months, self.tr(" months"), "recent_months")
        self.term_years = spin(1, 10, t.term_years, self.tr(" years"), "term_years")
        form = QFormLayout()
        form.addRow(self.tr("Warn before a term ends:"), self.term_days)
        form.addRow(self.tr("Minimum days on post a month:"), self.min_days)
        form.addRow(self.tr("Check the last full months:"), self.recent_months)
        form.addRow(self.tr("Default term of a new posting:"), self.term_years)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.remember_inputs()

    def thresholds(self) -> Thresholds:
        return Thresholds(term_days=self.term_days.value(), min_days=self.min_days.value(),
                          recent_months=self.recent_months.value(), term_years=self.term_years.value())

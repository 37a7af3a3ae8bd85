"""Gap alerts (缺口预警) of the reserve pool: a panel (dialog) and the cards shown on 概览."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.talent_alerts import DEFAULT_AGE_LIMIT
from vcadre.ui.jobs import run_job
from vcadre.ui.settings import Option, Settings

translate = QCoreApplication.translate
#: The age limit of the over-age alert: a user preference (declared here, read with ``Settings``).
AGE_LIMIT = Option("preferences/talent_age_limit", int, DEFAULT_AGE_LIMIT)


def age_limit() -> int:
    value = Settings().get(AGE_LIMIT)
    return value if 18 <= value <= 80 else DEFAULT_AGE_LIMIT


def set_age_limit(value: int) -> None:
    st = Settings()
    st.set(AGE_LIMIT, int(value))
    st.sync()


def alert_titles() -> dict[str, str]:
    return {
        "no_reserve": translate("talent_alerts", "Villages with no reserve cadre"),
        "no_reserve_stage": translate("talent_alerts", "Villages with no one at reserve-cadre stage or beyond"),
        "over_age": translate("talent_alerts", "Reserves over the age limit ({age})"),
        "unreviewed": translate("talent_alerts", "Not reviewed this year"),
    }


class AlertsDialog(QDialog):
    """The four alerts with their lists; the age limit can be changed here."""

    def __init__(self, db: Any, region_id: Optional[str], limit: int = DEFAULT_AGE_LIMIT,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._region = region_id
        self.alerts: Any = None
        self.job: Any = None
        self.setWindowTitle(self.tr("Reserve pool gap alerts"))
        self.resize(900, 640)
        self.age = QSpinBox(self)
        self.age.setObjectName("age_limit")
        self.age.setRange(25, 70)
        self.age.setValue(limit)
        self.age.setSuffix(self.tr(" years"))
        self.status = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Age limit:"), self))
        top.addWidget(self.age)
        top.addStretch(1)
        top.addWidget(self.status)
        grid = QGridLayout()
        self.boxes: dict[str, QGroupBox] = {}
        self.lists: dict[str, QListWidget] = {}
        for i, key in enumerate(("no_reserve", "no_reserve_stage", "over_age", "unreviewed")):
            box = QGroupBox(self)
            box.setObjectName(key)
            lw = QListWidget(box)
            lw.setObjectName(f"list_{key}")
            QVBoxLayout(box).addWidget(lw)
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[key], self.lists[key] = box, lw
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(grid, 1)
        lay.addWidget(buttons)
        self.age.valueChanged.connect(self._age_changed)
        self.refresh()

    @Slot(int)
    def _age_changed(self, value: int) -> None:
        set_age_limit(value)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        region, limit = self._region, self.age.value()

        def op(db: Any, _p: Any):
            from vcadre.services import talent_alerts

            with db.session() as s:
                return talent_alerts.gap_alerts(s, region, age_limit=limit)

        self.status.setText(self.tr("Counting…"))
        self.job = run_job(self, op, self._show, label=self.tr("Counting…"), db=self._db)

    def _show(self, alerts: Any) -> None:
        self.alerts = alerts
        titles = alert_titles()
        self.status.setText(self.tr("{n} villages checked").format(n=f"{alerts.villages:,}"))
        data = {
            "no_reserve": (alerts.no_reserve, [f"{t} {v}" for t, v in alerts.no_reserve_list]),
            "no_reserve_stage": (alerts.no_reserve_stage, [f"{t} {v}" for t, v in alerts.no_reserve_stage_list]),
            "over_age": (alerts.over_age, [self.tr("{name} ({age}) — {township} {village}").format(
                name=n, age=a, township=t, village=v) for n, t, v, a in alerts.over_age_list]),
            "unreviewed": (alerts.unreviewed, [f"{n} — {t} {v}" for n, t, v in alerts.unreviewed_list]),
        }
        for key, (count, lines) in data.items():
            self.boxes[key].setTitle(titles[key].format(age=alerts.age_limit) + f"：{count:,}")
            lw = self.lists[key]
            lw.clear()
            lw.addItems(lines)
            if count > len(lines):
                lw.addItem(self.tr("… and {n} more").format(n=f"{count - len(lines):,}"))


def alert_section(parent: QWidget, figures: dict[str, Any], card_factory) -> list[QWidget]:
    """Figure cards for 概览 (``card_factory(title, value, key)`` makes one card)."""
    titles = alert_titles()
    out = []
    for key in ("no_reserve", "no_reserve_stage", "over_age", "unreviewed"):
        if key in figures:
            card = card_factory(titles[key].format(age=figures.get("age_limit", DEFAULT_AGE_LIMIT)),
                                f"{figures[key]:,}", key)
            card.setProperty("alert", key)
            if figures[key]:
                card.setToolTip(translate("talent_alerts", "See 后备干部 → Gap alerts for the list."))
            out.append(card)
    return out


__all__ = ["AlertsDialog", "alert_section", "alert_titles", "age_limit", "set_age_limit", "AGE_LIMIT"]

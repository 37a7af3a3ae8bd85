"""概览 tab: the headline figures for the region chosen in the tree (the whole county by default).

Plain Qt widgets — figure cards and bar rows — so start-up never imports matplotlib. The
figures are computed by ``services.stats.headline`` on a worker thread.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import labels
from vcadre.ui.jobs import run_job

log = logging.getLogger(__name__)

_COLUMNS = 4
#: Values of ``headline().as_dict()`` that are not figures.
_NOT_FIGURES = ("as_of", "region_id", "region_name", "region_level")
#: Figure cards in rows, under a section title (a key of ``labels.headline_label``).
_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("section_regions", ("townships", "villages", "villages_needing_first_secretary", "persons")),
    ("section_reserve", ("reserve_total", "reserve_current")),
    ("section_training", ("training_sessions", "trainees", "enrolments", "training_hours")),
    ("section_villages", ("active_dispatches", "first_secretaries", "one_shoulder_villages", "one_shoulder_rate")),
)

#: Breakdown keys → the code table their dict keys come from.
_BREAKDOWN_CODES = {"source": "talent_source", "stage": "stage"}

CARD_STYLE = """
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }
QLabel#cardValue { font-size: 22pt; font-weight: 600; color: #a61b1b; }
QLabel#cardLabel { color: palette(text); }
QLabel#sectionTitle { font-weight: 600; padding-top: 6px; }
"""


def _talent_alerts(session: Any, region: Optional[str], limit: int) -> dict[str, Any]:
    from vcadre.services import talent_alerts

    return talent_alerts.gap_alerts(session, region, age_limit=limit, limit=0).as_dict()


class FigureCard(QFrame):
    def __init__(self, title: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value = QLabel("—", self)
        self.value.setObjectName("cardValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.title = QLabel(title, self)
        self.title.setObjectName("cardLabel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.addWidget(self.value)
        lay.addWidget(self.title)
        self.setMinimumWidth(170)


class OverviewTab(QWidget):
    """Headline figures; ``set_region`` narrows them, computed off the GUI thread."""

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._region: Optional[str] = None
        self._stale = True
        self._generation = 0
        self.figures: dict[str, Any] = {}
        self.setStyleSheet(CARD_STYLE)

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel(self)
        self.subheading.setStyleSheet("color: palette(mid);")

        self.cards_box = QWidget(self)
        self.cards = QGridLayout(self.cards_box)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(10)
        self.breakdowns = QHBoxLayout()
        self.breakdowns.setSpacing(10)

        inner = QWidget(self)
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(10)
        lay.addWidget(self.heading)
        lay.addWidget(self.subheading)
        lay.addWidget(self.cards_box)
        lay.addLayout(self.breakdowns)
        lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def set_region(self, region_id: Optional[str]) -> None:
        if region_id == self._region and not self._stale:
            return
        self._region = region_id
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        region = self._region
        from vcadre.ui.talent_alerts import age_limit

        limit = age_limit()

        def op(db: Any, _progress: Any) -> tuple[str, dict[str, Any]]:
            from vcadre.services import regions, stats

            with db.session() as s:
                where = regions.region_path(s, region) if region else ""
                if not where:
                    top = regions.children(s, None)
                    where = top[0].name if len(top) == 1 else ""
                figures = stats.headline(s, region_id=region).as_dict()
                figures["talent_alerts"] = _talent_alerts(s, region, limit)
                return where, figures

        def done(result: tuple[str, dict[str, Any]]) -> None:
            if generation == self._generation:  # an older answer arriving late is dropped
                self._show(*result)

        self.subheading.setText(self.tr("Counting…"))
        self.job = run_job(self, op, done, label=self.tr("Counting…"), db=self._db)

    def _clear(self) -> None:
        for layout in (self.cards, self.breakdowns):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()

    def _show(self, where: str, figures: dict[str, Any]) -> None:
        self.figures = figures
        self._clear()
        where = where or figures.get("region_name") or ""
        self.heading.setText(self.tr("Overview — {region}").format(region=where) if where else self.tr("Overview"))
        as_of = figures.get("as_of") or date.today().isoformat()
        self.subheading.setText(self.tr("Figures as of {date}").format(date=str(as_of)))
        shown = set(_NOT_FIGURES)
        row = 0
        for section, keys in _SECTIONS:
            present = [k for k in keys if k in figures and not isinstance(figures[k], dict)]
            if not present:
                continue
            title = QLabel(labels.headline_label(section), self.cards_box)
            title.setObjectName("sectionTitle")
            self.cards.addWidget(title, row, 0, 1, _COLUMNS)
            row += 1
            for i, key in enumerate(present):
                self.cards.addWidget(self._card(key, figures[key]), row, i)
                shown.add(key)
            row += 1
        alerts = figures.get("talent_alerts") or {}
        shown.add("talent_alerts")
        if alerts:  # 后备干部缺口预警 (vcadre.ui.talent_alerts)
            from vcadre.ui.talent_alerts import alert_section

            title = QLabel(self.tr("Reserve pool gap alerts"), self.cards_box)
            title.setObjectName("sectionTitle")
            self.cards.addWidget(title, row, 0, 1, _COLUMNS)
            row += 1
            for i, card in enumerate(alert_section(self.cards_box, alerts, self._alert_card)):
                self.cards.addWidget(card, row, i)
            row += 1
        rest = [k for k, v in figures.items() if k not in shown and not isinstance(v, dict) and v is not None]
        for i, key in enumerate(rest):  # figures a newer stats service adds
            self.cards.addWidget(self._card(key, figures[key]), row + i // _COLUMNS, i % _COLUMNS)
        for key, value in figures.items():
            if isinstance(value, dict) and key != "talent_alerts":
                self.breakdowns.addWidget(self._breakdown(key, value))

    def _card(self, key: str, value: Any) -> FigureCard:
        card = FigureCard(labels.headline_label(key), self.cards_box)
        card.value.setText(self._format(key, value))
        card.setProperty("figure", key)
        return card

    def _alert_card(self, title: str, value: str, key: str) -> FigureCard:
        card = FigureCard(title, self.cards_box)
        card.title.setWordWrap(True)
        card.value.setText(value)
        card.setProperty("figure", key)
        return card

    def _format(self, key: str, value: Any) -> str:
        if isinstance(value, float) and key.endswith("rate"):
            return f"{value * 100:.1f}%"
        if isinstance(value, float):
            text = f"{value:,.1f}"
            return text[:-2] if text.endswith(".0") else text
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    def _breakdown(self, key: str, counts: dict[str, int]) -> QGroupBox:
        box = QGroupBox(labels.headline_label(key), self)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        codes = next((t for part, t in _BREAKDOWN_CODES.items() if part in key), None)
        total = max(sum(v for v in counts.values() if isinstance(v, (int, float))), 1)
        for r, (code, count) in enumerate(counts.items()):
            name = labels.code_label(codes, code, self._english) if codes else str(code)
            grid.addWidget(QLabel(name, box), r, 0)
            bar = QProgressBar(box)
            bar.setRange(0, int(total))
            bar.setValue(int(count))
            bar.setTextVisible(False)
            bar.setFixedHeight(12)
            grid.addWidget(bar, r, 1)
            num = QLabel(f"{count:,}", box)
            num.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(num, r, 2)
        return box

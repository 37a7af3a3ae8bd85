"""概览 tab: the headline figures for the region chosen in the tree (the whole county by default),
and charts: reserve pool by source and by stage, trainees per year, one-shoulder rate by township.

The figures (``services.stats.headline`` and ``services.dashboard``) are computed on a worker
thread and shown as plain Qt figure cards at once. The charts are matplotlib figures
(``reports.charts``) embedded with ``FigureCanvasQTAgg``; matplotlib is imported only when the
charts are first built, ``CHART_DELAY_MS`` after the tab first shows its figures, so the window
opens without it. Clicking a bar asks the main window to show the matching list, filtered
(``drillDown`` with the bar's key, e.g. ``"source:veteran"``); each chart saves as PNG.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.store import ioerrors
from vcadre.ui import labels, messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit

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

# The first chart build waits this long after the figures show (keeps matplotlib off start-up).
CHART_DELAY_MS = 150

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


def ask_png_path(parent: Optional[QWidget], name: str) -> Optional[str]:
    """Where to save a chart (tests monkeypatch this); None if cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("OverviewTab", "Save chart"),
                                          f"{folder}/{name}.png", "PNG (*.png)")
    if path and not path.lower().endswith(".png"):
        path += ".png"
    return path or None


_canvas_class: Any = None


def canvas_class() -> Any:
    """``FigureCanvasQTAgg`` that draws only when painted: charts scrolled out of view or hidden
    cost nothing when the figures change (matplotlib's ``draw_idle`` draws every canvas)."""
    global _canvas_class
    if _canvas_class is None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        class LazyCanvas(FigureCanvasQTAgg):
            def draw_idle(self) -> None:
                self._draw_pending = True
                self.update()  # paintEvent draws a pending figure (FigureCanvasQTAgg does)

        _canvas_class = LazyCanvas
    return _canvas_class


class ChartPanel(QFrame):
    """One matplotlib figure on a ``FigureCanvasQTAgg``, with a save-as-PNG button."""

    barClicked = Signal(str)

    def __init__(self, key: str, figure: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.key = key
        self.canvas: Any = None
        self._figures: dict[tuple, tuple[Any, Any]] = {}  # bar keys → (figure, its canvas)
        self.save_button = QPushButton(self.tr("Save as PNG…"), self)
        self.save_button.setObjectName("savePng")
        self.save_button.clicked.connect(self.save_png)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.save_button)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(8, 6, 8, 8)
        self._lay.addLayout(top)
        self._lay.addStretch(1)  # the canvas goes above this: charts sit at the top of their card
        self.set_figure(figure)

    def cached(self, keys: tuple) -> Any:
        """A figure this panel showed before with these bars (for ``charts.bar_figure(reuse=)``)."""
        found = self._figures.get(keys)
        return found[0] if found else None

    def set_figure(self, figure: Any) -> None:
        """Show ``figure``: on its own canvas if it was shown before (kept for reuse), else a new one."""

        keys = tuple(getattr(figure, "_vcadre_bars", {}).get("keys", ()))
        old = self.canvas
        found = self._figures.get(keys)
        version = getattr(figure, "_vcadre_bars", {}).get("version")
        if found is not None and found[0] is figure:
            canvas = found[1]
            if version != getattr(canvas, "_vcadre_version", None):  # bars changed: draw again
                canvas.draw_idle()
        else:
            canvas = canvas_class()(figure)
            canvas.setParent(self)
            width, height = figure.get_size_inches() * figure.dpi
            canvas.setMinimumSize(int(width * 0.8), int(height))
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            canvas.setFixedHeight(int(height))
            canvas.mpl_connect("pick_event", self._on_pick)
            if found is not None:  # same bars, a figure made anew: drop the old one
                found[1].deleteLater()
            self._figures[keys] = (figure, canvas)
            while len(self._figures) > 8:  # a few regions' figures, not every one ever shown
                _k, (_f, dropped) = next(iter(self._figures.items()))
                del self._figures[_k]
                if dropped is not canvas:
                    dropped.deleteLater()
        canvas._vcadre_version = version
        self.figure = figure
        if canvas is old:
            return
        self.canvas = canvas
        if old is not None:
            self._lay.replaceWidget(old, canvas)
            old.hide()
        else:
            self._lay.insertWidget(1, canvas)
        canvas.show()

    def _on_pick(self, event: Any) -> None:
        gid = event.artist.get_gid()
        if gid:
            emit(self.barClicked, gid)

    @Slot()
    def save_png(self) -> None:
        path = ask_png_path(self, self.key)
        if not path:
            return
        try:
            self.figure.savefig(path, dpi=150)
        except OSError as exc:
            messages.error(self, self.tr("Could not save {path}: {error}").format(path=path, error=ioerrors.reason(exc)))


class OverviewTab(QWidget):
    """Headline figures and charts; ``set_region`` narrows them, computed off the GUI thread."""

    # A bar was clicked: its key, e.g. "source:veteran", "stage:reserve", "township:<id>", "year:2024".
    drillDown = Signal(str)
    # The charts are built (or rebuilt) for the latest figures.
    chartsReady = Signal()

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None,
                 settings: Any = None) -> None:
        super().__init__(parent)
        self.charts: dict[str, ChartPanel] = {}
        self._charts_on = False
        self._chart_data: Optional[tuple[dict[str, Any], list[Any], list[tuple[int, int]]]] = None
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(CHART_DELAY_MS)
        self._chart_timer.timeout.connect(self._first_charts)
        self._db = db
        self._settings = settings  # for the 驻村提醒 thresholds
        self.alert_counts: dict[str, int] = {}
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

        self.alerts_label = QLabel(self)
        self.alerts_label.setObjectName("alerts")
        self.alerts_label.setStyleSheet("color: #a61b1b;")
        self.alerts_label.setWordWrap(True)
        self.alerts_label.hide()
        self.cards_box = QWidget(self)
        self.cards = QGridLayout(self.cards_box)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(10)
        self.chart_box = QWidget(self)
        self.chart_grid = QGridLayout(self.chart_box)
        self.chart_grid.setContentsMargins(0, 0, 0, 0)
        self.chart_grid.setSpacing(10)
        self.chart_note = QLabel(self.tr("Loading charts…"), self.chart_box)
        self.chart_note.setStyleSheet("color: palette(mid);")
        self.chart_grid.addWidget(self.chart_note, 0, 0)

        inner = QWidget(self)
        lay = QVBoxLayout(inner)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grow, and scroll, with the charts
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(10)
        head_row = QHBoxLayout()
        head_row.addWidget(self.heading, 1)
        self.structure_button = QPushButton(self.tr("Team structure…"), inner)
        self.structure_button.setObjectName("teamStructure")
        self.structure_button.setToolTip(self.tr(
            "The make-up of the village teams by township, the election targets, two days compared; Excel and PDF"))
        self.structure_button.clicked.connect(self.open_structure)
        head_row.addWidget(self.structure_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head_row)
        lay.addWidget(self.subheading)
        lay.addWidget(self.alerts_label)
        lay.addWidget(self.cards_box)
        lay.addWidget(self.chart_box)
        lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @Slot()
    def open_structure(self) -> None:
        """班子结构分析…: the dialog, on the township shown here if one is."""
        from vcadre.ui.structure.dialog import StructureDialog

        self.structure_dialog = StructureDialog(self._db, self, self._township_of(self._region))
        self.structure_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.structure_dialog.show()

    def _township_of(self, region_id: Optional[str]) -> Optional[str]:
        if region_id is None:
            return None
        from vcadre.store.models import Region

        with self._db.session() as s:
            region = s.get(Region, region_id)
            if region is None:
                return None
            if region.level == "village":
                return region.parent_id
            return region.id if region.level == "township" else None

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

        thresholds = self._thresholds()

        def op(db: Any, _progress: Any) -> tuple[Any, ...]:
            from vcadre.services import dashboard, dispatch_alerts, regions, stats

            with db.session() as s:
                where = regions.region_path(s, region) if region else ""
                if not where:
                    top = regions.children(s, None)
                    where = top[0].name if len(top) == 1 else ""
                posting_alerts = dispatch_alerts.compute(s, thresholds, region_id=region).counts()
                figures = stats.headline(s, region_id=region).as_dict()
                figures["talent_alerts"] = _talent_alerts(s, region, limit)
                return (where, figures,
                        dashboard.one_shoulder_by_township(s, region), dashboard.trainees_per_year(s, region),
                        dashboard.alerts(s, region), posting_alerts)

        def done(result: tuple[Any, ...]) -> None:
            if generation == self._generation:  # an older answer arriving late is dropped
                where, figures, townships, years, alerts, posting_alerts = result
                self._show(where, figures, posting_alerts)
                self._show_alerts(alerts)
                self._chart_data = (figures, townships, years)
                if self._charts_on:
                    self.update_charts()
                elif not self._chart_timer.isActive():
                    self._chart_timer.start()

        self.subheading.setText(self.tr("Counting…"))
        self.job = run_job(self, op, done, label=self.tr("Counting…"), db=self._db)

    def _show_alerts(self, alerts: list[Any]) -> None:
        """Alerts from the other tabs (``dashboard.alerts``): one line, hidden when there are none."""
        texts = {
            "dispatch_overdue": self.tr("Cadres still stationed after their term ended: {n}"),
            "secretary_vacant": self.tr("Villages without a Party secretary: {n}"),
            "first_secretary_missing": self.tr("Villages needing a first secretary with none on post: {n}"),
        }
        parts = [texts[a.key].format(n=f"{a.count:,}") for a in alerts if a.key in texts]
        self.alerts_label.setText("⚠ " + "　　".join(parts) if parts else "")
        self.alerts_label.setVisible(bool(parts))

    def _clear(self) -> None:
        for layout in (self.cards,):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()

    def _thresholds(self) -> Any:
        from vcadre.services.dispatch_alerts import Thresholds

        return self._settings.dispatch_thresholds() if self._settings is not None else Thresholds()

    def _show(self, where: str, figures: dict[str, Any], alerts: Optional[dict[str, int]] = None) -> None:
        self.figures = figures
        self.alert_counts = dict(alerts or {})
        self._clear()
        where = where or figures.get("region_name") or ""
        self.heading.setText(self.tr("Overview — {region}").format(region=where) if where else self.tr("Overview"))
        as_of = figures.get("as_of") or clock.today().isoformat()
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
        gaps = figures.get("talent_alerts") or {}
        shown.add("talent_alerts")
        if gaps:  # 后备干部缺口预警 (vcadre.ui.talent_alerts)
            from vcadre.ui.talent_alerts import alert_section

            title = QLabel(self.tr("Reserve pool gap alerts"), self.cards_box)
            title.setObjectName("sectionTitle")
            self.cards.addWidget(title, row, 0, 1, _COLUMNS)
            row += 1
            for i, card in enumerate(alert_section(self.cards_box, gaps, self._alert_card)):
                self.cards.addWidget(card, row, i)
            row += 1
        rest = [k for k, v in figures.items() if k not in shown and not isinstance(v, dict) and v is not None]
        for i, key in enumerate(rest):  # figures a newer stats service adds
            self.cards.addWidget(self._card(key, figures[key]), row + i // _COLUMNS, i % _COLUMNS)
        row += (len(rest) + _COLUMNS - 1) // _COLUMNS
        if alerts:
            self._alert_cards(row, alerts)

    def _alert_cards(self, row: int, alerts: dict[str, int]) -> None:
        """驻村提醒: one card per alert kind (details on the 驻村 tab)."""
        from vcadre.ui.dispatch_alerts import alert_title

        title = QLabel(self.tr("Village posting alerts (details on the postings tab)"), self.cards_box)
        title.setObjectName("sectionTitle")
        self.cards.addWidget(title, row, 0, 1, _COLUMNS)
        t = self._thresholds()
        for i, (kind, n) in enumerate(alerts.items()):
            card = FigureCard(alert_title(kind, t), self.cards_box)
            card.title.setWordWrap(True)
            card.value.setText(f"{n:,}")
            if not n:
                card.value.setStyleSheet("color: #1b6e20;")
            card.setProperty("alert", kind)
            self.cards.addWidget(card, row + 1, i % _COLUMNS)

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

    # ------------------------------------------------------------------ charts

    @Slot()
    def _first_charts(self) -> None:
        if not self.isVisible():
            # The user moved to another tab before the charts were due: build them (and import
            # matplotlib) only when this tab is shown again.
            self._stale = True
            return
        self._charts_on = True
        self.update_charts()

    def update_charts(self) -> None:
        """Build the charts for the latest figures (imports matplotlib the first time)."""
        if self._chart_data is None:
            return
        from vcadre.domain.codes import TABLES
        from vcadre.reports import charts

        figures, townships, years = self._chart_data

        def names(table: str) -> dict[str, str]:
            return {c.code: labels.code_label(table, c.code, self._english) for c in TABLES[table]}

        def reuse(key: str) -> Any:
            panel = self.charts.get(key)
            return panel.cached if panel is not None else None

        built = {
            "reserve_by_source": charts.reserve_by_source(
                figures.get("reserve_by_source", {}), names("talent_source"),
                self.tr("Reserve pool by source"), reuse=reuse("reserve_by_source")),
            "reserve_by_stage": charts.reserve_by_stage(
                figures.get("reserve_by_stage", {}), names("stage"), self.tr("Reserve pool by stage"),
                reuse=reuse("reserve_by_stage")),
            "trainees_per_year": charts.trainees_per_year(
                years, self.tr("Persons trained per year"), reuse=reuse("trainees_per_year")),
            "one_shoulder_by_township": charts.one_shoulder_by_township(
                townships, self.tr("One-shoulder rate by township"), reuse=reuse("one_shoulder_by_township")),
        }
        places = {"reserve_by_source": (0, 0, 1, 1), "reserve_by_stage": (1, 0, 1, 1),
                  "trainees_per_year": (2, 0, 1, 1), "one_shoulder_by_township": (0, 1, 4, 1)}
        if self.chart_note is not None:
            self.chart_note.deleteLater()
            self.chart_note = None
        for key, fig in built.items():
            panel = self.charts.get(key)
            if panel is None:
                panel = self.charts[key] = ChartPanel(key, fig, self.chart_box)
                panel.setObjectName("card")
                panel.setProperty("chart", key)
                panel.barClicked.connect(self.drillDown)
                self.chart_grid.addWidget(panel, *places[key])
            else:
                panel.set_figure(fig)
        self.chart_grid.setRowStretch(3, 1)
        self.chart_grid.setColumnStretch(0, 1)
        self.chart_grid.setColumnStretch(1, 1)
        emit(self.chartsReady)

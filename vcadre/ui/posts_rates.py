"""The rates panel of the 一肩挑 tab: one-shoulder rate by township (table and bar chart) and
the county rate over time (line chart), for the region and "as of" day the tab shows.

The figures come from ``services.posts_rates`` on a worker (``run_job``). The charts are
matplotlib ``Figure``s from ``reports.charts_posts``; matplotlib is imported only when a chart
page is first shown (start-up never pays for it), and either chart can be saved as PNG.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.ui import messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit

log = logging.getLogger(__name__)


class ChartPage(QWidget):
    """A page that shows one matplotlib figure, built lazily, with a "Save as PNG…" button."""

    def __init__(self, build: Any, default_name: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._build = build  # (export: bool) -> Figure, or None while there is no data
        self._default_name = default_name
        self.canvas: Any = None
        self.figure: Any = None
        self._stale = True
        self.save_button = QPushButton(self.tr("Save as PNG…"), self)
        self.save_button.setObjectName("savePng")
        self.save_button.clicked.connect(self.save_png_dialog)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 4, 0, 0)
        self.placeholder = QLabel(self.tr("The chart is drawn when this page is shown."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lay.addWidget(self.placeholder, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        self._lay.addLayout(row)

    def invalidate(self) -> None:
        """The data changed: redraw now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.redraw()

    def redraw(self) -> None:
        fig = self._build(False)
        if fig is None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self._stale = False
        old = self.canvas
        self.figure = fig
        self.canvas = FigureCanvasQTAgg(fig)
        self.canvas.setObjectName("chart")
        self.canvas.setMinimumHeight(160)
        if old is not None:
            self._lay.replaceWidget(old, self.canvas)
            old.hide()
            old.deleteLater()
        else:
            self._lay.replaceWidget(self.placeholder, self.canvas)
            self.placeholder.hide()
        self.canvas.draw_idle()

    def save_png(self, path: Path) -> Path:
        from vcadre.reports.charts_posts import save_png

        # A fresh figure at print size: the one on screen is as squeezed as the panel.
        fig = self._build(True)
        if fig is None:
            raise OSError("没有可保存的图表。")
        return save_png(fig, path)

    @Slot()
    def save_png_dialog(self) -> None:
        path = ask_png_path(self, self._default_name)
        if path is None:
            return
        try:
            self.save_png(path)
        except OSError as exc:
            messages.error(self, self.tr("Could not save the chart: {error}").format(error=exc))
            return
        messages.info(self, self.tr("Chart saved to {path}.").format(path=path))


def ask_png_path(parent: QWidget, default_name: str) -> Optional[Path]:
    """Where to save a PNG (the tests monkeypatch this)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("ChartPage", "Save chart"), str(Path.home() / default_name),
        "PNG (*.png)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".png" else path.with_suffix(".png")


class RatesPanel(QWidget):
    """Rates by township (table, chart) and the rate over time, for a region and a day."""

    #: Emitted after the figures were reloaded (tests wait for it).
    updated = Signal()

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._region: Optional[str] = None
        self._as_of: date = clock.today()
        self._generation = 0
        self.rates: Any = None  # services.posts_rates.Rates
        self.timeline: Any = None  # list[TimelinePoint]
        #: The chart compares a township with the rest of its county: (Rates, township id).
        self.comparison: Any = None

        self.total_label = QLabel(self)
        self.total_label.setObjectName("totalRate")
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("townshipRates")
        self.table.setHorizontalHeaderLabels([
            self.tr("Township"), self.tr("Villages"), self.tr("One-shoulder"), self.tr("Rate"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.table.setSortingEnabled(False)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("ratesTabs")
        table_page = QWidget(self)
        tl = QHBoxLayout(table_page)
        tl.setContentsMargins(0, 4, 0, 0)
        tl.addWidget(self.table)
        tl.addStretch(1)
        self.bar_page = ChartPage(self._bar_figure, "一肩挑比例-按乡镇.png", self)
        self.timeline_page = ChartPage(self._timeline_figure, "一肩挑比例-变化.png", self)
        self.tabs.addTab(table_page, self.tr("Rates by township"))
        self.tabs.addTab(self.bar_page, self.tr("Chart"))
        self.tabs.addTab(self.timeline_page, self.tr("Over time"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.total_label)
        lay.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ data

    def set_scope(self, region_id: Optional[str], as_of: date) -> None:
        self._region = region_id
        self._as_of = as_of
        self.reload()

    def reload(self) -> None:
        from vcadre.services import posts_rates

        self._generation += 1
        generation = self._generation
        region, as_of = self._region, self._as_of

        def op(db: Any, _progress: Any):
            with db.session() as s:
                shown = posts_rates.rates(s, as_of, region)
                scope, highlight = posts_rates.comparison_scope(s, region)
                compared = shown if scope == region else posts_rates.rates(s, as_of, scope)
                return shown, (compared, highlight), posts_rates.timeline(s, region, until=max(as_of, clock.today()))

        def done(result: Any) -> None:
            if generation != self._generation:
                return  # a newer reload is on its way
            self.rates, self.comparison, self.timeline = result
            self._fill()
            emit(self.updated)

        run_job(self, op, done, label=self.tr("Computing the one-shoulder rates…"), db=self._db)

    def _fill(self) -> None:
        r = self.rates
        self.total_label.setText(self.tr(
            "One-shoulder villages on {day}: {k} of {n} ({rate})"
        ).format(day=r.as_of.isoformat(), k=r.one_shoulder, n=r.villages, rate=f"{r.rate:.1%}"))
        self.table.setRowCount(len(r.townships) + 1)
        rows = [(t.name, t.villages, t.one_shoulder, t.rate) for t in r.townships]
        rows.append((self.tr("Total"), r.villages, r.one_shoulder, r.rate))
        for i, (name, n, k, rate) in enumerate(rows):
            cells = [name, str(n), str(k), f"{rate:.1%}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if i == len(rows) - 1:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(i, c, item)
        self.bar_page.invalidate()
        self.timeline_page.invalidate()

    def township_row(self, name: str) -> Optional[tuple[int, int, str]]:
        """(villages, one-shoulder, rate text) of a township as shown in the table."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0) and self.table.item(i, 0).text() == name:
                return int(self.table.item(i, 1).text()), int(self.table.item(i, 2).text()), self.table.item(i, 3).text()
        return None

    # ------------------------------------------------------------------ charts

    def _bar_figure(self, export: bool = False):
        if self.rates is None:
            return None
        from vcadre.reports.charts_posts import rate_by_township_figure

        rates, highlight = self.comparison
        return rate_by_township_figure(rates, english=self._english, highlight=highlight)

    def _timeline_figure(self, export: bool = False):
        if self.timeline is None:
            return None
        from vcadre.reports.charts_posts import timeline_figure

        return timeline_figure(self.timeline, english=self._english, mark=self._as_of)

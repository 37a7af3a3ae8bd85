"""班子结构分析… : the team-structure report on a day, or two days compared, by township.

Opened from the overview (概览). The figures are computed on a worker (``run_job``) by
``services.structure``; the tables show the secretaries, the directors, all “两委” members, the
election targets by township and the villages that miss one. “Export Excel…” / “Export PDF…”
write the office layout (``reports.structure``) on a worker too.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.store import ioerrors
from vcadre.ui import messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit
from vcadre.ui.structure.model import StructureModel, comparison_rows, report_rows


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class StructureDialog(QDialog):
    """The report's tables for a day (and optionally a second day to compare with)."""

    # The tables are filled with new figures.
    computed = Signal()
    # A file was written (its path).
    exported = Signal(str)

    def __init__(self, db: Any, parent: Optional[QWidget] = None, township_id: Optional[str] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team structure of the village committees"))
        self.resize(1180, 640)
        self._db = db
        self.job: Any = None
        self.result: Any = None  # a StructureReport or a Comparison
        self.last_path: Optional[Path] = None

        today = clock.today()
        self.as_of = QDateEdit(_qdate(today), self)
        self.as_of.setObjectName("asOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.compare_check = QCheckBox(self.tr("Compare with"), self)
        self.compare_check.setObjectName("compare")
        self.compare_date = QDateEdit(_qdate(today - timedelta(days=365)), self)
        self.compare_date.setObjectName("compareDate")
        self.compare_date.setCalendarPopup(True)
        self.compare_date.setDisplayFormat("yyyy-MM-dd")
        self.compare_date.setEnabled(False)
        self.compare_check.toggled.connect(self.compare_date.setEnabled)
        self.township = QComboBox(self)
        self.township.setObjectName("township")
        self.township.addItem(self.tr("Whole county"), None)
        for tid, name in self._townships():
            self.township.addItem(name, tid)
        if township_id is not None:
            i = self.township.findData(township_id)
            if i >= 0:
                self.township.setCurrentIndex(i)
        self.compute_button = QPushButton(self.tr("Compute"), self)
        self.compute_button.setObjectName("computeStructure")
        self.compute_button.clicked.connect(self.compute)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("As of"), self))
        top.addWidget(self.as_of)
        top.addWidget(self.compare_check)
        top.addWidget(self.compare_date)
        top.addWidget(QLabel(self.tr("Township"), self))
        top.addWidget(self.township, 1)
        top.addWidget(self.compute_button)

        self.status = QLabel(self)
        self.status.setObjectName("structureStatus")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.models: dict[str, StructureModel] = {}
        self.views: dict[str, QTableView] = {}
        pages = (("secretary", self.tr("Party secretaries")), ("director", self.tr("Committee directors")),
                 ("members", self.tr("All members")), ("targets", self.tr("Election targets")),
                 ("misses", self.tr("Villages missing a target")))
        for key, title in pages:
            model = StructureModel(self.tr("Township"), self)
            view = QTableView(self)
            view.setObjectName(f"table_{key}")
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().setDefaultSectionSize(22)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.models[key] = model
            self.views[key] = view
            self.tabs.addTab(view, title)

        self.excel_button = QPushButton(self.tr("Export Excel…"), self)
        self.excel_button.setObjectName("exportExcel")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        for b in (self.excel_button, self.pdf_button):
            b.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.excel_button)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------------ data

    def _townships(self) -> list[tuple[str, str]]:
        from sqlalchemy import select

        from vcadre.store.models import Region

        with self._db.session() as s:
            return [(i, n) for i, n in s.execute(select(Region.id, Region.name).where(
                Region.level == "township", Region.deleted.is_(False)).order_by(Region.code))]

    @Slot()
    def compute(self) -> None:
        as_of = _pydate(self.as_of.date())
        before = _pydate(self.compare_date.date()) if self.compare_check.isChecked() else None
        if before is not None and before == as_of:
            messages.error(self, self.tr("The comparison date is the same as the report date."))
            return
        township = self.township.currentData()

        def op(db: Any, _progress: Any) -> Any:
            from vcadre.services.structure import compare, report

            with db.session() as s:
                if before is None:
                    return report.build(s, as_of, township)
                first, second = sorted((before, as_of))
                return compare.compare(s, first, second, township)

        self.compute_button.setEnabled(False)
        self.status.setText(self.tr("Counting…"))
        self.job = run_job(self, op, self._show, self._failed, label=self.tr("Counting…"), db=self._db)

    def _failed(self, exc: BaseException) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText("")
        from vcadre.ui.jobs import default_failure

        default_failure(exc, self)

    def _show(self, result: Any) -> None:
        from vcadre.services.structure.compare import Comparison

        self.result = result
        self.compute_button.setEnabled(True)
        if isinstance(result, Comparison):
            for t in result.tables:
                self.models[t.key].set_rows(*comparison_rows(t))
            self.models["misses"].set_rows(*self._misses(result.after))
            self.status.setText(self.tr("{before} compared with {after}: each cell is before → after (change).")
                                .format(before=result.before.as_of.isoformat(), after=result.after.as_of.isoformat()))
        else:
            for g in result.groups:
                self.models[g.key].set_rows(*report_rows(g))
            self.models["targets"].set_rows(*report_rows(result.targets))
            self.models["misses"].set_rows(*self._misses(result))
            members = result.group("members").total.values
            self.status.setText(self.tr(
                "As of {date}: {villages} villages, {members} members of the two committees, {misses} villages missing a target.")
                                .format(date=result.as_of.isoformat(), villages=members["villages"],
                                        members=members["count"], misses=len(result.targets.misses)))
        for b in (self.excel_button, self.pdf_button):
            b.setEnabled(True)
        emit(self.computed)

    def _misses(self, rep: Any) -> tuple[list[str], list[list[str]], int, int]:
        headers = [self.tr("Village"), self.tr("Missing"), self.tr("Exception")]
        rows = [[m.township, m.village, "；".join(m.missing), m.exception] for m in rep.targets.misses]
        return headers, rows, 0, 4

    # ------------------------------------------------------------------ export

    @classmethod
    def ask_save_path(cls, parent: QWidget, title: str, name: str, suffix: str) -> Optional[Path]:
        """Where to save (tests monkeypatch this); None if the user cancelled."""
        from vcadre.ui.roster_export import ask_save_path

        return ask_save_path(parent, title, name, suffix)

    def export(self, suffix: str) -> None:
        if self.result is None:
            return
        from vcadre.services.structure.compare import Comparison

        result = self.result
        compared = isinstance(result, Comparison)
        rep = result.after if compared else result
        place = rep.scope or rep.county
        name = f"{place}村两委班子结构{'对比' if compared else '分析'}（{rep.as_of.isoformat()}）"
        path = self.ask_save_path(self, self.tr("Export the team-structure report"), name, suffix)
        if path is None:
            return

        def op(db: Any, _progress: Any) -> Path:
            from vcadre.reports import structure as writer

            unit = db.site()[1]
            sheets = ([writer.comparison_summary(result)] + writer.comparison_sheets(result)) if compared \
                else writer.report_sheets(result)
            try:
                writer.write(sheets, path, unit)
            except OSError as exc:
                from vcadre.services.errors import ValidationError

                raise ValidationError(f"无法写入“{path}”：{ioerrors.reason(exc)}。") from None
            return path

        def done(written: Path) -> None:
            self.last_path = written
            self.status.setText(self.tr("Saved: {path}").format(path=str(written)))
            emit(self.exported, str(written))

        self.job = run_job(self, op, done, label=self.tr("Writing…"), db=self._db)

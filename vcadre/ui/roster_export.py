"""打印/导出 on every list tab: the tab's current view as a roster (PDF, Excel, print preview).

``RosterActions(tab)`` makes the tab's “Print / Export” button and menu. Each action takes the
tab's current ``ListQuery`` (region, search, filters, order), builds the roster and writes it in
a background job (``run_job``: a progress dialog after 0.5 s, with Cancel), then reports where the
file went or opens Qt's print preview of the PDF. ID numbers print masked unless the user ticks
“Print full ID numbers” for that export. The training tab adds a class list and a sign-in sheet
(签到表) of the selected class.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QStandardPaths, Slot
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from vcadre.ui.menu_button import set_menu
from vcadre import clock
from vcadre.ui import messages
from vcadre.ui.jobs import default_failure, run_job

log = logging.getLogger(__name__)

# Default file names (without suffix) by roster kind.
FILE_NAMES = {
    "talent": "后备干部花名册", "posts": "一肩挑情况表", "training": "培训班一览表",
    "dispatch": "驻村干部花名册", "class": "学员花名册", "signin": "签到表",
}


def ask_save_path(parent: Optional[QWidget], title: str, name: str, suffix: str) -> Optional[Path]:
    """Ask where to save (tests monkeypatch this); None if the user cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    filters = {".pdf": "PDF (*.pdf)", ".xlsx": "Excel (*.xlsx)"}
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / f"{name}{suffix}"),
                                            filters[suffix])
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class RosterActions(QObject):
    """The “Print / Export” button of one ``ListTab``."""

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        self.job: Any = None
        self.preview_dialog: Any = None
        self.last_path: Optional[Path] = None

        self.button = QToolButton(tab)
        self.button.setObjectName("roster")
        self.button.setText(self.tr("Print / Export"))
        self.button.setToolTip(self.tr("Print or export the list as shown (same filters and order)"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.pdf_action = self.menu.addAction(self.tr("Export PDF…"), self.export_pdf)
        self.xlsx_action = self.menu.addAction(self.tr("Export Excel…"), self.export_xlsx)
        self.preview_action = self.menu.addAction(self.tr("Print preview…"), self.preview)
        self.class_actions = []
        if tab.kind == "training":
            self.menu.addSeparator()
            self.class_actions = [
                self.menu.addAction(self.tr("Class list of the selected course…"),
                                    lambda: self.export_class("training")),
                self.menu.addAction(self.tr("Sign-in sheet of the selected course…"),
                                    lambda: self.export_class("signin")),
            ]
        self.menu.addSeparator()
        self.full_id_action = self.menu.addAction(self.tr("Print full ID numbers"))
        self.full_id_action.setCheckable(True)
        self.full_id_action.setToolTip(self.tr("ID numbers are masked unless this is ticked"))
        self.menu.aboutToShow.connect(self._update)
        set_menu(self.button, self.menu)

    @Slot()
    def _update(self) -> None:
        has = self.tab.current_id() is not None
        for act in self.class_actions:
            act.setEnabled(has)

    # ------------------------------------------------------------------ actions

    @Slot()
    def export_pdf(self) -> None:
        self._export(".pdf", self.tab.kind, None)

    @Slot()
    def export_xlsx(self) -> None:
        self._export(".xlsx", self.tab.kind, None)

    def export_class(self, kind: str) -> None:
        class_id = self.tab.current_id()
        if class_id is None:
            return
        self._export(".pdf", kind, class_id)

    @Slot()
    def preview(self) -> None:
        """Render to a temporary PDF, preview it; the file goes when the preview closes."""
        folder = Path(tempfile.mkdtemp(prefix="vcadre-preview-"))
        path = folder / f"{FILE_NAMES.get(self.tab.kind, 'roster')}.pdf"

        def done(result: tuple[Any, Optional[int]]) -> None:
            from vcadre.ui.pdf_print import preview_pdf

            roster, _pages = result
            self.preview_dialog = preview_pdf(self.tab, path, roster.title)
            self.preview_dialog.finished.connect(lambda _r: shutil.rmtree(folder, ignore_errors=True))
            self.preview_dialog.open()

        def failed(exc: BaseException) -> None:
            shutil.rmtree(folder, ignore_errors=True)
            default_failure(exc, self.tab)

        self.render(path, self.tab.kind, None, done, failed)

    def _export(self, suffix: str, kind: str, class_id: Optional[str]) -> None:
        name = FILE_NAMES.get("class" if kind == "training" and class_id else kind, "roster")
        title = self.tr("Save roster")
        if self.full_id_action.isChecked() or suffix == ".xlsx":
            title = self.tr("Save roster — contains personal data (names, ID numbers)")
        path = ask_save_path(self.tab, title, f"{name}{clock.today():%Y%m%d}", suffix)
        if path is None:
            return

        def done(result: tuple[Any, Optional[int]]) -> None:
            roster, pages = result
            self.last_path = path
            if pages:
                text = self.tr("Saved “{title}” ({rows} rows, {pages} pages) to {path}.")
            else:
                text = self.tr("Saved “{title}” ({rows} rows) to {path}.")
            messages.info(self.tab, text.format(title=roster.title, rows=f"{len(roster.rows):,}",
                                                pages=pages, path=path))

        self.render(path, kind, class_id, done)

    def render(self, path: Path, kind: str, class_id: Optional[str],
               done: Callable[[tuple[Any, Optional[int]]], None],
               failed: Optional[Callable[[BaseException], None]] = None) -> Any:
        """Build and write the roster in a background job; ``done((roster, pages))`` after."""
        query = self.tab.query()
        show_id = self.full_id_action.isChecked()

        def op(db: Any, progress: Any) -> tuple[Any, Optional[int]]:
            from vcadre.reports.roster import Cancelled, write
            from vcadre.reports.roster_kinds import build_roster

            unit = db.site()[1]
            with db.session() as s:
                roster = build_roster(s, kind, query, show_id=show_id, class_ref=class_id, unit=unit)
            if not progress(0, max(len(roster.rows), 1)):
                raise Cancelled()
            return roster, write(roster, path, progress)

        self.job = run_job(self.tab, op, done, failed, label=self.tr("Preparing the roster…"), db=self.tab._db)
        return self.job

"""Excel for the 后备干部 tab: save the template, import with a preview, export the current view.

File choosers go through ``ask_open_path``/``ask_save_path`` so tests can monkeypatch them.
The preview and the import run on a worker (``run_job``): the window stays responsive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit

translate = QCoreApplication.translate
XLSX_FILTER = "Excel (*.xlsx)"


def ask_open_path(parent: Optional[QWidget]) -> Optional[Path]:
    name, _ = QFileDialog.getOpenFileName(parent, translate("talent_excel", "Import reserve cadres from Excel"),
                                          "", XLSX_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: Optional[QWidget], title: str, default: str) -> Optional[Path]:
    name, _ = QFileDialog.getSaveFileName(parent, title, default, XLSX_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def save_template(parent: QWidget) -> Optional[Path]:
    path = ask_save_path(parent, translate("talent_excel", "Save the import template"), "后备干部导入模板.xlsx")
    if path is None:
        return None
    from vcadre.services.talent_excel import write_template

    try:
        write_template(path)
    except OSError as exc:
        messages.error(parent, translate("talent_excel", "Could not write “{path}”: {error}").format(
            path=str(path), error=exc.strerror or str(exc)))
        return None
    messages.info(parent, translate("talent_excel", "Template saved: {path}").format(path=str(path)))
    return path


def ask_excel_password(parent: QWidget) -> Optional[str]:
    """An optional opening password for an Excel file with personal data ("" = none, None = cancel)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(parent, translate("talent_excel", "Personal data"), translate(
        "talent_excel", "The file will hold full ID numbers and phones. Keep it safe, or give it an opening "
        "password (leave empty for none):"), QLineEdit.EchoMode.Password)
    return text if ok else None


def export_view(parent: QWidget, db: Any, query: Any, done=None) -> Optional[Any]:
    path = ask_save_path(parent, translate(
        "talent_excel", "Export the list to Excel — contains personal data (full ID numbers, phones)"),
        "后备干部名单.xlsx")
    if path is None:
        return None
    password = ask_excel_password(parent)
    if password is None:
        return None

    def op(db_: Any, progress: Any) -> int:
        from vcadre.services.talent_excel import export

        with db_.session() as s:
            return export(s, path, query, progress=lambda n, t: progress.update(n, t), password=password)

    def ok(n: int) -> None:
        messages.info(parent, translate("talent_excel", "{n} persons exported to {path}").format(n=n, path=str(path)))
        if done:
            done(n)

    return run_job(parent, op, ok, label=translate("talent_excel", "Exporting…"), db=db)


class ImportDialog(QDialog):
    """Preview of one file: every bad row (row, column, reason); then import all or only valid."""

    imported = Signal()

    def __init__(self, db: Any, path: Path, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._path = Path(path)
        self.preview: Any = None
        self.result_: Any = None
        self.job: Any = None
        self.setWindowTitle(self.tr("Import reserve cadres — {file}").format(file=self._path.name))
        self.resize(860, 560)
        self.summary = QLabel(self.tr("Checking every row…"), self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("errors")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.note = QLabel(self.tr("The database is backed up before anything is written."), self)
        self.note.setStyleSheet("color: palette(mid);")
        self.all_button = QPushButton(self.tr("Import all"), self)
        self.all_button.setObjectName("import_all")
        self.valid_button = QPushButton(self.tr("Import only the valid rows"), self)
        self.valid_button.setObjectName("import_valid")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for b in (self.all_button, self.valid_button):
            b.setEnabled(False)
        self.all_button.clicked.connect(lambda: self.run_import(False))
        self.valid_button.clicked.connect(lambda: self.run_import(True))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.valid_button)
        buttons.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

    def start(self) -> None:
        path = self._path

        def op(db: Any, progress: Any):
            from vcadre.services.talent_excel import preview_file

            with db.session() as s:
                return preview_file(s, path, progress=lambda n, t: progress.update(n, t))

        self.job = run_job(self, op, self._show_preview, self._failed, label=self.tr("Checking the file…"), db=self._db)

    def _failed(self, exc: BaseException) -> None:
        if messages.is_known_error(exc):
            self.summary.setText(str(exc))
            self.summary.setStyleSheet("color: #b3261e;")
            return
        from vcadre.ui.jobs import default_failure

        default_failure(exc, self)

    def _show_preview(self, preview: Any) -> None:
        self.preview = preview
        bad = len(preview.bad_rows)
        self.summary.setText(self.tr(
            "{total} rows read: {valid} valid, {bad} with problems ({errors} problems in all).").format(
            total=preview.total, valid=len(preview.valid), bad=bad, errors=len(preview.errors)))
        shown = preview.errors[:5000]
        self.table.setRowCount(len(shown))
        for r, e in enumerate(shown):
            self.table.setItem(r, 0, QTableWidgetItem(str(e.row)))
            self.table.setItem(r, 1, QTableWidgetItem(e.field))
            self.table.setItem(r, 2, QTableWidgetItem(e.reason))
        self.all_button.setEnabled(bool(preview.valid) and not preview.errors)
        self.valid_button.setEnabled(bool(preview.valid) and bool(preview.errors))
        if not preview.valid:
            self.note.setText(self.tr("No valid row: nothing can be imported."))

    @Slot()
    def run_import(self, only_valid: bool) -> None:
        preview = self.preview
        for b in (self.all_button, self.valid_button):
            b.setEnabled(False)

        def op(db: Any, _progress: Any):
            from vcadre.services.talent_excel import ImportResult, apply
            from vcadre.store.backup import backup_database

            backup = backup_database(db, "后备干部导入")
            with db.session() as s, s.begin():
                res = apply(s, preview, only_valid)
            return ImportResult(res.added, res.updated, res.skipped, str(backup))

        def ok(result: Any) -> None:
            self.result_ = result
            from vcadre.ui import messages as m

            m.info(self, self.tr("Added {added}, updated {updated}, skipped {skipped} rows.\n"
                                 "Backup taken before the import: {backup}").format(
                added=result.added, updated=result.updated, skipped=result.skipped, backup=result.backup))
            emit(self.imported)
            self.accept()

        self.job = run_job(self, op, ok, label=self.tr("Importing…"), db=self._db)


def import_from_file(parent: QWidget, db: Any, on_done=None, path: Optional[Path] = None) -> Optional[ImportDialog]:
    path = path or ask_open_path(parent)
    if path is None:
        return None
    dlg = ImportDialog(db, path, parent)
    if on_done:
        dlg.imported.connect(on_done)
    dlg.open()
    dlg.start()
    return dlg

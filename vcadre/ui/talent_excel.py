"""Excel for the 后备干部 tab: save the template, import (the import wizard), export the current view.

File choosers go through ``ask_open_path``/``ask_save_path`` so tests can monkeypatch them.
The preview and the import run on a worker (``run_job``): the window stays responsive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from vcadre.store import ioerrors
from vcadre.ui import messages
from vcadre.ui.jobs import run_job

translate = QCoreApplication.translate
XLSX_FILTER = "Excel (*.xlsx)"
OPEN_FILTER = "Excel / CSV (*.xlsx *.xls *.csv)"


def ask_open_path(parent: Optional[QWidget]) -> Optional[Path]:
    name, _ = QFileDialog.getOpenFileName(parent, translate("talent_excel", "Import reserve cadres from Excel"),
                                          "", OPEN_FILTER)
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
            path=str(path), error=ioerrors.reason(exc)))
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


def import_from_file(parent: QWidget, db: Any, on_done=None, path: Optional[Path] = None) -> Optional[Any]:
    """从 Excel 导入: the import wizard (column step, preview, import) for the reserve register."""
    from vcadre.ui.imports.wizard import open_wizard

    path = path or ask_open_path(parent)
    if path is None:
        return None
    return open_wizard(parent, db, "talent", path, on_done)

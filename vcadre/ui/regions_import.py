"""File → Import regions: choose the file (the import wizard does the rest).

The import engine's regions kind reads the national statistical division code list (统计用区划代码,
名称, optional 上级代码 and 城乡分类代码) as well as the older 代码/名称/上级代码 layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

translate = QCoreApplication.translate


def ask_file(parent: Optional[QWidget]) -> Optional[Path]:
    """File dialog for the regions file (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, translate("regions_import", "Import regions"), "",
        translate("regions_import", "Spreadsheets (*.xlsx *.xls *.csv);;All files (*)"),
    )
    return Path(name) if name else None

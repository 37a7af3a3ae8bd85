"""File → Import regions: load a county's townships and villages from .xlsx/.csv.

The layout is that of the national statistical division codes (代码, 名称, 上级代码). Every bad
row is listed (row number and reason) and nothing is written; a good file is imported in one
transaction after an automatic backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from vcadre.ui import messages

translate = QCoreApplication.translate

#: At most this many row problems are listed in the message box; the rest are counted.
MAX_LISTED = 30


def ask_file(parent: Optional[QWidget]) -> Optional[Path]:
    """File dialog for the regions file (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, translate("regions_import", "Import regions"), "",
        translate("regions_import", "Spreadsheets (*.xlsx *.csv);;All files (*)"),
    )
    return Path(name) if name else None


def import_regions_file(parent: Optional[QWidget], db: Any, path: Path) -> bool:
    """Validate and import ``path`` into ``db``; tell the user what happened. True if imported."""
    from vcadre.services import regions
    from vcadre.services.errors import ValidationError
    from vcadre.store.backup import backup_database
    from vcadre.store.db import DatabaseError

    try:
        rows = regions.read_region_rows(path)
        with db.session() as s, s.begin():
            # Validation runs before the backup, so a bad file costs no backup file.
            regions.validate_region_rows(s, rows)
        backup_database(db, "导入行政区划")
        with db.session() as s, s.begin():
            result = regions.import_regions(s, rows)
    except ValidationError as exc:
        lines = [e.message for e in exc.errors[:MAX_LISTED]]
        if len(exc.errors) > MAX_LISTED:
            lines.append(translate("regions_import", "… and {n} more problems.").format(
                n=len(exc.errors) - MAX_LISTED))
        messages.error(parent, translate("regions_import",
                       "The file was not imported; nothing was changed.") + "\n\n" + "\n".join(lines))
        return False
    except DatabaseError as exc:
        messages.error(parent, str(exc))
        return False
    messages.info(parent, translate(
        "regions_import", "Regions imported: {added} added, {updated} renamed, {unchanged} unchanged."
    ).format(added=result.added, updated=result.updated, unchanged=result.unchanged))
    return True

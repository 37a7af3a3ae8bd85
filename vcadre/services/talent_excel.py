"""Excel for the reserve pool (后备干部 Excel): template, import with a preview, export.

The template and the import are the import engine's (``vcadre.services.imports``, kind
``talent``): this module keeps the names the 后备干部 tab and older callers use.

- ``write_template(path)``: the kind's ``.xlsx`` template (dropdowns, 填写说明).
- ``preview_file(session, path)`` → ``Preview``: every bad row with its Excel row number, column
  and a Chinese reason; nothing is written.
- ``apply(session, preview, only_valid)`` / ``import_file(db, path, only_valid)``: all-or-nothing
  (refused while any row is bad) or only the valid rows, after a backup, in one transaction.
- ``export(session, path, query)``: the current filtered view of the 后备干部 list, in the
  template's columns (so it imports back without changes).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vcadre.domain.codes import TABLES
from vcadre.services import imports as _imports
from vcadre.services import persons
from vcadre.services.imports import ImportRejected, ImportResult, Preview  # noqa: F401 - API
from vcadre.services.imports.engine import RowError  # noqa: F401 - API
from vcadre.services.imports.kinds.talent import TalentSpec
from vcadre.services.imports.reader import FileUnreadable as ExcelError  # noqa: F401 - API
from vcadre.services.listing import ListQuery
from vcadre.services.talent import TalentListing
from vcadre.store.models import Person, Region, ReserveEntry

SHEET = TalentSpec.sheet
#: (header, field key, code table or None, required)
COLUMNS: tuple[tuple[str, str, Optional[str], bool], ...] = tuple(
    (f.label, f.key, f.codes, f.required) for f in TalentSpec.fields)
HEADERS = [c[0] for c in COLUMNS]
_PERSON_KEYS = {f.key for f in persons.PERSON_FIELDS}
ImportPreview = Preview


def write_template(path: Path) -> Path:
    from vcadre.services.imports.template import write_template as write

    return write(TalentSpec(), path)


def preview_file(session: Session, path: Path, today: Optional[date] = None,
                 progress: Optional[Callable[[int, int], bool]] = None,
                 mapping: Optional[dict[int, Optional[str]]] = None) -> Preview:
    preview = _imports.preview_file(session, path, TalentSpec(), mapping, today, progress)
    if preview.missing:
        from vcadre.services.imports.engine import _missing_text

        raise _imports.MappingError(_missing_text(preview))
    return preview


def apply(session: Session, preview: Preview, only_valid: bool = False) -> ImportResult:
    return _imports.apply(session, TalentSpec(), preview, only_valid)


def import_file(db: Any, path: Path, only_valid: bool = False, backup: bool = True,
                today: Optional[date] = None) -> tuple[Preview, ImportResult]:
    """Preview, back up, then write in one transaction (the CLI's and the GUI's path)."""
    return _imports.import_file(db, path, TalentSpec(), only_valid, backup, today=today)


# ---------------------------------------------------------------- export

def export(session: Session, path: Path, query: Optional[ListQuery] = None,
           progress: Optional[Callable[[int, int], bool]] = None, password: str = "") -> int:
    """Write the list (``query``: the current filters/search/order) to ``path``; returns rows.

    ID numbers are written in full (the export is for the office's own records and re-import):
    it needs ``EXPORT`` and ``UNMASK`` (录入员, 管理员) and is written to the audit trail.
    """
    from openpyxl import Workbook

    from vcadre.services.security import Permission, audit, require

    require(session, Permission.EXPORT)
    require(session, Permission.UNMASK)
    from openpyxl.styles import Font

    query = query or ListQuery()
    listing = TalentListing()
    ids = listing.ordered(query).with_only_columns(listing.ordered(query).selected_columns[0]).subquery()
    village, township = aliased(Region), aliased(Region)
    stmt = (
        select(Person, ReserveEntry, township.name, village.name)
        .join(ReserveEntry, ReserveEntry.person_id == Person.id)
        .join(village, village.id == ReserveEntry.village_id)
        .join(township, township.id == village.parent_id)
        .where(ReserveEntry.id.in_(select(ids.c[0])))
        .order_by(township.code, village.code, Person.name, ReserveEntry.id)
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for h in HEADERS:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        header.append(c)
    ws.append(header)
    n = 0
    for p, e, tname, vname in session.execute(stmt):
        out = []
        for _h, key, codes, _r in COLUMNS:
            if key == "township":
                v: Any = tname
            elif key == "village":
                v = vname
            elif key in _PERSON_KEYS:
                v = getattr(p, key)
            else:
                v = getattr(e, key)
            if codes and v is not None:
                v = TABLES[codes].display(v)
            if isinstance(v, date):
                v = v.isoformat()
            out.append(v)
        ws.append(out)
        n += 1
        if progress and n % 1000 == 0:
            progress(n, 0)
    path = Path(path)
    from vcadre.reports.excel_protect import save_workbook

    save_workbook(wb, path, password)  # with a password: encrypted, the plaintext never on disk
    audit.exported(session, "后备干部名单（Excel）", n, path, kind="reserve_entry", unmasked=True)
    return n

"""The import engine (导入): one pipeline for every record kind.

    reader → header detection → column mapping → normalisers → per-kind checks → preview
    → (backup) → one transaction

A kind is a :class:`Spec`: its fields (header names officers use for each), how a row becomes a
record (``check``), cross-row checks (``finish``) and how records are written (``write``), with
its natural key so that importing the same file twice changes nothing. The engine owns
everything else: no kind reads a file, finds a header or parses a date itself.

- ``preview_file(session, path, spec, mapping=None)`` → :class:`Preview`: the columns (header, first
  values, field), every bad row (row, column, reason in Chinese) and notes; nothing is written.
- ``apply(session, preview, only_valid)`` writes the valid rows in the caller's transaction;
  refused while any row is bad unless ``only_valid``.
- ``import_file(db, path, spec, only_valid=False)``: preview, back up, write in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy.orm import Session

from vcadre import clock
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.imports import layout as layout_mod
from vcadre.services.imports.reader import FileUnreadable, read_sheet

Progress = Optional[Callable[[int, int], bool]]


class Cancelled(Exception):
    """The user cancelled a preview or an import (nothing written)."""


@dataclass(frozen=True)
class Field:
    """One field of a kind: its template header, the other header names officers use, and the
    value kind (``text``, ``date``, ``month`` — a date that may be a year and month —, ``id``,
    ``phone``, ``code``, ``int``, ``float``, ``place``)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"
    codes: Optional[str] = None
    help: str = ""
    width: int = 0


@dataclass
class Row:
    """One data row on its way through a kind's ``check``."""

    row: int  # the row number officers see in Excel (1-based)
    values: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)
    notes: list[FieldError] = field(default_factory=list)

    def text(self, key: str) -> str:
        from vcadre.domain.normalise import cell_text

        return cell_text(self.values.get(key))

    def error(self, key: str, message: str) -> None:
        self.errors.append(FieldError(key, message))

    def note(self, key: str, message: str) -> None:
        self.notes.append(FieldError(key, message))


@dataclass(frozen=True)
class RowError:
    row: int  # Excel row number
    field: str  # the column's header in the file (or the field's name when it has no column)
    reason: str
    column: str = ""  # column letter

    def text(self) -> str:
        where = f"第 {self.row} 行" + (f" {self.column} 列" if self.column else "")
        return f"{where}【{self.field}】{self.reason}"


@dataclass
class ColumnInfo:
    index: int
    letter: str
    header: str
    field: Optional[str]  # field key, None = ignored
    samples: list[str]


@dataclass
class Preview:
    kind: str
    path: str
    sheet: str = ""
    header_row: int = 0  # 1-based
    signature: str = ""
    columns: list[ColumnInfo] = field(default_factory=list)
    total: int = 0
    blank: int = 0
    valid: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)
    file_notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # labels of required fields with no column

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def report(self, limit: Optional[int] = None) -> str:
        lines = [e.text() for e in self.errors[:limit]]
        if limit is not None and len(self.errors) > limit:
            lines.append(f"……另有 {len(self.errors) - limit} 处错误")
        return "\n".join(lines)

    def summary(self) -> str:
        return (f"共 {self.total} 行：正确 {len(self.valid)} 行，有误 {len(self.bad_rows)} 行"
                f"（{len(self.errors)} 处）。")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    backup: Optional[str] = None
    details: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        s = f"导入完成：新增 {self.added} 条，更新 {self.updated} 条，未变 {self.unchanged} 条，跳过 {self.skipped} 行。"
        extra = "，".join(f"{k} {v}" for k, v in self.details.items() if v)
        return s + (f"（{extra}）" if extra else "")


class MappingError(FileUnreadable):
    """Required fields have no column (exit code 2; the GUI's mapping step can assign them)."""


class ImportRejected(ValidationError):
    """Bad rows and not ``only_valid``: nothing written; ``preview`` has the row report."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        super().__init__(f"有 {len(preview.bad_rows)} 行数据有误（共 {len(preview.errors)} 处），未导入任何数据。")


class Spec:
    """A record kind. Subclasses set the class attributes and implement the four methods."""

    name = ""
    title = ""  # e.g. 村“两委”成员
    sheet = ""  # template sheet name (also preferred when reading)
    fields: tuple[Field, ...] = ()
    help_lines: tuple[str, ...] = ()
    example: tuple[Any, ...] = ()

    def label(self, key: str) -> str:
        for f in self.fields:
            if f.key == key:
                return f.label
        return key

    def begin_file(self, preamble: list[str]) -> None:
        """The text lines above the header (title rows), before any row is checked."""

    def context(self, session: Session, today: date) -> Any:
        return None

    def check(self, ctx: Any, row: Row) -> Any:
        raise NotImplementedError

    def finish(self, ctx: Any, rows: list[tuple[Row, Any]]) -> None:
        """Checks across rows (duplicates in the file); add errors to the rows."""

    def write(self, session: Session, ctx: Any, records: list[Any]) -> ImportResult:
        raise NotImplementedError


# ---------------------------------------------------------------- preview

def read_layout(path: Path, spec: Spec):
    sheet = read_sheet(Path(path), prefer=(spec.sheet,) if spec.sheet else ())
    lay = layout_mod.detect(sheet.rows, spec, sheet.merged)
    return sheet, lay


class _NoGC:
    """The cyclic garbage collector paused while a file's rows are checked or written: the rows
    make hundreds of thousands of small containers and no cycles; each full collection would
    walk them all again (~15 % of a 10,000-row import)."""

    def __enter__(self) -> None:
        import gc

        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: Any) -> None:
        import gc

        if self.was:
            gc.enable()


def preview_file(session: Session, path: Path, spec: Spec, mapping: Optional[dict[int, Optional[str]]] = None,
                 today: Optional[date] = None, progress: Progress = None) -> Preview:
    """Read, map and check every row of ``path``; nothing is written."""
    with _NoGC():
        sheet, lay = read_layout(path, spec)
        return preview_rows(session, spec, sheet.rows, lay, mapping, today, progress,
                            path=str(path), sheet_name=sheet.name)


def preview_rows(session: Session, spec: Spec, rows: list[list[Any]], lay: "layout_mod.Layout",
                 mapping: Optional[dict[int, Optional[str]]] = None, today: Optional[date] = None,
                 progress: Progress = None, path: str = "", sheet_name: str = "") -> Preview:
    """Map and check ``rows`` (a sheet read with its layout found); nothing is written."""
    with _NoGC():
        return _preview_rows(session, spec, rows, lay, mapping, today, progress, path, sheet_name)


def _preview_rows(session: Session, spec: Spec, rows: list[list[Any]], lay: "layout_mod.Layout",
                  mapping: Optional[dict[int, Optional[str]]], today: Optional[date],
                  progress: Progress, path: str, sheet_name: str) -> Preview:
    today = today or clock.today()
    cmap = layout_mod.auto_map(lay.headers, spec, mapping)
    data = rows[lay.data_start:]
    p = Preview(spec.name, path, sheet_name, lay.header_row + 1, lay.signature)
    p.file_notes.extend(cmap.notes)
    for j, h in enumerate(lay.headers):
        samples = []
        for r in data:
            if j < len(r) and layout_mod.cell_text(r[j]):
                samples.append(layout_mod.cell_text(r[j]))
                if len(samples) == 3:
                    break
        p.columns.append(ColumnInfo(j, layout_mod.column_letter(j), h, cmap.fields.get(j), samples))
    p.missing = [f.label for f in spec.fields if f.required and cmap.column_of(f.key) is None]
    if p.missing:
        return p
    cols = [(j, k) for j, k in cmap.fields.items() if k]
    header_of = {k: (lay.headers[j] or spec.label(k), layout_mod.column_letter(j)) for j, k in cols}
    header_texts = [layout_mod.hkey(h) for h in lay.headers]
    first_header = next((j for j, h in enumerate(lay.headers) if h), None)
    top = min(lay.header_rows or (lay.header_row,))
    spec.begin_file([" ".join(t for t in (layout_mod.cell_text(x) for x in r) if t) for r in rows[:top]
                     if any(layout_mod.cell_text(x) for x in r)])
    ctx = spec.context(session, today)
    checked: list[tuple[Row, Any]] = []
    total_rows = len(data)
    for i, r in enumerate(data):
        if progress and i % 2000 == 0 and progress(i, total_rows) is False:
            raise Cancelled()
        values = {}
        filled = False
        for j, k in cols:
            v = r[j] if j < len(r) else None
            if isinstance(v, str):
                v = v.strip()
                if v == "":
                    v = None
            if v is not None:
                filled = True
            values[k] = v
        if not filled:
            p.blank += 1
            continue
        if first_header is not None and first_header < len(r) and r[first_header] == lay.headers[first_header] \
                and [layout_mod.hkey(c) for c in r[: len(header_texts)]] == header_texts:
            continue  # the header repeated (a sheet printed page by page)
        row = Row(lay.data_start + i + 1, values)
        record = spec.check(ctx, row)
        checked.append((row, record))
    spec.finish(ctx, checked)
    order = {f.key: n for n, f in enumerate(spec.fields)}
    for row, record in checked:
        p.total += 1
        for kind, items in (("e", row.errors), ("n", row.notes)):
            if not items:
                continue
            for e in sorted(items, key=lambda e: order.get(e.field, 99)):
                header, letter = header_of.get(e.field, (spec.label(e.field), ""))
                msg = e.message if e.message.endswith(("。", "？", "！")) else e.message + "。"
                (p.errors if kind == "e" else p.notes).append(RowError(row.row, header, msg, letter))
        if not row.errors:
            p.valid.append((row.row, record))
    if progress:
        progress(total_rows, total_rows)
    return p


# ---------------------------------------------------------------- writing

def apply(session: Session, spec: Spec, preview: Preview, only_valid: bool = False,
          today: Optional[date] = None) -> ImportResult:
    """Write the preview's valid rows in the caller's transaction (录入员 or 管理员: the import
    permission; the import is written to the audit trail in the same transaction)."""
    from vcadre.services.security import Permission, audit, require

    require(session, Permission.IMPORT)
    if preview.missing:
        raise MappingError(_missing_text(preview))
    if preview.errors and not only_valid:
        raise ImportRejected(preview)
    ctx = spec.context(session, today or clock.today())
    result = spec.write(session, ctx, [rec for _row, rec in preview.valid])
    result.skipped = len(preview.bad_rows)
    audit.record(session, "import", kind=preview.kind, target=Path(preview.path).name if preview.path else "",
                 what=spec.title, rows=result.added + result.updated, file=str(preview.path or ""),
                 skipped=result.skipped)
    session.flush()
    return result


def _missing_text(preview: Preview) -> str:
    if not any(c.field for c in preview.columns):
        return (f"文件“{Path(preview.path).name}”中找不到可识别的列名：它可能不是{preview_title(preview)}表，"
                "或不是 Excel/CSV 文件。应有的列：" + "、".join(preview.missing) + "。未写入任何数据。")
    return ("找不到必填的列：" + "、".join(preview.missing) + f"（列名在第 {preview.header_row} 行）。"
            "请检查列名，或在图形界面的“列对应”一步中指定。未写入任何数据。")


def preview_title(preview: Preview) -> str:
    from vcadre.services import imports

    return imports.spec(preview.kind).title if preview.kind in imports.KINDS else ""


def import_file(db: Any, path: Path, spec: Spec, only_valid: bool = False, backup: bool = True,
                mapping: Optional[dict[int, Optional[str]]] = None, today: Optional[date] = None,
                progress: Progress = None) -> tuple[Preview, ImportResult]:
    """Preview, back up, then write in one transaction (the CLI's path; the GUI runs the same
    steps on a worker)."""
    from vcadre.services.security import Permission, require

    require(db, Permission.IMPORT)  # before the file is even read
    with db.session() as s:
        preview = preview_file(s, path, spec, mapping, today, progress)
    if preview.missing:
        raise MappingError(_missing_text(preview))
    if preview.errors and not only_valid:
        raise ImportRejected(preview)
    result = write_preview(db, spec, preview, only_valid, backup, today)
    return preview, result


def write_preview(db: Any, spec: Spec, preview: Preview, only_valid: bool, backup: bool = True,
                  today: Optional[date] = None) -> ImportResult:
    from vcadre.services.security import Permission, require

    require(db, Permission.IMPORT)  # before the backup
    from vcadre.store.backup import backup_database, discard, prune_after

    taken = None
    if backup and preview.valid:
        taken = backup_database(db, f"{spec.title}导入")
    try:
        with _NoGC(), db.session() as s, s.begin():
            result = apply(s, spec, preview, only_valid, today)
    except BaseException:
        discard(db, taken)  # nothing was written: the copy is not needed
        raise
    if taken is not None:
        prune_after(db, f"{spec.title}导入")
    result.backup = str(taken) if taken is not None else None
    return result

"""Reading a sheet into rows of cell values: .xlsx, .xls (both via python-calamine), .csv.

The file's first bytes decide the reader, never its suffix: ``PK\\x03\\x04`` is an .xlsx (zip),
``\\xD0\\xCF\\x11\\xE0`` an old .xls (OLE2/BIFF; also what a password-protected .xlsx looks like),
anything else is tried as CSV text in UTF-8 (with or without BOM), then GB18030 (which covers
GBK/GB2312, what Excel on a Chinese Windows writes for "CSV").

Cells come back as calamine gives them: ``str``, ``float`` (every number, whole or not), ``bool``,
``date``/``datetime``; CSV cells are always ``str``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from vcadre.services.errors import ValidationError
from vcadre.store import ioerrors

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: Rows one import accepts (a province's region list is ~20,000; a county's rosters a few thousand).
MAX_ROWS = 100_000
#: Sheets that are never data (the templates' own).
HELP_SHEETS = ("填写说明", "代码", "说明")


class FileUnreadable(ValidationError):
    """The file as a whole cannot be read (not a spreadsheet, password, empty…): exit code 2."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    #: ((first row, first col), (last row, last col)) of merged cells, 0-based
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    file_kind: str = "xlsx"  # xlsx / xls / csv


def sniff(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise FileUnreadable(f"无法读取文件“{path.name}”：{ioerrors.reason(exc)}。") from exc
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    return "csv"


def read_sheet(path: Path, prefer: Sequence[str] = ()) -> Sheet:
    """The data sheet of ``path``: the first sheet named in ``prefer``, else the first sheet with
    data that is not a help sheet (填写说明/代码)."""
    path = Path(path)
    kind = sniff(path)
    if kind == "csv":
        return _read_csv(path)
    from python_calamine import CalamineWorkbook

    try:
        # From the bytes, not the path: calamine picks its reader by the suffix of a path, and
        # an .xlsx renamed .xls (or the reverse) must still open.
        wb = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        names = list(wb.sheet_names)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        if kind == "xls":
            raise FileUnreadable(
                f"文件“{path.name}”无法打开：它可能设有打开密码，或已损坏。请在 Excel 中打开它、取消密码后"
                "另存为 .xlsx 工作簿，再导入。") from exc
        raise FileUnreadable(f"文件“{path.name}”不是有效的 Excel 工作簿，无法打开。请在 Excel 中打开并另存为 .xlsx 后再导入。") from exc
    order = [n for p in prefer for n in names if n == p] + [n for n in names if n not in HELP_SHEETS]
    for name in dict.fromkeys(order):
        try:
            ws = wb.get_sheet_by_name(name)
            if (ws.total_height or 0) - 1 > MAX_ROWS:
                raise FileUnreadable(f"工作表“{name}”有 {ws.total_height - 1:,} 行，超过单次导入上限 {MAX_ROWS:,} 行。"
                                     "请分成几个文件导入。未写入任何数据。")
            rows = ws.to_python(skip_empty_area=False)
            merged = list(ws.merged_cell_ranges or []) if kind == "xlsx" or hasattr(ws, "merged_cell_ranges") else []
        except FileUnreadable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise FileUnreadable(f"无法读取“{path.name}”的工作表“{name}”（{exc}）。") from exc
        if any(any(_filled(c) for c in r) for r in rows[:200]):
            return Sheet(name, [list(r) for r in rows], [tuple(m) for m in merged], kind)
    raise FileUnreadable(f"文件“{path.name}”中没有任何数据。")


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    if not data.strip():
        raise FileUnreadable(f"文件“{path.name}”是空的。")
    if b"\x00" in data[:4096]:
        raise FileUnreadable(f"文件“{path.name}”不是 Excel 工作簿，也不是 CSV 文本文件，无法导入。")
    text: Optional[str] = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise FileUnreadable(f"文件“{path.name}”的文字编码无法识别（应为 UTF-8 或 GB18030/GBK）。")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) - 1 > MAX_ROWS:
        raise FileUnreadable(f"文件“{path.name}”有 {len(rows):,} 行，超过单次导入上限 {MAX_ROWS:,} 行。")
    return Sheet(path.stem, rows, [], "csv")

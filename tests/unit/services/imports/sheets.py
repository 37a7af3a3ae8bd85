"""Files made the way officers make them: title rows, 序号, numbers typed as numbers, merged
two-row headers, .xls from old Excel, CSV saved by Excel on a Chinese Windows (GB18030)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence


def xlsx(path: Path, rows: Sequence[Sequence[Any]], merged: Sequence[str] = (), sheet: str = "Sheet1",
         text_columns: Sequence[int] = ()) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(list(r))
    for rng in merged:
        ws.merge_cells(rng)
    for col in text_columns:
        for row in ws.iter_rows(min_col=col, max_col=col):
            for c in row:
                c.number_format = "@"
    wb.save(path)
    return path


def xls(path: Path, rows: Sequence[Sequence[Any]], merged: Sequence[tuple[int, int, int, int]] = ()) -> Path:
    """A real BIFF8 .xls (xlwt), numbers stored as numbers as old Excel does."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    skip = set()
    for r1, r2, c1, c2 in merged:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    skip.add((r, c))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None or v == "" or (r, c) in skip:
                continue
            if any(r1 == r and c1 == c for r1, _r2, c1, _c2 in merged):
                r1, r2, c1, c2 = next(m for m in merged if m[0] == r and m[2] == c)
                ws.write_merge(r1, r2, c1, c2, v)
            else:
                ws.write(r, c, v)
    wb.save(str(path))
    return path


def csv_bytes(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path

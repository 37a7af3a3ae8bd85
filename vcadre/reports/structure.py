"""The team-structure report (班子结构分析) written out: Excel in the layout offices file, and PDF
through the roster engine.

Excel (:func:`write_xlsx`): one sheet per table — title merged across the table, 制表单位 at the
left and “截至 X年X月X日” at the right, a two- or three-row header whose groups (年龄, 学历, and in a
comparison each figure's two days and change) are merged cells, one row per township, a 合计 row,
notes under it. The targets sheet is followed by the list of villages that miss a target.
Numbers only: no names, no ID numbers.

PDF (:func:`write_pdf`): the same tables as rosters with grouped headers, one after the other in
one document (``vcadre.reports.roster.write_pdf_many``).
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

from vcadre.reports.roster import header_cells
from vcadre.services.structure.compare import Comparison
from vcadre.services.structure.report import FigureColumn, StructureReport, TableRow


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class Sheet:
    """One table as written: column header paths, rows of values, and the words around it."""

    name: str
    title: str
    paths: list[tuple[str, ...]]  #: per column, its headers from the top group down to its own
    kinds: list[str]  #: per column: text / int / float / percent / change
    rows: list[list[Any]]
    total_rows: int = 1  #: the last rows are totals (bold)
    notes: Sequence[str] = ()
    date_text: str = ""


def _fig_path(c: FigureColumn) -> tuple[str, ...]:
    return (c.group, c.header) if c.group else (c.header,)


def _row(r: TableRow, columns: list[FigureColumn]) -> list[Any]:
    return [r.name] + [r.values.get(c.key) for c in columns]


def report_sheets(rep: StructureReport) -> list[Sheet]:
    """The report's tables as sheets: the three groups, the targets, the villages missing targets."""
    place = rep.scope or rep.county
    date_text = f"截至 {cn_date(rep.as_of)}"
    sheets = []
    definitions = ("说明：人数按村计，一人在本村兼任多个“两委”职务计一次；交叉任职指同一人同时担任本村党组织"
                   "和村（居）民委员会职务；一肩挑指村党组织书记同时担任村（居）民委员会主任；年龄按周岁"
                   "计算至统计日；学历取全日制与在职学历中较高者。")
    for g in rep.groups:
        notes = [n for n in (g.note(), definitions) if n]
        sheets.append(Sheet(
            g.title.replace("“", "").replace("”", ""), f"{place}{g.title}队伍结构统计表",
            [("乡镇（街道）",)] + [_fig_path(c) for c in g.columns],
            ["text"] + [c.kind for c in g.columns],
            [_row(r, g.columns) for r in g.rows] + [_row(g.total, g.columns)],
            notes=notes, date_text=date_text))
    t = rep.targets
    sheets.append(Sheet(
        "换届目标核查", f"{place}村“两委”换届目标核查表",
        [("乡镇（街道）",)] + [_fig_path(c) for c in t.columns], ["text"] + [c.kind for c in t.columns],
        [_row(r, t.columns) for r in t.rows] + [_row(t.total, t.columns)],
        notes=["目标：" + "；".join(t.rules) + "。"], date_text=date_text))
    sheets.append(Sheet(
        "未达标村名单", f"{place}未达到换届目标的村（社区）名单",
        [("序号",), ("乡镇（街道）",), ("村（社区）",), ("未达标项目",), ("书记学历例外说明",)],
        ["int", "text", "text", "text", "text"],
        [[i + 1, m.township, m.village, "；".join(m.missing), m.exception] for i, m in enumerate(t.misses)],
        total_rows=0, notes=[f"共 {len(t.misses)} 个村（社区）。"], date_text=date_text))
    return sheets


def comparison_sheets(cmp: Comparison) -> list[Sheet]:
    """Each table with every figure as (before, after, change), township by township."""
    a, b = cmp.before.as_of, cmp.after.as_of
    place = cmp.after.scope or cmp.after.county
    sub = (a.isoformat(), b.isoformat(), "增减")
    sheets = []
    for t in cmp.tables:
        paths: list[tuple[str, ...]] = [("乡镇（街道）",)]
        kinds = ["text"]
        for c in t.columns:
            for s, kind in zip(sub, (c.kind, c.kind, "change")):
                paths.append(_fig_path(c) + (s,))
                kinds.append(kind)
        rows = []
        for r in t.rows + [t.total]:
            row: list[Any] = [r.name]
            for c in t.columns:
                row += [r.before.get(c.key), r.after.get(c.key), r.change(c.key)]
            rows.append(row)
        name = t.title.replace("“", "").replace("”", "")
        sheets.append(Sheet(name[:28] + "对比", f"{place}{t.title}情况对比（{cn_date(a)}与{cn_date(b)}）",
                            paths, kinds, rows, date_text=f"{cn_date(a)} — {cn_date(b)}"))
    return sheets


def comparison_summary(cmp: Comparison) -> Sheet:
    """The totals only, one figure a row: 指标 | before | after | change (what fits a page)."""
    a, b = cmp.before.as_of, cmp.after.as_of
    rows = []
    for t in cmp.tables:
        for c in t.columns:
            label = f"{c.group}：{c.header}" if c.group else c.header
            rows.append([t.title, label, t.total.before.get(c.key), t.total.after.get(c.key), t.total.change(c.key)])
    place = cmp.after.scope or cmp.after.county
    return Sheet("合计对比", f"{place}村“两委”班子结构对比（合计）",
                 [("类别",), ("指标",), (cn_date(a),), (cn_date(b),), ("增减",)],
                 ["text", "text", "float", "float", "change"], rows, total_rows=0,
                 date_text=f"{cn_date(a)} — {cn_date(b)}")


# ------------------------------------------------------------------------------------ Excel

def write_xlsx(sheets: Sequence[Sheet], path: Path | str, unit: str = "") -> None:
    """Write the sheets to one workbook (merged headers, totals, title, 截至 date, 制表单位).

    Streamed (openpyxl write-only, merges declared on the sheet): a province's village list is
    tens of thousands of cells, which the ordinary mode styles one by one (seconds).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    wb = Workbook(write_only=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    bold = Font(bold=True)
    used_names: set[str] = set()
    for sh in sheets:
        ws = wb.create_sheet(_sheet_name(sh.name, used_names))
        ncols = len(sh.paths)
        depth, cells = header_cells(sh.paths)
        top = 3
        first_body = top + depth

        def merge(r1: int, c1: int, r2: int, c2: int) -> None:
            ws.merged_cells.add(CellRange(min_row=r1, min_col=c1, max_row=r2, max_col=c2))

        # Widths, row heights, print set-up: before any row is written (write-only).
        for c in range(1, ncols + 1):
            if sh.kinds[c - 1] == "text":
                longest = max([len(str(row[c - 1] or "")) for row in sh.rows] + [4])
                width = min(max(longest * 2 + 2, 12), 60)
            else:
                width = 9
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.row_dimensions[1].height = 30
        for k, note in enumerate(sh.notes):  # merged cells do not grow with wrapped text
            ws.row_dimensions[first_body + len(sh.rows) + 1 + k].height = 15 * (1 + len(note) // max(ncols * 4, 20))
        ws.freeze_panes = f"B{first_body}"
        ws.print_title_rows = f"{top}:{first_body - 1}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"

        title = WriteOnlyCell(ws, sh.title)
        title.font = Font(size=16, bold=True)
        title.alignment = Alignment(horizontal="center", vertical="center")
        ws.append([title])
        merge(1, 1, 1, ncols)
        half = max(1, ncols // 2)
        line = [f"制表单位：{unit}" if unit else "制表单位："] + [None] * (half - 1)
        if ncols > half:
            right = WriteOnlyCell(ws, sh.date_text)
            right.alignment = Alignment(horizontal="right")
            line.append(right)
            merge(2, half + 1, 2, ncols)
        ws.append(line)
        merge(2, 1, 2, half)
        grid: list[list[Any]] = [[None] * ncols for _ in range(depth)]
        for cell in cells:
            grid[cell.level][cell.col] = cell.text
            if cell.rows > 1 or cell.cols > 1:
                merge(top + cell.level, cell.col + 1, top + cell.level + cell.rows - 1, cell.col + cell.cols)
        for values in grid:
            out = []
            for v in values:
                x = WriteOnlyCell(ws, v)
                x.font, x.fill, x.alignment, x.border = head_font, head_fill, center, border
                out.append(x)
            ws.append(out)
        # One styled template cell per (kind, total, sign format); body cells copy its style array:
        # assigning style objects hashes them per cell (minutes for a province's village list).
        templates: dict[tuple, Any] = {}

        def styled(v: Any, kind: str, total: bool) -> Any:
            fmt = ("+0.0;-0.0;0" if isinstance(v, float) else "+0;-0;0") if kind == "change" else \
                ("0.0" if kind in ("float", "percent") else "General")
            key = (kind, total, fmt)
            t = templates.get(key)
            if t is None:
                t = templates[key] = WriteOnlyCell(ws)
                t.border = border
                t.alignment = Alignment(horizontal="left" if kind == "text" else "center", vertical="center",
                                        wrap_text=kind == "text")
                t.number_format = fmt
                if total:
                    t.font = bold
            x = WriteOnlyCell(ws, v)
            x._style = copy(t._style)
            return x

        first_total = len(sh.rows) - sh.total_rows
        for i, values in enumerate(sh.rows):
            total = i >= first_total
            ws.append([styled(v, kind, total) for v, kind in zip(values, sh.kinds)])
        r = first_body + len(sh.rows)
        if sh.notes:
            ws.append([])
            r += 1
        for note in sh.notes:
            x = WriteOnlyCell(ws, note)
            x.alignment = Alignment(wrap_text=True, vertical="top")
            ws.append([x])
            merge(r, 1, r, ncols)
            r += 1
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    wb.save(str(tmp))
    tmp.replace(path)


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join(ch for ch in name if ch not in '[]:*?/\\')[:31] or "表"
    out, k = clean, 2
    while out in used:
        out = f"{clean[:28]}{k}"
        k += 1
    used.add(out)
    return out


# ------------------------------------------------------------------------------------ PDF

def write_pdf(sheets: Sequence[Sheet], path: Path | str, unit: str = "") -> int:
    """The sheets as rosters with grouped headers, one after another in one PDF; returns pages."""
    from vcadre.reports.roster import Roster, RosterColumn, write_pdf_many

    from vcadre import clock

    rosters = []
    for sh in (part for sheet in sheets for part in _split_wide(sheet)):
        columns = []
        for i, (p, kind) in enumerate(zip(sh.paths, sh.kinds)):
            columns.append(RosterColumn(
                f"c{i}", p[-1], "text" if kind in ("text", "change") else ("float" if kind != "int" else "int"),
                "left" if kind == "text" else "center", min_em=2.0 if kind != "text" else 4.0,
                max_em=30.0 if kind == "text" else 6.0, groups=tuple(p[:-1])))
        rows = [[_pdf_value(v, k) for v, k in zip(row, sh.kinds)] for row in sh.rows]
        rosters.append(Roster(sh.title, columns, rows, filter_line=sh.date_text, unit=unit,
                              numbered=False, note="　".join(sh.notes), printed=clock.today(),
                              bold_last_rows=sh.total_rows))
    return write_pdf_many(rosters, path)


def _pdf_value(v: Any, kind: str) -> Any:
    if v is None:
        return ""
    if kind == "change":
        if isinstance(v, float):
            return f"{v:+.1f}" if v else "0"
        return f"{v:+d}" if v else "0"
    if kind in ("percent", "float") and isinstance(v, float):
        return f"{v:.1f}"
    return v


#: Columns a landscape A4 page holds legibly.
PDF_MAX_COLUMNS = 22


def _split_wide(sh: Sheet) -> list[Sheet]:
    """A sheet too wide for a page as several, each with the first (township) column, cut between
    top-level header groups (a comparison's figure keeps its two days and change together)."""
    if len(sh.paths) <= PDF_MAX_COLUMNS:
        return [sh]
    units: list[list[int]] = []
    for c in range(1, len(sh.paths)):
        if units and sh.paths[c][0] == sh.paths[units[-1][0]][0]:
            units[-1].append(c)
        else:
            units.append([c])
    chunks: list[list[int]] = [[]]
    for unit in units:
        if chunks[-1] and len(chunks[-1]) + len(unit) > PDF_MAX_COLUMNS - 1:
            chunks.append([])
        chunks[-1].extend(unit)
    out = []
    for k, cols in enumerate(chunks):
        keep = [0] + cols
        out.append(Sheet(sh.name, sh.title + ("" if k == 0 else f"（续{k}）"), [sh.paths[c] for c in keep],
                         [sh.kinds[c] for c in keep], [[row[c] for c in keep] for row in sh.rows],
                         sh.total_rows, sh.notes if k == len(chunks) - 1 else (), sh.date_text))
    return out


def write(sheets: Sequence[Sheet], path: Path | str, unit: str = "") -> Optional[int]:
    """Excel or PDF by the suffix of ``path``; returns the PDF's pages (None for Excel)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(sheets, path, unit)
        return None
    if suffix == ".pdf":
        return write_pdf(sheets, path, unit)
    raise ValueError(f"不支持的文件类型“{suffix}”：请用 .pdf 或 .xlsx。")

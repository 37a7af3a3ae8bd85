"""The roster engine (花名册): one table layout for every printed list, to PDF and to Excel.

A :class:`Roster` is plain data — title, filter line, columns, rows of values — built by
``vcadre.reports.roster_kinds`` from the same listing and query the GUI table shows. This module
lays it out and writes it:

- :func:`write_pdf`: A4 landscape (or portrait), title, the filter line, printing unit and date,
  the header row on every page, numbered rows, ``第 X 页 / 共 Y 页``, an optional signature line,
  the CJK font embedded (a subset). Column widths are measured from the text; a column that
  cannot get its natural width wraps its long cells inside the cell (rows grow), never overlaps.
- :func:`write_xlsx`: the same columns and rows with openpyxl — styled header, frozen header row,
  column widths, dates as real dates.

Speed. reportlab's platypus ``Table`` takes ~10 s for 10,000 rows with free row heights (3.3 s with
fixed heights), and even ``canvas.drawString`` per cell builds a text object each time. The layout
here is our own: widths come from a per-string cache (rosters repeat the same townships, codes and
dates), a cell is only broken into lines when its cached width exceeds the column, and each
distinct string is encoded to PDF text operators once and reused (``_TextOps``), the way
reportlab's own ``textobject._formatText`` encodes it. So a row costs a few dictionary look-ups
and string formats; ``bench/roster.py`` measures it against a raw ``drawString`` floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from vcadre import clock

#: ``progress(done, total) -> bool``; False means the user cancelled.
ProgressFn = Callable[[int, int], bool]

MM = 72 / 25.4


class Cancelled(Exception):
    """The user cancelled the roster (the GUI's progress dialog)."""

    def __init__(self) -> None:
        super().__init__("已取消。")


@dataclass(frozen=True)
class RosterColumn:
    """One column: its header and how its values print.

    ``kind``: "text", "date", "int", "float", "blank" (an empty column to write in, e.g. a
    sign-in day). ``min_em``/``max_em``: narrowest/widest the column may be, in characters of the
    body font; ``width_em`` fixes the width (blank columns).
    """

    key: str
    header: str
    kind: str = "text"
    align: str = "left"  # left / center / right
    min_em: float = 2.0
    max_em: float = 24.0
    width_em: Optional[float] = None
    #: Group headers above this column's own, top first; neighbours with the same groups share
    #: one merged cell (e.g. ("年龄",) over 35岁及以下 … 60岁以上). See :func:`header_cells`.
    groups: tuple[str, ...] = ()


@dataclass
class Roster:
    title: str
    columns: Sequence[RosterColumn]
    rows: Sequence[Sequence[Any]]
    filter_line: str = ""
    unit: str = ""
    #: The app's today (``vcadre.clock``), so a run as of another day prints that day.
    printed: date = field(default_factory=clock.today)
    landscape: bool = True
    numbered: bool = True
    signature: bool = False
    #: Minimum body row height in points (sign-in sheets want room for a signature).
    row_height: float = 0.0
    #: Extra text under the table on the last page (e.g. "本表共 N 人").
    note: str = ""
    #: Called with the path once the file is written (the audit trail's export entry).
    on_written: Optional[Callable[[Path], None]] = field(default=None, repr=False, compare=False)
    #: The last rows are totals (合计), printed bold.
    bold_last_rows: int = 0


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a grouped header: its text, first header row (0 = top) and column, and span."""

    text: str
    level: int
    col: int
    rows: int
    cols: int


def header_cells(paths: Sequence[tuple[str, ...]]) -> tuple[int, list[HeaderCell]]:
    """(depth, cells) of a grouped header from each column's header path (groups, then its own):
    equal group labels of neighbouring columns under the same parent merge across; a column's
    own header reaches down to the bottom header row. One-level paths give one plain row."""
    depth = max((len(p) for p in paths), default=1)
    cells: list[HeaderCell] = []
    for level in range(depth):
        c = 0
        while c < len(paths):
            p = paths[c]
            if len(p) <= level:
                c += 1
                continue
            if len(p) == level + 1:  # the column's own header: one column, down to the bottom
                cells.append(HeaderCell(p[level], level, c, depth - level, 1))
                c += 1
                continue
            end = c + 1
            while end < len(paths) and len(paths[end]) > level + 1 and paths[end][:level + 1] == p[:level + 1]:
                end += 1
            cells.append(HeaderCell(p[level], level, c, 1, end - c))
            c = end
    return depth, cells


def cell_text(value: Any, kind: str = "text") -> str:
    """How a value prints in a cell (dates ISO, floats without a trailing .0, bools 是/否)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text
    return str(value)


# ---------------------------------------------------------------------------------- PDF layout

BODY_SIZE = 9.0
HEAD_SIZE = 9.0
TITLE_SIZE = 17.0
SMALL_SIZE = 8.5
LEADING = 11.5
PAD_X = 3.0
PAD_Y = 3.0
MARGIN = 12 * MM


class _TextOps:
    """PDF text operators for strings in one document, encoded once per distinct string.

    The encoding is reportlab's own (``TTFont.splitString``: each character gets a code in a
    256-glyph subset of the embedded font); characters already assigned are looked up directly
    in the font's per-document assignments, which is what ``splitString`` does, minus its
    per-call overhead.
    """

    def __init__(self, canv: Any, font_name: str) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        self._canv = canv
        self._doc = canv._doc
        self._font = getFont(font_name)
        self._by_size: dict[float, dict[str, str]] = {}
        self._widths: dict[str, float] = {}
        self._names: dict[int, str] = {}
        self._font.splitString(" ", self._doc)  # creates the font's state for this document
        self._assigned = self._font.state[self._doc].assignments

    def width(self, text: str, size: float) -> float:
        w = self._widths.get(text)
        if w is None:
            w = self._widths[text] = self._font.stringWidth(text, 1.0)
        return w * size

    def _split(self, text: str) -> list[tuple[int, bytes]]:
        assigned = self._assigned
        try:
            codes = [assigned[ord(ch)] for ch in text]
        except KeyError:  # a character new to this document: let reportlab assign it
            return self._font.splitString(text, self._doc)
        if codes and max(codes) >> 8 == min(codes) >> 8:
            return [(codes[0] >> 8, bytes(c & 0xFF for c in codes))]
        return self._font.splitString(text, self._doc)

    def ops(self, text: str, size: float) -> str:
        cache = self._by_size.get(size)
        if cache is None:
            cache = self._by_size[size] = {}
        op = cache.get(text)
        if op is None:
            escape = self._canv._escape
            parts = []
            for subset, chunk in self._split(text):
                name = self._names.get(subset)
                if name is None:
                    name = self._names[subset] = self._font.getSubsetInternalName(subset, self._doc)
                parts.append(f"{name} {size:g} Tf ({escape(chunk)}) Tj")
            op = cache[text] = " ".join(parts)
        return op

    def cached(self, size: float) -> dict[str, str]:
        """The cache of ``ops(…, size)`` (for hot loops: ``.get(text) or ops(text, size)``)."""
        self._by_size.setdefault(size, {})
        return self._by_size[size]


_NO_LINE_START = set("）)」』】〕，,。.、；;：:！!？?%％")
_SOFT_BREAKS = set("　 ；;，,、）)/")


def _wrap(text: str, avail: float, ops: _TextOps, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``avail`` (by character: Chinese has no spaces)."""
    lines: list[str] = []
    for para in text.split("\n"):
        if ops.width(para, size) <= avail:
            lines.append(para)
            continue
        start, width, soft = 0, 0.0, -1
        for i, ch in enumerate(para):
            w = ops.width(ch, size)
            if width + w > avail and i > start:
                # Break after the last separator on the line if there is one, else here.
                cut = soft + 1 if soft >= start else i
                if cut == i and i - 1 > start and para[i] in _NO_LINE_START:
                    cut = i - 1  # 禁则: a closing bracket or comma never starts a line
                lines.append(para[start:cut])
                start = cut
                width = ops.width(para[start:i], size)
            width += w
            if ch in _SOFT_BREAKS:
                soft = i
        lines.append(para[start:])
    return lines or [""]


@dataclass
class _Layout:
    widths: list[float]
    header_lines: list[list[str]]
    header_height: float
    #: Per row: the cells' lines (None: the single plain text, the fast path) and the height.
    rows: list[tuple[list[Any], float]]
    pages: list[tuple[int, int]]  # (first row, end row) per page
    size: float = BODY_SIZE
    leading: float = LEADING
    #: A grouped header (columns with ``groups``): its cells with their lines, and row heights.
    group_cells: Optional[list[tuple[HeaderCell, list[str]]]] = None
    level_heights: Optional[list[float]] = None


def _natural_and_minimum(roster: Roster, texts: list[list[str]], ops: _TextOps,
                         size: float) -> tuple[list[float], list[float]]:
    em = size
    natural, minimum = [], []
    for c, col in enumerate(roster.columns):
        if col.width_em is not None:
            natural.append(col.width_em * em)
            minimum.append(col.width_em * em)
            continue
        header_w = max(ops.width(part, size) for part in col.header.split("\n"))
        widest = max((ops.width(t, size) for t in {row[c] for row in texts}), default=0.0)
        lo = max(col.min_em * em, min(header_w, 4 * em)) + 2 * PAD_X
        nat = min(max(widest, header_w) + 2 * PAD_X, col.max_em * em + 2 * PAD_X)
        minimum.append(lo)
        natural.append(max(nat, lo))
    return natural, minimum


def _fit_size(roster: Roster, texts: list[list[str]], ops: _TextOps, avail: float) -> float:
    """The largest body size (9 pt down to 6.5 pt) at which every column gets its minimum width."""
    for size in (BODY_SIZE, 8.5, 8.0, 7.5, 7.0, 6.5):
        if sum(_natural_and_minimum(roster, texts, ops, size)[1]) <= avail:
            return size
    return 6.5


def _column_widths(roster: Roster, texts: list[list[str]], ops: _TextOps, avail: float,
                   size: float) -> list[float]:
    natural, minimum = _natural_and_minimum(roster, texts, ops, size)
    total = sum(natural)
    if total <= avail:
        # Room to spare: give it to the text columns in proportion to their width.
        # (A sheet with blank columns to write in gives the room to those.)
        blank = [i for i, col in enumerate(roster.columns) if col.kind == "blank"]
        flexible = blank or [i for i, col in enumerate(roster.columns) if col.width_em is None] \
            or list(range(len(natural)))
        extra = (avail - total) / sum(natural[i] for i in flexible)
        return [w * (1 + extra) if i in flexible else w for i, w in enumerate(natural)]
    if sum(minimum) >= avail:
        scale = avail / sum(minimum)
        return [w * scale for w in minimum]
    # Too wide: cap the widest columns at one width so that the table fits (water-filling).
    lo, hi = 0.0, max(natural)
    for _ in range(40):
        cap = (lo + hi) / 2
        if sum(max(m, min(n, cap)) for n, m in zip(natural, minimum)) > avail:
            hi = cap
        else:
            lo = cap
    return [max(m, min(n, lo)) for n, m in zip(natural, minimum)]


def _layout(roster: Roster, texts: list[list[str]], ops: _TextOps, page_w: float, body_top: float,
            body_bottom: float, progress: Optional[ProgressFn]) -> _Layout:
    size = _fit_size(roster, texts, ops, page_w - 2 * MARGIN)
    leading = round(size * LEADING / BODY_SIZE, 2)
    widths = _column_widths(roster, texts, ops, page_w - 2 * MARGIN, size)
    header_lines = [_wrap(col.header, w - 2 * PAD_X, ops, size) for col, w in zip(roster.columns, widths)]
    header_height = max(len(lines) for lines in header_lines) * leading + 2 * PAD_Y + 2
    group_cells = level_heights = None
    if any(col.groups for col in roster.columns):
        depth, cells = header_cells([tuple(col.groups) + (col.header,) for col in roster.columns])
        group_cells = [(cell, _wrap(cell.text, sum(widths[cell.col:cell.col + cell.cols]) - 2 * PAD_X, ops, size))
                       for cell in cells]
        level_heights = [leading + 2 * PAD_Y] * depth
        for cell, lines in group_cells:
            if cell.rows == 1:
                level_heights[cell.level] = max(level_heights[cell.level], len(lines) * leading + 2 * PAD_Y)
        for cell, lines in group_cells:  # a tall own header spanning several rows grows the last
            have = sum(level_heights[cell.level:cell.level + cell.rows])
            need = len(lines) * leading + 2 * PAD_Y
            if need > have:
                level_heights[cell.level + cell.rows - 1] += need - have
        level_heights[-1] += 2
        header_height = sum(level_heights)
    min_height = max(leading + 2 * PAD_Y + 1, roster.row_height)
    avail = [w - 2 * PAD_X for w in widths]
    # A string of n characters is at most n em wide (no glyph here is wider than 1.17 em).
    sure = [a / (size * 1.2) for a in avail]
    rows: list[tuple[list[Any], float]] = []
    width = ops.width
    n = len(texts)
    for r, row in enumerate(texts):
        cells: list[Any] = []
        lines_max = 1
        for c, text in enumerate(row):
            if len(text) <= sure[c] or width(text, size) <= avail[c]:
                cells.append(None)
            else:
                lines = _wrap(text, avail[c], ops, size)
                cells.append(lines)
                lines_max = max(lines_max, len(lines))
        rows.append((cells, max(min_height, lines_max * leading + 2 * PAD_Y + 1)))
        if progress is not None and r % 2000 == 1999 and not progress(r // 2, n):
            raise Cancelled()
    # Pages: fill each with rows; a row taller than a page is clipped to it (never happens with
    # the column caps above, but the loop must end).
    pages: list[tuple[int, int]] = []
    space = body_top - body_bottom - header_height
    start, used = 0, 0.0
    for i, (_cells, h) in enumerate(rows):
        if used + h > space and i > start:
            pages.append((start, i))
            start, used = i, 0.0
        used += h
    pages.append((start, len(rows)))
    return _Layout(widths, header_lines, header_height, rows, pages, size, leading, group_cells, level_heights)


def write_pdf(roster: Roster, path: Path | str, progress: Optional[ProgressFn] = None) -> int:
    """Write ``roster`` as a PDF to ``path``; returns the number of pages.

    ``progress(done, total)`` is called now and then; when it returns False the file is not
    written and :class:`Cancelled` is raised.
    """
    return write_pdf_many([roster], path, progress)


def write_pdf_many(rosters: Sequence[Roster], path: Path | str, progress: Optional[ProgressFn] = None) -> int:
    """Write several rosters one after another into one PDF, each from a new page, the pages
    numbered through the document (a report of several tables); returns the number of pages.
    ``progress`` is used for a single roster only."""
    from reportlab.lib.pagesizes import A4, landscape, portrait
    from reportlab.pdfgen import canvas

    from vcadre.reports.fonts import pdf_font

    font = pdf_font()
    first = rosters[0]
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    canv = canvas.Canvas(str(tmp), pagesize=landscape(A4) if first.landscape else portrait(A4),
                         pageCompression=1, invariant=1)
    canv.setTitle(first.title)
    canv.setAuthor(first.unit or "vcadre")
    canv.setCreator("vcadre")
    canv.setFont(font, BODY_SIZE)
    ops = _TextOps(canv, font)
    plans = [_plan_pdf(r, canv, ops, font, progress if len(rosters) == 1 else None) for r in rosters]
    total_pages = sum(pages for pages, _draw in plans)
    offset = 0
    for pages, draw in plans:
        draw(offset, total_pages)
        offset += pages
    canv.save()
    tmp.replace(path)
    return total_pages


def _plan_pdf(roster: Roster, canv: Any, ops: "_TextOps", font: str,
              progress: Optional[ProgressFn]) -> tuple[int, Callable[[int, int], None]]:
    """Lay ``roster`` out: (its pages, ``draw(first page number - 1, total pages)``)."""
    from reportlab.lib.pagesizes import A4, landscape, portrait

    columns = list(roster.columns)
    if roster.numbered:
        columns.insert(0, RosterColumn("_no", "序号", "int", "center", min_em=2, max_em=4))
    kinds = [col.kind for col in columns]
    texts: list[list[str]] = []
    n = len(roster.rows)
    for i, raw in enumerate(roster.rows):
        values = ([i + 1] if roster.numbered else []) + list(raw)
        texts.append(["" if k == "blank" else cell_text(v, k) for v, k in zip(values, kinds)])
    if progress is not None and not progress(n // 10, n):
        raise Cancelled()
    table = Roster(**{**roster.__dict__, "columns": columns, "numbered": False})

    page_w, page_h = landscape(A4) if roster.landscape else portrait(A4)

    # The page head: title, then filter line (left) and unit/date (right), wrapped if long.
    right = "　".join(p for p in (f"制表单位：{roster.unit}" if roster.unit else "",
                                   f"打印日期：{roster.printed.year}年{roster.printed.month}月{roster.printed.day}日") if p)
    right_w = ops.width(right, SMALL_SIZE)
    # The filter line wraps at the full width; unit and date go at the right of its last line,
    # or on a line of their own when there is no room.
    filter_lines = _wrap(roster.filter_line, page_w - 2 * MARGIN, ops, SMALL_SIZE) if roster.filter_line else []
    if not filter_lines or ops.width(filter_lines[-1], SMALL_SIZE) + right_w + 16 <= page_w - 2 * MARGIN:
        right_line = max(len(filter_lines), 1) - 1
    else:
        right_line = len(filter_lines)
        filter_lines.append("")
    title_y = page_h - MARGIN - TITLE_SIZE
    info_y = title_y - 10 - SMALL_SIZE
    body_top = info_y - (max(len(filter_lines), 1) - 1) * (SMALL_SIZE + 3) - 8
    foot_y = MARGIN - 2
    sig_y = foot_y + SMALL_SIZE + 10
    body_bottom = (sig_y + SMALL_SIZE + 8) if roster.signature else (foot_y + SMALL_SIZE + 8)
    layout = _layout(table, texts, ops, page_w, body_top, body_bottom, progress)
    aligns = [col.align if col.kind != "int" or col.align != "left" else "right" for col in columns]
    for i, col in enumerate(columns):
        if col.kind in ("date",) and col.align == "left":
            aligns[i] = "center"
    xs = [MARGIN]
    for w in layout.widths:
        xs.append(xs[-1] + w)
    table_w = xs[-1] - MARGIN
    width = ops.width

    def text_at(x: float, y: float, text: str, size: float) -> None:
        if text:
            canv._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops.ops(text, size)} ET")

    def x_of(text: str, c: int, size: float) -> float:
        align = aligns[c]
        if align == "left":
            return xs[c] + PAD_X
        w = width(text, size)
        return xs[c + 1] - PAD_X - w if align == "right" else (xs[c] + xs[c + 1] - w) / 2

    x_left = [f"{xs[c] + PAD_X:.2f}" if a == "left" else None for c, a in enumerate(aligns)]
    x_cache: list[dict[str, str]] = [{} for _ in aligns]

    bold_from = len(roster.rows) - roster.bold_last_rows

    def draw(offset: int, total_pages: int) -> None:
        code: list[str] = []  # the current page's content stream (the canvas starts a new list per page)
        done_rows = 0
        size, leading = layout.size, layout.leading
        for own_page, (first, end) in enumerate(layout.pages, start=1):
            page_no = offset + own_page
            canv.setPageSize((page_w, page_h))
            canv.setFont(font, size)
            code = canv._code
            # Head.
            tw = width(roster.title, TITLE_SIZE)
            text_at((page_w - tw) / 2, title_y, roster.title, TITLE_SIZE)
            for k, line in enumerate(filter_lines):
                text_at(MARGIN, info_y - k * (SMALL_SIZE + 3), line, SMALL_SIZE)
            text_at(page_w - MARGIN - right_w, info_y - right_line * (SMALL_SIZE + 3), right, SMALL_SIZE)
            # Header row on a grey band.
            top = body_top
            canv.setFillGray(0.88)
            canv.rect(MARGIN, top - layout.header_height, table_w, layout.header_height, stroke=0, fill=1)
            canv.setFillGray(0)
            if layout.group_cells is None:
                for c, lines in enumerate(layout.header_lines):
                    block = len(lines) * leading
                    y0 = top - (layout.header_height - block) / 2 - leading + 2.5
                    for k, line in enumerate(lines):
                        w = width(line, size)
                        text_at((xs[c] + xs[c + 1] - w) / 2, y0 - k * leading, line, size)
            else:
                boxes = []
                for cell, lines in layout.group_cells:
                    y_top = top - sum(layout.level_heights[:cell.level])
                    cell_h = sum(layout.level_heights[cell.level:cell.level + cell.rows])
                    x0, x1 = xs[cell.col], xs[cell.col + cell.cols]
                    y0 = y_top - (cell_h - len(lines) * leading) / 2 - leading + 2.5
                    for k, line in enumerate(lines):
                        text_at((x0 + x1 - width(line, size)) / 2, y0 - k * leading, line, size)
                    boxes.append(f"{x0:.2f} {y_top - cell_h:.2f} {x1 - x0:.2f} {cell_h:.2f} re")
                code.append("0.5 w " + " ".join(boxes) + " S")
            y = top - layout.header_height
            rule_ys = [top, y]
            # Body rows: one text block per row; x positions cached per column and text.
            body = ops.cached(size)
            for r in range(first, end):
                cells, h = layout.rows[r]
                row_texts = texts[r]
                ybase = f"{y - h / 2 - size * 0.355:.2f}"
                out = []
                for c, lines in enumerate(cells):
                    if lines is None:
                        text = row_texts[c]
                        if not text:
                            continue
                        x = x_left[c] if x_left[c] is not None else x_cache[c].get(text)
                        if x is None:
                            x = x_cache[c][text] = f"{x_of(text, c, size):.2f}"
                        out.append(f"1 0 0 1 {x} {ybase} Tm {body.get(text) or ops.ops(text, size)}")
                    else:
                        y0 = y - (h - len(lines) * leading) / 2 - leading + 2.5
                        for k, line in enumerate(lines):
                            out.append(f"1 0 0 1 {x_of(line, c, size):.2f} {y0 - k * leading:.2f} Tm "
                                       f"{ops.ops(line, size)}")
                if out:
                    if r >= bold_from:  # totals: fill and stroke the glyphs (the CJK font has no bold)
                        code.append("q 0.35 w BT 2 Tr " + " ".join(out) + " ET Q")
                    else:
                        code.append("BT " + " ".join(out) + " ET")
                y -= h
                rule_ys.append(y)
            # Grid: one path of horizontal and vertical rules.
            path_ops = [f"{MARGIN:.2f} {ry:.2f} m {xs[-1]:.2f} {ry:.2f} l" for ry in rule_ys]
            v_top = top if layout.group_cells is None else top - layout.header_height
            path_ops += [f"{x:.2f} {v_top:.2f} m {x:.2f} {y:.2f} l" for x in xs]
            code.append("0.5 w " + " ".join(path_ops) + " S")
            canv.setLineWidth(1.0)
            canv.rect(MARGIN, y, table_w, top - y, stroke=1, fill=0)
            canv.setLineWidth(0.5)
            if own_page == len(layout.pages) and roster.note:
                for k, line in enumerate(_wrap(roster.note, page_w - 2 * MARGIN, ops, SMALL_SIZE)):  # long notes wrap
                    text_at(MARGIN, y - SMALL_SIZE - 6 - k * (SMALL_SIZE + 3), line, SMALL_SIZE)
            # Foot.
            if roster.signature:
                parts = ["制表人：", "审核人：", "单位负责人（签字）："]
                slot = (page_w - 2 * MARGIN) / len(parts)
                for k, part in enumerate(parts):
                    x = MARGIN + k * slot
                    text_at(x, sig_y, part, SMALL_SIZE + 0.5)
                    x += width(part, SMALL_SIZE + 0.5) + 2
                    canv.line(x, sig_y - 2, min(x + 120, MARGIN + (k + 1) * slot - 16), sig_y - 2)
            page_text = f"第 {page_no} 页 / 共 {total_pages} 页"
            text_at((page_w - width(page_text, SMALL_SIZE)) / 2, foot_y, page_text, SMALL_SIZE)
            canv.showPage()
            done_rows += end - first
            if progress is not None and not progress(n // 2 + done_rows // 2, n):
                raise Cancelled()

    return len(layout.pages), draw


# ---------------------------------------------------------------------------------- Excel

def write_xlsx(roster: Roster, path: Path | str, progress: Optional[ProgressFn] = None) -> None:
    """Write ``roster`` as one worksheet: title and filter rows, a styled frozen header, the rows.

    Dates are written as dates (``yyyy-mm-dd``), numbers as numbers, so the sheet sorts and sums.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = list(roster.columns)
    if roster.numbered:
        columns.insert(0, RosterColumn("_no", "序号", "int", "center"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(roster.title))
    ws.freeze_panes = "B4" if roster.numbered else "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape" if roster.landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    # Widths: from the header and a sample of the values (CJK characters count double).
    sample = roster.rows[:500]
    for c, col in enumerate(columns):
        if col.key == "_no":
            chars = 5.0
        elif col.kind == "blank":
            chars = (col.width_em or 6) * 2
        else:
            idx = c - (1 if roster.numbered else 0)
            chars = max([_xl_len(col.header)] + [_xl_len(cell_text(r[idx], col.kind)) for r in sample])
            chars = min(max(chars + 2, 6), 50)
        ws.column_dimensions[get_column_letter(c + 1)].width = chars
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    title = WriteOnlyCell(ws, roster.title)
    title.font = Font(size=16, bold=True)
    ws.append([title])
    info = "　".join(p for p in (roster.filter_line, f"制表单位：{roster.unit}" if roster.unit else "",
                                 f"打印日期：{roster.printed.isoformat()}") if p)
    ws.append([info])
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, col.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        header.append(cell)
    ws.append(header)
    n = len(roster.rows)
    for i, raw in enumerate(roster.rows):
        values = ([i + 1] if roster.numbered else []) + list(raw)
        out = []
        for c, (v, col) in enumerate(zip(values, columns)):
            if col.kind == "blank":
                v = None
            elif isinstance(v, (date, datetime)):
                cell = WriteOnlyCell(ws, v)
                cell.number_format = "yyyy-mm-dd" if not isinstance(v, datetime) else "yyyy-mm-dd hh:mm"
                v = cell
            elif isinstance(v, bool):
                v = "是" if v else "否"
            out.append(v)
        ws.append(out)
        if progress is not None and i % 2000 == 1999 and not progress(i, n):
            raise Cancelled()
    if roster.note:
        ws.append([])
        ws.append([roster.note])
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    wb.save(str(tmp))
    tmp.replace(path)


def _xl_len(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _sheet_title(title: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join(ch for ch in title if ch not in bad)
    return (clean or "花名册")[:31]


def write(roster: Roster, path: Path | str, progress: Optional[ProgressFn] = None) -> Optional[int]:
    """Write a PDF or an Excel file by the suffix of ``path``; returns PDF page count (or None)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        pages = write_pdf(roster, path, progress)
        if roster.on_written is not None:
            roster.on_written(Path(path))
        return pages
    if suffix == ".xlsx":
        write_xlsx(roster, path, progress)
        if roster.on_written is not None:
            roster.on_written(Path(path))
        return None
    raise ValueError(f"不支持的文件类型“{suffix}”：请用 .pdf 或 .xlsx。")

"""Finding the header row and mapping columns to fields.

Officers' sheets have a title row or two (“织金县村级后备干部花名册”, a unit and date line), blank
rows, a 序号 column, sometimes a two-row header (a merged group label such as “任职情况” over
“职务 / 任职时间”, with the other headers merged down over both rows) and a row of column numbers
under the header. The header row is the row among the first 30 whose cells name the most fields
(any of each field's header names, compared without spaces, asterisks or “（必填）”); the row
above or below joins it when it names fields the first one does not, or when cells are merged
down across both.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence

from vcadre.domain.normalise import cell_text

if TYPE_CHECKING:
    from vcadre.services.imports.engine import Spec

#: Header names of columns that are never data: ignored with a note.
IGNORED_HEADERS = ("序号", "编号", "序", "顺序号", "no", "no.", "#", "行号")
_SCAN = 30


def hkey(text: Any) -> str:
    """Comparable form of a header: no whitespace, marks or (必填)-style notes, ASCII brackets."""
    t = "".join(cell_text(text).split())
    t = t.replace("（", "(").replace("）", ")").replace("＊", "*")
    t = re.sub(r"\((必填|选填|可选|必须填写|可不填)\)", "", t)
    t = t.strip("*").replace("：", "").replace(":", "")
    return t.casefold()


def alias_table(spec: "Spec") -> dict[str, str]:
    out: dict[str, str] = {}
    for f in spec.fields:
        for name in (f.label, *f.aliases):
            out.setdefault(hkey(name), f.key)
    return out


@dataclass
class Layout:
    header_row: int  # 0-based index of the (last) header row
    headers: list[str]  # one per column, as shown in the file (two-row headers joined)
    data_start: int  # 0-based index of the first data row
    header_rows: tuple[int, ...] = ()

    @property
    def signature(self) -> str:
        """Same header set → same signature (to remember a column mapping)."""
        keys = "\x1f".join(hkey(h) for h in self.headers)
        return hashlib.sha1(keys.encode("utf-8")).hexdigest()[:16]


def _texts(row: Sequence[Any]) -> list[str]:
    return [" ".join(cell_text(c).split()) for c in row]


def _score(texts: list[str], aliases: dict[str, str]) -> int:
    return len({aliases[k] for k in (hkey(t) for t in texts) if k in aliases})


def detect(rows: list[list[Any]], spec: "Spec",
           merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = ()) -> Layout:
    aliases = alias_table(spec)
    n = len(rows)
    best, best_score = -1, 0
    for i in range(min(n, _SCAN)):
        s = _score(_texts(rows[i]), aliases)
        if s > best_score:
            best, best_score = i, s
    if best < 0:  # nothing recognisable: the first non-empty row (the mapping step can fix it)
        best = next((i for i in range(n) if any(_texts(rows[i]))), 0)
    width = max((len(r) for r in rows[: min(n, best + 3)]), default=0)
    headers = _texts(rows[best]) + [""] * (width - len(rows[best]))
    used = [i for i in (best,)]
    for nb in (best - 1, best + 1):
        if not 0 <= nb < n:
            continue
        other = _texts(rows[nb]) + [""] * (width - len(rows[nb]))
        gains = [j for j in range(width) if hkey(other[j]) in aliases and hkey(headers[j]) not in aliases]
        lo, hi = min(best, nb), max(best, nb)
        vertical = any(r0 <= lo and r1 >= hi and r0 != r1 for (r0, _c0), (r1, _c1) in merged)
        if not gains and not vertical:
            continue
        if nb > best and not gains:
            continue  # a data row under cells merged down: never take values as headers
        for j in range(width):
            if j in gains or (not headers[j] and other[j] and nb < best):
                headers[j] = other[j]
            elif not headers[j] and other[j] and nb > best and hkey(other[j]) in aliases:
                headers[j] = other[j]
        used.append(nb)
    data_start = max(used) + 1
    # A row of column numbers (1, 2, 3 …) printed under the header.
    if data_start < n:
        nums = [c for c in _texts(rows[data_start]) if c]
        if len(nums) >= 3 and all(t.isdigit() for t in nums) and [int(t) for t in nums] == list(
                range(int(nums[0]), int(nums[0]) + len(nums))):
            data_start += 1
    return Layout(max(used), headers, data_start, tuple(sorted(used)))


@dataclass
class ColumnMap:
    """Column index → field key (None: ignored), with the notes shown to the user."""

    fields: dict[int, Optional[str]]
    notes: list[str] = field(default_factory=list)

    def column_of(self, key: str) -> Optional[int]:
        for j, k in self.fields.items():
            if k == key:
                return j
        return None


def column_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def auto_map(headers: list[str], spec: "Spec", override: Optional[dict[int, Optional[str]]] = None) -> ColumnMap:
    aliases = alias_table(spec)
    ignored = {hkey(h) for h in IGNORED_HEADERS}
    out: dict[int, Optional[str]] = {}
    notes: list[str] = []
    taken: dict[str, int] = {}
    labels = {f.key: f.label for f in spec.fields}
    for j, h in enumerate(headers):
        if override is not None and j in override:
            key = override[j]
            if key is not None and key in taken:
                key = None
            out[j] = key
            if key:
                taken[key] = j
            continue
        k = hkey(h)
        if not k:
            out[j] = None
            continue
        key = aliases.get(k)
        if key is None:
            out[j] = None
            if k not in ignored:
                notes.append(f"第 {column_letter(j)} 列“{h}”不是本表的字段，已忽略。")
            continue
        if key in taken:
            out[j] = None
            notes.append(f"第 {column_letter(j)} 列“{h}”与第 {column_letter(taken[key])} 列都是“{labels[key]}”，"
                         "只读取前一列。")
            continue
        out[j] = key
        taken[key] = j
    return ColumnMap(out, notes)

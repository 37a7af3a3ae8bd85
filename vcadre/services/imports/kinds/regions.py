"""行政区划 (统计用区划代码 list) → the county → township → village tree.

Accepts the official 12-digit list at every level (县 520524000000, 乡镇 520524100000, 村
520524100201), with or without the county row, with or without a 上级代码 column (the parent is
then read from the code: a village's first 9 digits, a township's first 6), with the NBS headers
(统计用区划代码, 城乡分类代码, 名称). Province and city rows are skipped. A code in 6-, 9- or 12-digit
form is the same region (520524100 = 520524100000), so an existing database with 9-digit township
codes gets no second 龙场镇: the code stays, a different name becomes the official one and the
change is listed in the preview. Official names keep their 村委会/居委会; every other sheet matches
them without (``domain.normalise.village_key``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain.normalise import cell_text, region_code_key, township_key, village_key
from vcadre.services.imports.bulk import Writer, preload
from vcadre.services.imports.engine import Field, ImportResult, Row, Spec
from vcadre.services.regions import _kind_of
from vcadre.store.models import Region

CODE = Field("code", "统计用区划代码", ("区划代码", "代码", "行政区划代码", "统计代码", "区划编码", "编码", "code"),
             required=True, width=16, help="12 位统计用区划代码；也可用 6 位（县）、9 位（乡镇）代码。")
NAME = Field("name", "名称", ("区划名称", "单位名称", "名字", "name", "村（社区）名称", "乡镇（街道）名称"), required=True,
             width=24, help="按官方名称填写，如“青山村委会”“龙场社区居委会”；其他表中写“青山村”也能对上。")
PARENT = Field("parent", "上级代码", ("上级区划代码", "上级", "parent_code", "parent", "父级代码"), width=16,
               help="可不填：按代码前几位自动确定上级。")
URBAN = Field("urban_rural", "城乡分类代码", ("城乡分类",), help="国家统计局的城乡分类代码；可不填，导入时不使用。")

LEVEL_NAMES = {"county": "县", "township": "乡镇（街道）", "village": "村（社区）"}


def level_of(key: str) -> Optional[str]:
    """Level of a 12-digit code: county / township / village, or None for province and city rows."""
    if key[9:] != "000":
        return "village"
    if key[6:9] != "000":
        return "township"
    if key[4:6] != "00":
        return "county"
    return None


def parent_key(key: str, level: str) -> Optional[str]:
    if level == "village":
        return key[:9] + "000"
    if level == "township":
        return key[:6] + "000000"
    return None


@dataclass
class RegionRow:
    row: int
    key: str
    code: str
    name: str
    level: str
    parent: Optional[str]  # 12-digit key
    existing: Optional[tuple] = None  # (id, code, name, level, parent id)
    rename: bool = False
    reparent: bool = False


@dataclass
class Ctx:
    session: Session
    today: date
    by_key: dict[str, tuple]
    by_id: dict[str, tuple]


class RegionsSpec(Spec):
    name = "regions"
    title = "行政区划"
    sheet = "行政区划"
    fields = (CODE, NAME, PARENT, URBAN)
    help_lines = (
        "每行一个县、乡镇（街道）或村（社区）；可直接使用国家统计局的统计用区划代码表（12 位代码、名称、城乡分类代码）。",
        "省、市两级的行会被跳过；文件中没有县这一行时，系统中须已有该县，或在表头上方的标题中写明县名（如“织金县统计用区划代码”）。",
        "代码的 6 位、9 位、12 位写法视为同一区划（520524100 与 520524100000 是同一个乡镇），不会重复建立；"
        "名称不同时改为本表的名称，并在预检中列出。",
    )
    example = ("520524100201", "青山村委会", "520524100000", "220")

    def __init__(self) -> None:
        self.county_name = ""

    def begin_file(self, preamble: list[str]) -> None:
        self.county_name = ""
        for line in preamble:
            m = re.search(r"([\u4e00-\u9fff]{1,12}?(?:自治县|县|区|市|旗))", line)
            if m:
                self.county_name = m.group(1)
                break

    def context(self, session: Session, today: date) -> Ctx:
        by_key: dict[str, tuple] = {}
        by_id: dict[str, tuple] = {}
        for rec in session.execute(select(Region.id, Region.code, Region.name, Region.level, Region.parent_id)
                                   .where(Region.deleted.is_(False))):
            rec = tuple(rec)
            by_id[rec[0]] = rec
            k = region_code_key(rec[1])
            if k:
                by_key[k] = rec
        return Ctx(session, today, by_key, by_id)

    def check(self, ctx: Ctx, row: Row) -> Optional[RegionRow]:
        raw = cell_text(row.values.get("code"))
        key = region_code_key(raw)
        name = "".join(cell_text(row.values.get("name")).split())
        if key is None:
            row.error("code", f"区划代码“{raw}”应为 6、9 或 12 位数字")
            return None
        if not name:
            row.error("name", "名称不能为空")
        level = level_of(key)
        if level is None:
            row.note("code", "省、市级的行不导入，已跳过")
            return "skip"  # type: ignore[return-value]
        parent = None
        if row.values.get("parent") is not None:
            parent = region_code_key(row.values.get("parent"))
            if parent is None:
                row.error("parent", f"上级代码“{cell_text(row.values.get('parent'))}”应为 6、9 或 12 位数字")
            elif level_of(parent) is None and level == "county":
                parent = None
        elif level != "county":
            parent = parent_key(key, level)
        if row.errors:
            return None
        code = "".join(raw.split())
        if code.endswith(".0"):
            code = code[:-2]
        return RegionRow(row.row, key, code, name, level, parent)

    def finish(self, ctx: Ctx, rows: list[tuple[Row, Any]]) -> None:
        live = [(row, r) for row, r in rows if isinstance(r, RegionRow)]
        in_file = {r.key: r for _row, r in live}
        seen: dict[str, int] = {}
        children_names: dict[tuple, tuple] = {}
        for rec in ctx.by_id.values():
            lvl = rec[3]
            keyf = village_key if lvl == "village" else township_key
            children_names[(rec[4], keyf(rec[2]))] = rec
        for row, r in live:
            if r.key in seen:
                row.error("code", f"区划代码与第 {seen[r.key]} 行相同（6、9、12 位写法视为同一代码）")
                continue
            seen[r.key] = row.row
            if r.parent:
                plevel = level_of(r.parent)
                parent_in_file = in_file.get(r.parent)
                parent_known = ctx.by_key.get(r.parent)
                if parent_in_file is None and parent_known is None:
                    if r.level == "township" and self.county_name:
                        pass  # the county is made from the title line
                    else:
                        where = "文件和系统中都没有" if r.level == "village" else "文件和系统中都没有县级行"
                        row.error("parent", f"上级区划（代码 {r.parent}）{where}：请在文件中加上这一行"
                                  + ("，或在标题中写明县名" if r.level == "township" else ""))
                        continue
                expected = {"village": "township", "township": "county"}.get(r.level)
                if plevel != expected and not (parent_known and parent_known[3] == expected):
                    row.error("parent", f"上级代码 {r.parent} 不是{LEVEL_NAMES.get(expected or '', '')}的代码")
                    continue
            old = ctx.by_key.get(r.key)
            if old is not None:
                r.existing = old
                if old[3] != r.level:
                    row.error("code", f"系统中代码 {old[1]} 是{LEVEL_NAMES[old[3]]}“{old[2]}”，本行却是{LEVEL_NAMES[r.level]}")
                    continue
                if old[2] != r.name:
                    r.rename = True
                    row.note("name", f"名称将由“{old[2]}”改为“{r.name}”（代码 {old[1]}）")
                if r.parent:
                    pold = ctx.by_key.get(r.parent)
                    if pold is not None and old[4] != pold[0]:
                        r.reparent = True
                        row.note("parent", f"上级将改为“{pold[2]}”")
                continue
            # A new code: is the same place already there under another code?
            pk = ctx.by_key.get(r.parent or "")
            keyf = village_key if r.level == "village" else township_key
            twin = children_names.get((pk[0] if pk else None, keyf(r.name)))
            if twin is not None and twin[3] == r.level and region_code_key(twin[1]) not in in_file:
                row.error("code", f"系统中已有{LEVEL_NAMES[r.level]}“{twin[2]}”（代码 {twin[1]}），与本行代码 {r.code} 不同："
                          "请核对是否为同一地方，统一代码后再导入")

    def write(self, session: Session, ctx: Ctx, records: list[Any]) -> ImportResult:
        w = Writer(session)
        res = ImportResult()
        ids = {k: rec[0] for k, rec in ctx.by_key.items()}
        regions = [r for r in records if isinstance(r, RegionRow)]
        order = {"county": 0, "township": 1, "village": 2}
        made_county = 0
        changed = preload(session, Region, [r.existing[0] for r in regions if r.existing and (r.rename or r.reparent)])
        for r in sorted(regions, key=lambda r: (order[r.level], r.key)):
            if r.parent and r.parent not in ids and r.level == "township" and self.county_name:
                ids[r.parent] = w.add(Region, code=r.parent[:6], name=self.county_name, level="county", kind=None,
                                      parent_id=None, needs_first_secretary=False)
                made_county += 1
            parent_id = ids.get(r.parent) if r.parent else None
            if r.existing:
                ids[r.key] = r.existing[0]
                if r.rename or r.reparent:
                    reg = changed[r.existing[0]]
                    if r.rename:
                        reg.name = r.name
                    if r.reparent and parent_id:
                        reg.parent_id = parent_id
                    res.updated += 1
                else:
                    res.unchanged += 1
                continue
            ids[r.key] = w.add(Region, code=r.code, name=r.name, level=r.level, kind=_kind_of(r.level, r.name),
                               parent_id=parent_id, needs_first_secretary=False)
            res.added += 1
        res.added += made_county
        w.flush()
        return res

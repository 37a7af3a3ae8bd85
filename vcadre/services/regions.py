"""Regions (行政区划): the county → township → village tree, and loading it from a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, aliased

from vcadre.store.models import Region
from vcadre.services.errors import FieldError, NotFoundError, ValidationError

LEVELS = ("county", "township", "village")


@dataclass(frozen=True)
class RegionNode:
    id: str
    code: str
    name: str
    level: str
    kind: Optional[str]
    child_count: int


def _live():
    return Region.deleted.is_(False)


def children(session: Session, parent_id: Optional[str]) -> list[RegionNode]:
    """Direct children of a region (top-level regions for ``None``), ordered by code."""
    child = aliased(Region)
    counts = (
        select(func.count(child.id))
        .where(child.parent_id == Region.id, child.deleted.is_(False))
        .scalar_subquery()
    )
    parent_cond = Region.parent_id.is_(None) if parent_id is None else Region.parent_id == parent_id
    stmt = select(Region.id, Region.code, Region.name, Region.level, Region.kind, counts).where(
        parent_cond, _live()
    ).order_by(Region.code)
    return [RegionNode(*r) for r in session.execute(stmt)]


def get_node(session: Session, region_id: str) -> RegionNode:
    r = session.get(Region, region_id)
    if r is None or r.deleted:
        raise NotFoundError("该行政区划不存在或已删除。")
    n = session.scalar(select(func.count()).where(Region.parent_id == r.id, _live())) or 0
    return RegionNode(r.id, r.code, r.name, r.level, r.kind, n)


def region_path(session: Session, region_id: Optional[str], sep: str = " / ") -> str:
    names: list[str] = []
    while region_id:
        r = session.get(Region, region_id)
        if r is None:
            break
        names.append(r.name)
        region_id = r.parent_id
    return sep.join(reversed(names))


def village_ids_under(region_id: str):
    """A SELECT of the ids of every village in (or equal to) ``region_id``, at any level.

    Three index lookups (itself, children, grandchildren) rather than an OR, so a township
    filter at province scale touches only that township's villages.
    """
    township = aliased(Region)
    return union(
        select(Region.id).where(Region.id == region_id, Region.level == "village"),
        select(Region.id).where(Region.parent_id == region_id, Region.level == "village"),
        select(Region.id)
        .join(township, Region.parent_id == township.id)
        .where(township.parent_id == region_id, Region.level == "village"),
    )


def village_choices(session: Session, text: str = "", limit: int = 50,
                    under: Optional[str] = None) -> list[tuple[str, str]]:
    """(id, "乡镇 / 村") pairs of live villages whose name or code contains ``text``."""
    township = aliased(Region)
    stmt = (
        select(Region.id, township.name, Region.name)
        .join(township, Region.parent_id == township.id)
        .where(Region.level == "village", _live())
        .order_by(Region.code)
        .limit(limit)
    )
    if text:
        like = f"%{text}%"
        stmt = stmt.where(Region.name.like(like) | township.name.like(like) | Region.code.like(f"{text}%"))
    if under:
        stmt = stmt.where(Region.id.in_(village_ids_under(under)))
    return [(rid, f"{t} / {v}") for rid, t, v in session.execute(stmt)]


def require_village(session: Session, village_id: Optional[str], field: str = "village_id") -> Region:
    v = session.get(Region, village_id) if village_id else None
    if v is None or v.deleted or v.level != "village":
        raise ValidationError(FieldError(field, "请选择一个有效的村（社区）。"))
    return v


# ---------------------------------------------------------------- import

@dataclass(frozen=True)
class RegionImportResult:
    added: int
    updated: int
    unchanged: int


def _kind_of(level: str, name: str) -> Optional[str]:
    if level == "township":
        if name.endswith("街道") or name.endswith("街道办事处"):
            return "subdistrict"
        return "town" if name.endswith("镇") else "township"
    if level == "village":
        return "community" if name.endswith("社区") or name.endswith("居委会") else "village"
    return None


def read_region_rows(path: Path) -> list[tuple[int, str, str, str]]:
    """Rows of (line number, code, name, parent code) of a region file (.xlsx/.xls/.csv), read
    by the import engine (title rows, NBS headers, 6/9/12-digit codes — see
    ``services.imports.kinds.regions``); kept for callers that hold rows."""
    from vcadre.domain.normalise import cell_text
    from vcadre.services.imports.engine import read_layout
    from vcadre.services.imports.kinds.regions import RegionsSpec
    from vcadre.services.imports.layout import auto_map

    spec = RegionsSpec()
    sheet, lay = read_layout(Path(path), spec)
    cmap = auto_map(lay.headers, spec)
    cols = [cmap.column_of(k) for k in ("code", "name", "parent")]
    if cols[0] is None or cols[1] is None:
        raise ValidationError(f"文件“{Path(path).name}”中找不到列：统计用区划代码（或 代码）、名称。")
    out = []
    for i, r in enumerate(sheet.rows[lay.data_start:], start=lay.data_start + 1):
        vals = [cell_text(r[j]) if j is not None and j < len(r) else "" for j in cols]
        if any(vals):
            out.append((i, *vals))
    return out


def _region_table(rows: list[tuple[int, str, str, str]]) -> list[list[str]]:
    table: list[list[str]] = [["代码", "名称", "上级代码"]]
    for line, code, name, parent in sorted(rows):
        while len(table) < line - 1:
            table.append(["", "", ""])
        table.append([code, name, parent])
    return table


def _region_preview(session: Session, rows: list[tuple[int, str, str, str]]):
    from vcadre.services.imports.engine import preview_rows
    from vcadre.services.imports.kinds.regions import RegionsSpec
    from vcadre.services.imports.layout import detect

    spec = RegionsSpec()
    table = _region_table(list(rows))
    return spec, preview_rows(session, spec, table, detect(table, spec))


def validate_region_rows(session: Session, rows: list[tuple[int, str, str, str]]) -> None:
    """Raise ``ValidationError`` listing every bad row (line and reason, in Chinese)."""
    _spec, preview = _region_preview(session, rows)
    if preview.errors:
        raise ValidationError([FieldError(e.field, f"第 {e.row} 行：{e.reason}") for e in preview.errors])


def import_regions(session: Session, rows: Iterable[tuple[int, str, str, str]]) -> RegionImportResult:
    """Add or rename regions from (line, code, name, parent code) rows; all or nothing, through
    the import engine's regions kind (the same checks as ``vcadre regions import``)."""
    from vcadre.services.imports.engine import apply

    spec, preview = _region_preview(session, list(rows))
    if preview.errors:
        raise ValidationError([FieldError(e.field, f"第 {e.row} 行：{e.reason}") for e in preview.errors])
    result = apply(session, spec, preview)
    return RegionImportResult(result.added, result.updated, result.unchanged)

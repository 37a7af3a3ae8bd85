"""Regions (行政区划): the county → township → village tree, and loading it from a file."""

from __future__ import annotations

import csv
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
    """Rows of (line number, code, name, parent code) from .xlsx or .csv; header row required.

    Columns are found by header: 代码/区划代码/code, 名称/name, 上级代码/parent/parent_code.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError(f"无法读取 Excel 文件“{path.name}”：{exc}") from exc
        ws = wb.worksheets[0]
        raw = [["" if c is None else str(c).strip() for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    elif suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_bytes().decode("gb18030")
        raw = [[c.strip() for c in row] for row in csv.reader(text.splitlines())]
    else:
        raise ValidationError(f"不支持的文件类型“{path.suffix}”：请使用 .xlsx 或 .csv 文件。")
    if not raw:
        raise ValidationError(f"文件“{path.name}”是空的。")
    header = [h.lower() for h in raw[0]]

    def col(*names: str) -> int:
        for n in names:
            if n in header:
                return header.index(n)
        raise ValidationError(f"文件“{path.name}”第 1 行缺少列：{names[0]}（表头应为 代码、名称、上级代码）。")

    ci, ni, pi = col("代码", "区划代码", "code"), col("名称", "name"), col("上级代码", "parent_code", "parent")
    rows = []
    for line, r in enumerate(raw[1:], start=2):
        if not any(r):
            continue
        get = lambda i: r[i] if i < len(r) else ""  # noqa: E731
        rows.append((line, get(ci), get(ni), get(pi)))
    return rows


def validate_region_rows(session: Session, rows: list[tuple[int, str, str, str]]) -> None:
    """Raise ``ValidationError`` listing every bad row (line and reason, in Chinese)."""
    errors: list[FieldError] = []
    existing = {r.code: r for r in session.scalars(select(Region).where(_live()))}
    seen: dict[str, int] = {}
    for line, code, name, parent in rows:
        where = f"第 {line} 行"
        if not code.isdigit() or len(code) not in (6, 9, 12):
            errors.append(FieldError("code", f"{where}：区划代码“{code}”应为 6、9 或 12 位数字。"))
        if not name:
            errors.append(FieldError("name", f"{where}：名称为空。"))
        if code in seen:
            errors.append(FieldError("code", f"{where}：区划代码“{code}”与第 {seen[code]} 行重复。"))
        seen.setdefault(code, line)
    codes_in_file = {c for _, c, _, _ in rows}
    for line, code, name, parent in rows:
        if parent and parent not in codes_in_file and parent not in existing:
            errors.append(FieldError("parent", f"第 {line} 行：上级代码“{parent}”不存在。"))
        if not parent and len(code) != 6:
            errors.append(FieldError("parent", f"第 {line} 行：乡镇和村必须填写上级代码。"))
    if errors:
        raise ValidationError(errors)


def import_regions(session: Session, rows: Iterable[tuple[int, str, str, str]]) -> RegionImportResult:
    """Add or rename regions from (line, code, name, parent code) rows; all or nothing.

    Every bad row is reported (line and reason, in Chinese) before anything is written.
    Needs the import permission (录入员, 管理员); the rows written are audited by the store.
    """
    from vcadre.services.security import Permission, require

    require(session, Permission.IMPORT)
    rows = list(rows)
    validate_region_rows(session, rows)
    existing = {r.code: r for r in session.scalars(select(Region).where(_live()))}
    added = updated = unchanged = 0
    by_code = dict(existing)
    # Parents before children: shorter codes first, then as given.
    for line, code, name, parent in sorted(rows, key=lambda r: (len(r[1]), r[0])):
        level = "county" if not parent else ("township" if by_code[parent].level == "county" else "village")
        r = by_code.get(code)
        if r is None:
            r = Region(code=code, name=name, level=level, kind=_kind_of(level, name),
                       parent_id=by_code[parent].id if parent else None)
            session.add(r)
            session.flush()
            by_code[code] = r
            added += 1
        elif r.name != name:
            r.name = name
            updated += 1
        else:
            unchanged += 1
    return RegionImportResult(added, updated, unchanged)

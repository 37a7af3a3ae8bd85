"""The team-structure report (村“两委”班子结构分析) on one day, by township and in total.

Three tables — the Party secretaries (村党组织书记), the committee directors (村（居）委会主任)
and all “两委” members — with, per township: villages, people, women, ethnic minorities, CPC
members, age bands, average age, education levels, the share with 大专及以上, 交叉任职 and 一肩挑;
and a fourth, the election targets checked village by village.

Definitions (one place; the tests' plain-SQL oracle restates them independently):

- **“两委” posts**: Party organisation (secretary, deputy secretary, committee member) and
  villagers'/residents' committee (director, deputy director, member). The supervision committee
  is not one of the two committees. A person is counted once per village, whatever posts they
  hold there; each table counts (village, person) pairs.
- **On post on day D**: the app's one rule, ``figures.live.post_held_on`` — the post, its holder,
  village and township live; ``start_date <= D <= end_date`` (the end date is the last day on
  post; open end: still held). So the figures agree with stats, rates and alerts.
- **Age**: by calendar, birthday reached or not (``figures.live.age_on`` / ``age_sql``). People without a birth date
  count in no band and not in the average; the report says how many.
- **Education**: the higher of full-time and in-service education, by the code table's level.
- **交叉任职**: the person holds a Party post and a committee post of the same village on D;
  **一肩挑**: the secretary is also the director (so the secretary and director tables agree, and
  both agree with ``stats``' one-shoulder villages).
- **Women**: gender code 2; **ethnic minority**: an ethnicity other than 01 汉族;
  **CPC member**: 中共党员 or 中共预备党员.

The counting is done in SQL, in one statement: the posts on D grouped into (village, person)
pairs, then summed per (township, secretary or not, director or not) for the tables and per
village for the targets — ~6,000 and ~16,000 rows at province scale, added up in Python. ``age_on`` and
``education_level`` state the same rules in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional, Sequence

from sqlalchemy import and_, case, false, func, literal, null, select, union_all
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services.errors import NotFoundError
from vcadre.services.figures import live
from vcadre.services.structure.settings import EDUCATION_LEVELS, StructureSettings, education_label
from vcadre.services.structure import settings as settings_mod
from vcadre.store.models import Person, Region, VillagePost

PARTY_POSTS = frozenset({"secretary", "deputy_secretary", "party_committee"})
COMMITTEE_POSTS = frozenset({"director", "deputy_director", "committee_member"})
TWO_COMMITTEE_POSTS = PARTY_POSTS | COMMITTEE_POSTS

#: The three tables: key, title, which (village, person) pairs belong.
GROUPS: tuple[tuple[str, str], ...] = (
    ("secretary", "村党组织书记"),
    ("director", "村（居）民委员会主任"),
    ("members", "村“两委”成员"),
)

_EDU_INDEX = {key: i for i, (key, _label) in enumerate(EDUCATION_LEVELS)}
COLLEGE_LEVELS = 3  #: the first three levels are 大专及以上


#: Calendar age (周岁) on a day — the app's one rule (``figures.live``), re-exported for callers.
age_on = live.age_on


def education_level(*codes: Optional[str]) -> Optional[int]:
    """Index in ``EDUCATION_LEVELS`` of the highest of the given education codes (None: none given)."""
    levels = [_level_of(c) for c in codes if c]
    levels = [lv for lv in levels if lv is not None]
    return min(levels) if levels else None


def _level_of(code: str) -> Optional[int]:
    head = code[:1]
    if head == "1":
        return 0
    if head == "2":
        return 1
    if head == "3":
        return 2
    if head in ("4", "5", "6"):
        return 3
    if head in ("7", "8", "9"):
        return 4
    return None


# ------------------------------------------------------------------------------------ data shape

@dataclass(frozen=True)
class FigureColumn:
    """One figure of a table: key, its header, the header of its group (merged above), kind."""

    key: str
    header: str
    group: str = ""
    kind: str = "int"  # int / float (average age) / percent


def figure_columns(cfg: StructureSettings) -> list[FigureColumn]:
    cols = [FigureColumn("villages", "村数"), FigureColumn("count", "人数"), FigureColumn("women", "女性"),
            FigureColumn("minority", "少数民族"), FigureColumn("cpc", "中共党员")]
    cols += [FigureColumn(f"age_{i}", label, "年龄") for i, label in enumerate(cfg.age_band_labels())]
    cols.append(FigureColumn("avg_age", "平均年龄", kind="float"))
    cols += [FigureColumn(f"edu_{i}", label, "学历") for i, (_k, label) in enumerate(EDUCATION_LEVELS)]
    cols += [FigureColumn("college_share", "大专及以上占比（%）", kind="percent"),
             FigureColumn("cross", "交叉任职"), FigureColumn("one_shoulder", "一肩挑")]
    return cols


TARGET_COLUMNS: tuple[FigureColumn, ...] = (
    FigureColumn("villages", "村数"),
    FigureColumn("no_secretary", "书记空缺", "未达标村数"),
    FigureColumn("no_woman", "无女性成员", "未达标村数"),
    FigureColumn("no_young", "无年轻成员", "未达标村数"),
    FigureColumn("secretary_education", "书记学历未达标", "未达标村数"),
    FigureColumn("college_share", "大专及以上占比未达标", "未达标村数"),
    FigureColumn("any", "至少一项未达标", "未达标村数"),
    FigureColumn("exceptions", "书记学历例外"),
)


@dataclass
class TableRow:
    """A township's figures (or the total's: ``township_id`` None, name 合计)."""

    township_id: Optional[str]
    code: str
    name: str
    values: dict[str, Any]
    #: People without a birth date / an education (not in the bands, not in the average).
    age_unknown: int = 0
    education_unknown: int = 0


@dataclass
class GroupTable:
    key: str
    title: str
    columns: list[FigureColumn]
    rows: list[TableRow]
    total: TableRow

    def note(self) -> str:
        parts = []
        if self.total.age_unknown:
            parts.append(f"{self.total.age_unknown} 人未填出生日期，不计入年龄段和平均年龄")
        if self.total.education_unknown:
            parts.append(f"{self.total.education_unknown} 人未填学历，不计入学历")
        return "；".join(parts) + ("。" if parts else "")


@dataclass(frozen=True)
class VillageMiss:
    """A village that misses at least one target, and what it misses (no personal data)."""

    township: str
    village_code: str
    village: str
    missing: tuple[str, ...]
    exception: str = ""  #: the stated reason when the secretary's education is excepted


@dataclass
class TargetsTable:
    columns: list[FigureColumn]
    rows: list[TableRow]
    total: TableRow
    misses: list[VillageMiss] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  #: the targets as checked, in words


@dataclass
class StructureReport:
    as_of: date
    scope: str  #: name of the township in scope, "" for the whole county
    county: str
    settings: StructureSettings
    groups: list[GroupTable]
    targets: TargetsTable

    def group(self, key: str) -> GroupTable:
        return next(g for g in self.groups if g.key == key)

    def as_dict(self) -> dict[str, Any]:
        def row(r: TableRow) -> dict[str, Any]:
            return {"township": r.name, "code": r.code, **r.values}

        return {
            "as_of": self.as_of.isoformat(), "scope": self.scope, "county": self.county,
            "settings": self.settings.as_dict(),
            "groups": {g.key: {"title": g.title, "townships": [row(r) for r in g.rows], "total": row(g.total),
                               "age_unknown": g.total.age_unknown, "education_unknown": g.total.education_unknown}
                       for g in self.groups},
            "targets": {"rules": self.targets.rules, "townships": [row(r) for r in self.targets.rows],
                        "total": row(self.targets.total),
                        "villages": [{"township": m.township, "code": m.village_code, "village": m.village,
                                      "missing": list(m.missing), "exception": m.exception}
                                     for m in self.targets.misses]},
        }


# ------------------------------------------------------------------------------------ queries

def _level_sql(code: Any) -> Any:
    """Index in ``EDUCATION_LEVELS`` of one education code, by its first digit (see ``_level_of``)."""
    head = func.substr(code, 1, 1)
    return case((head == "1", 0), (head == "2", 1), (head == "3", 2), (head.in_(("4", "5", "6")), 3),
                (head.in_(("7", "8", "9")), 4), else_=None)


def _highest_sql(a: Any, b: Any) -> Any:
    la, lb = _level_sql(a), _level_sql(b)
    return case((la.is_(None), lb), (lb.is_(None), la), (la < lb, la), else_=lb)


def _post_on(vp: Any, as_of: date) -> Any:
    """A “两委” post held on ``as_of``, by the app's one rule (``figures.live.post_held_on``: the
    row, its holder, village and township live; the day inside its dates, last day included)."""
    return live.post_held_on(vp, as_of, kind=sorted(TWO_COMMITTEE_POSTS))


def _members(as_of: date, township_id: Optional[str], dialect: str = "sqlite") -> Any:
    """Subquery: one row per (village, person) on post on ``as_of``, with the posts' flags and the
    person's derived fields (woman, minority, cpc, age, education level)."""
    vp = aliased(VillagePost, name="p")
    village = aliased(Region, name="v")
    pairs = (
        select(village.parent_id.label("tid"), vp.village_id.label("vid"), vp.person_id.label("pid"),
               func.max(case((vp.post == "secretary", 1), else_=0)).label("is_sec"),
               func.max(case((vp.post == "director", 1), else_=0)).label("is_dir"),
               func.max(case((vp.post.in_(sorted(PARTY_POSTS)), 1), else_=0)).label("party"),
               func.max(case((vp.post.in_(sorted(COMMITTEE_POSTS)), 1), else_=0)).label("comm"))
        .join(village, village.id == vp.village_id)  # for its township; liveness is _post_on's
        .where(_post_on(vp, as_of))
        .group_by(village.parent_id, vp.village_id, vp.person_id)
    )
    if township_id is not None:
        pairs = pairs.where(village.parent_id == township_id)
    pairs = pairs.subquery("pairs")
    x = aliased(Person, name="x")
    stmt = (
        select(pairs.c.tid, pairs.c.vid, pairs.c.is_sec, pairs.c.is_dir,
               case((and_(pairs.c.party == 1, pairs.c.comm == 1), 1), else_=0).label("cross_"),
               case((x.gender == "2", 1), else_=0).label("woman"),
               case((and_(x.ethnicity.is_not(None), x.ethnicity != "01"), 1), else_=0).label("minority"),
               case((x.political_status.in_(("01", "02")), 1), else_=0).label("cpc"),
               live.age_sql(x.birth_date, as_of).label("age"),
               _highest_sql(x.education, x.education_inservice).label("edu"))
        .join(x, and_(x.id == pairs.c.pid, x.deleted == false()))
    )
    # Computed once and read by both sums (SQLite would otherwise inline it and work out the age
    # and education CASEs once per reference: twice the time at province scale).
    cte = stmt.cte("m")
    return cte.prefix_with("MATERIALIZED") if _materialize_ok(dialect) else cte


def _materialize_ok(dialect: str) -> bool:
    """``AS MATERIALIZED``: PostgreSQL 12+, SQLite 3.35+."""
    if dialect == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return dialect == "postgresql"


def _sum(cond: Any) -> Any:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _figures(session: Session, m: Any, bounds: tuple[int, ...], young_age: int) -> tuple[list[tuple], dict[str, tuple]]:
    """One statement, two sums over the members ``m``:

    - per (township, is secretary, is director): count, women, minorities, CPC, age sum, ages
      known, each education level, education unknown, 交叉任职, 一肩挑, each age band (additive,
      so the tables add them up);
    - per village: has a secretary, women, members aged ``young_age`` or under, the worst
      secretary education level (99: not given), members with 大专及以上, members.
    """
    edges = [None, *bounds, None]
    bands = []
    for lo, hi in zip(edges, edges[1:]):
        cond = [m.c.age.is_not(None)]
        if lo is not None:
            cond.append(m.c.age > lo)
        if hi is not None:
            cond.append(m.c.age <= hi)
        bands.append(_sum(and_(*cond)))
    townships = select(
        literal("t").label("kind"), m.c.tid.label("key"), m.c.is_sec, m.c.is_dir, func.count(),
        func.sum(m.c.woman), func.sum(m.c.minority), func.sum(m.c.cpc), func.coalesce(func.sum(m.c.age), 0),
        func.count(m.c.age), *[_sum(m.c.edu == i) for i in range(len(EDUCATION_LEVELS))],
        _sum(m.c.edu.is_(None)), func.sum(m.c.cross_), _sum(and_(m.c.is_sec == 1, m.c.is_dir == 1)), *bands,
    ).group_by(m.c.tid, m.c.is_sec, m.c.is_dir)
    width = len(townships.selected_columns)
    villages = select(
        literal("v"), m.c.vid, func.max(m.c.is_sec), null(), func.sum(m.c.woman), _sum(m.c.age <= young_age),
        func.max(case((m.c.is_sec == 1, func.coalesce(m.c.edu, 99)), else_=None)),
        _sum(m.c.edu < COLLEGE_LEVELS), func.count(),
    ).group_by(m.c.vid)
    villages = villages.add_columns(*[null()] * (width - len(villages.selected_columns)))
    by_township: list[tuple] = []
    by_village: dict[str, tuple] = {}
    for row in session.execute(union_all(townships, villages)):
        if row[0] == "t":
            by_township.append(tuple(row[1:]))
        else:
            by_village[row[1]] = (row[2], *row[4:9])
    return by_township, by_village


@dataclass(frozen=True)
class _Township:
    id: str
    code: str
    name: str


@dataclass(frozen=True)
class _Village:
    id: str
    code: str
    name: str
    township_id: str


def _scope(session: Session, township_id: Optional[str]) -> tuple[list[_Township], list[_Village], str, str]:
    """(townships, villages, scope name, county name) in scope, in code order."""
    county = session.scalar(select(Region.name).where(
        Region.level == "county", Region.deleted == false()).order_by(Region.code).limit(1)) or ""
    t = aliased(Region, name="t")
    stmt = select(t.id, t.code, t.name).where(t.level == "township", t.deleted == false()).order_by(t.code)
    scope = ""
    if township_id is not None:
        region = session.get(Region, township_id)
        if region is None or region.deleted or region.level != "township":
            raise NotFoundError("所选乡镇（街道）不存在或已删除。")
        stmt = stmt.where(t.id == township_id)
        scope = region.name
    townships = [_Township(*r) for r in session.execute(stmt)]
    v = aliased(Region, name="v")
    vstmt = (select(v.id, v.code, v.name, v.parent_id)
             .join(t, t.id == v.parent_id)
             .where(v.level == "village", v.deleted == false(), t.level == "township", t.deleted == false())
             .order_by(v.code))
    if township_id is not None:
        vstmt = vstmt.where(t.id == township_id)
    villages = [_Village(*r) for r in session.execute(vstmt)]
    return townships, villages, scope, county


# ------------------------------------------------------------------------------------ the report

class _Acc:
    """Running figures of one table row: the SQL groups' additive figures summed, in the order of
    :func:`_figures` — n, women, minority, cpc, age sum, ages known, each education level,
    education unknown, cross, one-shoulder, each age band."""

    __slots__ = ("v",)

    def __init__(self, width: int) -> None:
        self.v = [0] * width

    def add_row(self, row: Sequence[Any]) -> None:
        self.v = [a + int(b or 0) for a, b in zip(self.v, row)]

    def merge(self, other: "_Acc") -> None:
        self.v = [a + b for a, b in zip(self.v, other.v)]

    @property
    def n(self) -> int:
        return self.v[0]

    @property
    def age_known(self) -> int:
        return self.v[5]

    @property
    def edu_unknown(self) -> int:
        return self.v[6 + len(EDUCATION_LEVELS)]

    def values(self, villages: int) -> dict[str, Any]:
        n_edu = len(EDUCATION_LEVELS)
        n, women, minority, cpc, age_sum, age_known = self.v[:6]
        edu = self.v[6:6 + n_edu]
        cross, one = self.v[7 + n_edu], self.v[8 + n_edu]
        ages = self.v[9 + n_edu:]
        out: dict[str, Any] = {"villages": villages, "count": n, "women": women, "minority": minority, "cpc": cpc}
        out.update({f"age_{i}": k for i, k in enumerate(ages)})
        out["avg_age"] = round(age_sum / age_known, 1) if age_known else None
        out.update({f"edu_{i}": k for i, k in enumerate(edu)})
        out["college_share"] = round(100 * sum(edu[:COLLEGE_LEVELS]) / n, 1) if n else None
        out["cross"] = cross
        out["one_shoulder"] = one
        return out


def build(session: Session, as_of: Optional[date] = None, township_id: Optional[str] = None,
          cfg: Optional[StructureSettings] = None) -> StructureReport:
    """The report on ``as_of`` (default today) for the county or one township."""
    as_of = as_of or clock.today()
    cfg = cfg or settings_mod.load(session)
    townships, villages, scope, county = _scope(session, township_id)
    bounds = tuple(cfg.age_bands)
    width = 9 + len(EDUCATION_LEVELS) + len(bounds) + 1  # the additive figures of ``_figures``
    villages_by_township: dict[str, int] = {}
    for v in villages:
        villages_by_township[v.township_id] = villages_by_township.get(v.township_id, 0) + 1
    m = _members(as_of, township_id, session.get_bind().dialect.name)
    by_township, by_village = _figures(session, m, bounds, cfg.young_age)
    accs = {g: {t.id: _Acc(width) for t in townships} for g, _ in GROUPS}
    for tid, is_sec, is_dir, *figures in by_township:
        if tid not in accs["members"]:
            continue
        accs["members"][tid].add_row(figures)
        if is_sec:
            accs["secretary"][tid].add_row(figures)
        if is_dir:
            accs["director"][tid].add_row(figures)
    columns = figure_columns(cfg)
    groups = []
    for g, title in GROUPS:
        rows, total_acc = [], _Acc(width)
        for t in townships:
            acc = accs[g][t.id]
            total_acc.merge(acc)
            rows.append(TableRow(t.id, t.code, t.name, acc.values(villages_by_township.get(t.id, 0)),
                                 acc.n - acc.age_known, acc.edu_unknown))
        total = TableRow(None, "", "合计", total_acc.values(len(villages)),
                         total_acc.n - total_acc.age_known, total_acc.edu_unknown)
        groups.append(GroupTable(g, title, columns, rows, total))
    targets = _targets(townships, villages, by_village, cfg)
    return StructureReport(as_of, scope, county, cfg, groups, targets)


def target_rules(cfg: StructureSettings) -> list[str]:
    rules = [f"“两委”成员中至少有 {cfg.min_women} 名女性", f"至少有 {cfg.min_young} 名 {cfg.young_age} 岁及以下成员",
             f"村党组织书记学历为{education_label(cfg.secretary_education)}及以上（或写明例外）"]
    if cfg.college_share_min > 0:
        rules.append(f"“两委”成员中大专及以上学历占比不低于 {cfg.college_share_min:g}%")
    return rules


def _targets(townships: list[_Township], villages: list[_Village], figures: dict[str, tuple],
             cfg: StructureSettings) -> TargetsTable:
    names = {t.id: t.name for t in townships}
    need_edu = _EDU_INDEX[cfg.secretary_education]
    need_label = education_label(cfg.secretary_education)
    keys = [c.key for c in TARGET_COLUMNS]
    counts = {t.id: dict.fromkeys(keys, 0) for t in townships}
    misses: list[VillageMiss] = []
    for v in villages:
        has_sec, women, young, sec_edu, college, size = figures.get(v.id, (0, 0, 0, None, 0, 0))
        women, young, college, size = int(women or 0), int(young or 0), int(college or 0), int(size or 0)
        row = counts[v.township_id]
        row["villages"] += 1
        missing: list[str] = []
        exception = cfg.exceptions.get(v.code, "")
        if not has_sec:
            missing.append("书记空缺")
            row["no_secretary"] += 1
        if women < cfg.min_women:
            missing.append(f"女性成员 {women} 名（应至少 {cfg.min_women} 名）" if cfg.min_women > 1 else "无女性成员")
            row["no_woman"] += 1
        if young < cfg.min_young:
            missing.append(f"{cfg.young_age} 岁及以下成员 {young} 名（应至少 {cfg.min_young} 名）"
                           if cfg.min_young > 1 else f"无 {cfg.young_age} 岁及以下成员")
            row["no_young"] += 1
        low = has_sec and sec_edu is not None and int(sec_edu) > need_edu
        if low:
            if exception:
                row["exceptions"] += 1
            else:
                had = "未填学历" if int(sec_edu) >= len(EDUCATION_LEVELS) else f"学历为{EDUCATION_LEVELS[int(sec_edu)][1]}"
                missing.append(f"书记{had}（应为{need_label}及以上）")
                row["secretary_education"] += 1
        if cfg.college_share_min > 0:
            share = 100 * college / size if size else 0.0
            if share < cfg.college_share_min:
                missing.append(f"大专及以上占比 {share:.1f}%（应不低于 {cfg.college_share_min:g}%）")
                row["college_share"] += 1
        if missing:
            row["any"] += 1
            misses.append(VillageMiss(names[v.township_id], v.code, v.name, tuple(missing),
                                      exception if low and exception else ""))
    rows = [TableRow(t.id, t.code, t.name, counts[t.id]) for t in townships]
    total = TableRow(None, "", "合计", {k: sum(r.values[k] for r in rows) for k in keys})
    return TargetsTable(list(TARGET_COLUMNS), rows, total, misses, target_rules(cfg))

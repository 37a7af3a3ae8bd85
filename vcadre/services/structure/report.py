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
- **On post on day D**: the post and its holder live (not tombstoned), and the village and its
  township live; ``start_date <= D`` and (no ``end_date`` or ``end_date >= D``: the end date is
  the last day on post). See :func:`live_posts`.
- **Age**: by calendar, birthday reached or not (:func:`age_on`). People without a birth date
  count in no band and not in the average; the report says how many.
- **Education**: the higher of full-time and in-service education, by the code table's level.
- **交叉任职**: the person holds a Party post and a committee post of the same village on D;
  **一肩挑**: the secretary is also the director (so the secretary and director tables agree, and
  both agree with ``stats``' one-shoulder villages).
- **Women**: gender code 2; **ethnic minority**: an ethnicity other than 01 汉族;
  **CPC member**: 中共党员 or 中共预备党员.

Everything is one query of the posts on D (plus the townships and villages in scope) and a pass
in Python: ~130,000 rows at province scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional, Sequence

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain.codes import is_party_member
from vcadre.services.errors import NotFoundError
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


def age_on(birth: Optional[date], day: date) -> Optional[int]:
    """Age in whole years on ``day``: the birthday of that year reached or not (29 Feb: 1 Mar)."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


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

@dataclass(frozen=True)
class PostHolder:
    """A live “两委” post on D with what the report needs of its holder."""

    township_id: str
    village_id: str
    person_id: str
    post: str
    gender: Optional[str]
    ethnicity: Optional[str]
    birth_date: Optional[date]
    education: Optional[str]
    education_inservice: Optional[str]
    political_status: Optional[str]


def live_posts(session: Session, as_of: date, township_ids: Optional[Sequence[str]] = None) -> list[PostHolder]:
    """Every “两委” post on post on ``as_of`` (see the module docstring), with its holder's fields.

    The liveness rule here is the app's: a post, its person, village and township all live, the
    day inside ``[start_date, end_date]``.
    """
    vp, person = VillagePost, Person
    village, township = aliased(Region, name="v"), aliased(Region, name="t")
    stmt = (
        select(township.id, vp.village_id, vp.person_id, vp.post, person.gender, person.ethnicity,
               person.birth_date, person.education, person.education_inservice, person.political_status)
        .join(person, person.id == vp.person_id)
        .join(village, village.id == vp.village_id)
        .join(township, township.id == village.parent_id)
        .where(
            vp.post.in_(sorted(TWO_COMMITTEE_POSTS)), vp.deleted == false(),
            vp.start_date <= as_of, or_(vp.end_date.is_(None), vp.end_date >= as_of),
            person.deleted == false(),
            village.deleted == false(), village.level == "village",
            township.deleted == false(),
        )
    )
    if township_ids is not None:
        stmt = stmt.where(township.id.in_(list(township_ids)))
    return [PostHolder(*r) for r in session.execute(stmt)]


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

@dataclass
class _Member:
    """One (village, person) pair on D: the posts held and the person's derived fields."""

    township_id: str
    village_id: str
    posts: set[str]
    woman: bool
    minority: bool
    cpc: bool
    age: Optional[int]
    education: Optional[int]


class _Acc:
    """Running figures of one table row."""

    __slots__ = ("n", "women", "minority", "cpc", "ages", "age_sum", "age_known", "edu", "edu_unknown",
                 "cross", "one_shoulder")

    def __init__(self, bands: int) -> None:
        self.n = self.women = self.minority = self.cpc = 0
        self.ages = [0] * bands
        self.age_sum = self.age_known = 0
        self.edu = [0] * len(EDUCATION_LEVELS)
        self.edu_unknown = 0
        self.cross = self.one_shoulder = 0

    def add(self, m: _Member, band: Optional[int]) -> None:
        self.n += 1
        self.women += m.woman
        self.minority += m.minority
        self.cpc += m.cpc
        if band is not None:
            self.ages[band] += 1
            self.age_sum += m.age
            self.age_known += 1
        if m.education is None:
            self.edu_unknown += 1
        else:
            self.edu[m.education] += 1
        self.cross += bool(m.posts & PARTY_POSTS) and bool(m.posts & COMMITTEE_POSTS)
        self.one_shoulder += "secretary" in m.posts and "director" in m.posts

    def merge(self, other: "_Acc") -> None:
        for name in ("n", "women", "minority", "cpc", "age_sum", "age_known", "edu_unknown", "cross", "one_shoulder"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ages = [a + b for a, b in zip(self.ages, other.ages)]
        self.edu = [a + b for a, b in zip(self.edu, other.edu)]

    def values(self, villages: int) -> dict[str, Any]:
        out: dict[str, Any] = {"villages": villages, "count": self.n, "women": self.women,
                               "minority": self.minority, "cpc": self.cpc}
        out.update({f"age_{i}": k for i, k in enumerate(self.ages)})
        out["avg_age"] = round(self.age_sum / self.age_known, 1) if self.age_known else None
        out.update({f"edu_{i}": k for i, k in enumerate(self.edu)})
        college = sum(self.edu[:COLLEGE_LEVELS])
        out["college_share"] = round(100 * college / self.n, 1) if self.n else None
        out["cross"] = self.cross
        out["one_shoulder"] = self.one_shoulder
        return out


def _band(age: Optional[int], bounds: tuple[int, ...]) -> Optional[int]:
    if age is None:
        return None
    for i, upper in enumerate(bounds):
        if age <= upper:
            return i
    return len(bounds)


def members_on(holders: Iterable[PostHolder], as_of: date) -> dict[tuple[str, str], _Member]:
    """(village, person) → the pair's posts and derived fields."""
    out: dict[tuple[str, str], _Member] = {}
    for h in holders:
        key = (h.village_id, h.person_id)
        m = out.get(key)
        if m is None:
            out[key] = _Member(
                h.township_id, h.village_id, {h.post}, h.gender == "2",
                h.ethnicity is not None and h.ethnicity != "01", is_party_member(h.political_status),
                age_on(h.birth_date, as_of), education_level(h.education, h.education_inservice))
        else:
            m.posts.add(h.post)
    return out


def build(session: Session, as_of: Optional[date] = None, township_id: Optional[str] = None,
          cfg: Optional[StructureSettings] = None) -> StructureReport:
    """The report on ``as_of`` (default today) for the county or one township."""
    as_of = as_of or clock.today()
    cfg = cfg or settings_mod.load(session)
    townships, villages, scope, county = _scope(session, township_id)
    holders = live_posts(session, as_of, [t.id for t in townships] if township_id else None)
    members = members_on(holders, as_of)
    bounds = tuple(cfg.age_bands)
    n_bands = len(bounds) + 1
    villages_by_township: dict[str, int] = {}
    for v in villages:
        villages_by_township[v.township_id] = villages_by_township.get(v.township_id, 0) + 1

    def belongs(group: str, m: _Member) -> bool:
        return group == "members" or group in m.posts

    accs = {g: {t.id: _Acc(n_bands) for t in townships} for g, _ in GROUPS}
    for m in members.values():
        band = _band(m.age, bounds)
        for g, _title in GROUPS:
            if belongs(g, m) and m.township_id in accs[g]:
                accs[g][m.township_id].add(m, band)
    columns = figure_columns(cfg)
    groups = []
    for g, title in GROUPS:
        rows, total_acc = [], _Acc(n_bands)
        for t in townships:
            acc = accs[g][t.id]
            total_acc.merge(acc)
            rows.append(TableRow(t.id, t.code, t.name, acc.values(villages_by_township.get(t.id, 0)),
                                 acc.n - acc.age_known, acc.edu_unknown))
        total = TableRow(None, "", "合计", total_acc.values(len(villages)),
                         total_acc.n - total_acc.age_known, total_acc.edu_unknown)
        groups.append(GroupTable(g, title, columns, rows, total))
    targets = _targets(townships, villages, members, cfg)
    return StructureReport(as_of, scope, county, cfg, groups, targets)


def target_rules(cfg: StructureSettings) -> list[str]:
    rules = [f"“两委”成员中至少有 {cfg.min_women} 名女性", f"至少有 {cfg.min_young} 名 {cfg.young_age} 岁及以下成员",
             f"村党组织书记学历为{education_label(cfg.secretary_education)}及以上（或写明例外）"]
    if cfg.college_share_min > 0:
        rules.append(f"“两委”成员中大专及以上学历占比不低于 {cfg.college_share_min:g}%")
    return rules


def _targets(townships: list[_Township], villages: list[_Village], members: dict[tuple[str, str], _Member],
             cfg: StructureSettings) -> TargetsTable:
    by_village: dict[str, list[_Member]] = {}
    for m in members.values():
        by_village.setdefault(m.village_id, []).append(m)
    names = {t.id: t.name for t in townships}
    need_edu = _EDU_INDEX[cfg.secretary_education]
    keys = [c.key for c in TARGET_COLUMNS]
    counts = {t.id: dict.fromkeys(keys, 0) for t in townships}
    misses: list[VillageMiss] = []
    for v in villages:
        team = by_village.get(v.id, [])
        row = counts[v.township_id]
        row["villages"] += 1
        missing: list[str] = []
        secretaries = [m for m in team if "secretary" in m.posts]
        exception = cfg.exceptions.get(v.code, "")
        if not secretaries:
            missing.append("书记空缺")
            row["no_secretary"] += 1
        women = sum(m.woman for m in team)
        if women < cfg.min_women:
            missing.append(f"女性成员 {women} 名（应至少 {cfg.min_women} 名）" if cfg.min_women > 1 else "无女性成员")
            row["no_woman"] += 1
        young = sum(m.age is not None and m.age <= cfg.young_age for m in team)
        if young < cfg.min_young:
            missing.append(f"{cfg.young_age} 岁及以下成员 {young} 名（应至少 {cfg.min_young} 名）"
                           if cfg.min_young > 1 else f"无 {cfg.young_age} 岁及以下成员")
            row["no_young"] += 1
        low = [m for m in secretaries if m.education is None or m.education > need_edu]
        if low:
            if exception:
                row["exceptions"] += 1
            else:
                level = low[0].education
                had = "未填学历" if level is None else f"学历为{EDUCATION_LEVELS[level][1]}"
                missing.append(f"书记{had}（应为{education_label(cfg.secretary_education)}及以上）")
                row["secretary_education"] += 1
        if cfg.college_share_min > 0:
            share = 100 * sum(m.education is not None and m.education < COLLEGE_LEVELS for m in team) / len(team) \
                if team else 0.0
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

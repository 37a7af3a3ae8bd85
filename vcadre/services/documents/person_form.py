"""One person as the cadre forms see them (干部表格字段) — the single person-to-form mapping that
the personal record form (人员信息表), the printed 干部任免审批表 and the .lrmx exchange file share.

Field names are the .lrmx XML tags (as the national 任免审批表 software, rmb_helper and OWIP
write them). Each tag's value comes from, in order:

1. the person record (``PERSON_TAGS``: name, gender, birth, ethnicity, 籍贯, party and work dates,
   education, ID number, 政治面貌);
2. a stored form detail (``person_detail``, e.g. 出生地, 学位, 毕业院校, 简历, 奖惩 — what a .lrmx
   brought that the record has no column for, or an override of a derived value);
3. a value derived from the records (``DERIVED``): 现任职务 from the village posts held and the
   posting on duty today, 简历 from all posts and postings, 年度考核结果 from the assessments.

Dates are written as the forms write them: ``YYYYMM`` (计算年龄时间 ``YYYYMMDD``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.domain import codes, idnumber
from vcadre.services.errors import NotFoundError
from vcadre.store.models import (
    Assessment,
    Dispatch,
    FamilyMember,
    Person,
    PersonDetail,
    Region,
    ReserveEntry,
    VillagePost,
)

#: Tags in the order the .lrmx files have them (JiaTingChengYuan, ZhaoPian, Version are special).
ORDER = (
    "XingMing", "XingBie", "ChuShengNianYue", "MinZu", "JiGuan", "ChuShengDi", "RuDangShiJian",
    "CanJiaGongZuoShiJian", "JianKangZhuangKuang", "ZhuanYeJiShuZhiWu", "ShuXiZhuanYeYouHeZhuanChang",
    "ZhengZhiMianMao",
    "QuanRiZhiJiaoYu_XueLi", "QuanRiZhiJiaoYu_XueWei", "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "ZaiZhiJiaoYu_XueLi", "ZaiZhiJiaoYu_XueWei",
    "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi",
    "XianRenZhiWu", "NiRenZhiWu", "NiMianZhiWu", "JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo",
    "RenMianLiYou", "JiaTingChengYuan", "ChengBaoDanWei", "JiSuanNianLingShiJian", "TianBiaoShiJian",
    "TianBiaoRen", "ShenFenZheng", "ZhaoPian", "DaoLingNianYue", "GaiGeQianRenZhiNianLingJieXian", "Version",
)

LABELS = {
    "XingMing": "姓名", "XingBie": "性别", "ChuShengNianYue": "出生年月", "MinZu": "民族", "JiGuan": "籍贯",
    "ChuShengDi": "出生地", "RuDangShiJian": "入党时间", "CanJiaGongZuoShiJian": "参加工作时间",
    "JianKangZhuangKuang": "健康状况", "ZhuanYeJiShuZhiWu": "专业技术职务",
    "ShuXiZhuanYeYouHeZhuanChang": "熟悉专业有何专长", "ZhengZhiMianMao": "政治面貌",
    "QuanRiZhiJiaoYu_XueLi": "全日制教育学历", "QuanRiZhiJiaoYu_XueWei": "全日制教育学位",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "全日制教育毕业院校系及专业",
    "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "全日制教育学位授予院校",
    "ZaiZhiJiaoYu_XueLi": "在职教育学历", "ZaiZhiJiaoYu_XueWei": "在职教育学位",
    "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "在职教育毕业院校系及专业",
    "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "在职教育学位授予院校",
    "XianRenZhiWu": "现任职务", "NiRenZhiWu": "拟任职务", "NiMianZhiWu": "拟免职务", "JianLi": "简历",
    "JiangChengQingKuang": "奖惩情况", "NianDuKaoHeJieGuo": "年度考核结果", "RenMianLiYou": "任免理由",
    "JiaTingChengYuan": "家庭主要成员及重要社会关系", "ChengBaoDanWei": "呈报单位",
    "JiSuanNianLingShiJian": "计算年龄时间", "TianBiaoShiJian": "填表时间", "TianBiaoRen": "填表人",
    "ShenFenZheng": "身份证号码", "ZhaoPian": "照片", "DaoLingNianYue": "到龄年月",
    "GaiGeQianRenZhiNianLingJieXian": "改革前任职年龄界限", "Version": "版本",
}

#: Tag → person column.
PERSON_TAGS = {
    "XingMing": "name", "XingBie": "gender", "ChuShengNianYue": "birth_date", "MinZu": "ethnicity",
    "JiGuan": "native_place", "RuDangShiJian": "party_join_date", "CanJiaGongZuoShiJian": "work_start_date",
    "ZhengZhiMianMao": "political_status", "QuanRiZhiJiaoYu_XueLi": "education",
    "ZaiZhiJiaoYu_XueLi": "education_inservice", "ShenFenZheng": "id_number",
}
#: Person columns holding codes, with their code table.
CODED = {"gender": codes.GENDER, "ethnicity": codes.ETHNICITY, "political_status": codes.POLITICAL_STATUS,
         "education": codes.EDUCATION, "education_inservice": codes.EDUCATION}
DATES = {"birth_date", "party_join_date", "work_start_date"}
#: Values computed from the records when no detail overrides them.
DERIVED = ("XianRenZhiWu", "JianLi", "NianDuKaoHeJieGuo")
#: Tags kept as form details (everything that is neither a person column nor special).
DETAIL_FIELDS = tuple(t for t in ORDER if t not in PERSON_TAGS
                      and t not in ("JiaTingChengYuan", "ZhaoPian", "Version", "JiSuanNianLingShiJian"))
VERSION = "3.2.1.6"

_YM = re.compile(r"^\s*(\d{4})\s*[.\-/年]?\s*(\d{1,2})\s*(?:[.\-/月]\s*(\d{1,2})\s*日?)?\s*$")
_YMD8 = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})?\s*$")


def form_month(d: Optional[date]) -> str:
    return f"{d.year:04d}{d.month:02d}" if d else ""


def parse_form_date(text: str) -> Optional[tuple[int, int, Optional[int]]]:
    """(year, month, day or None) from 199001, 1990.01, 1990-1, 19900115, 1990年1月 …; None if not a date."""
    text = (text or "").strip()
    m = _YMD8.match(text) or _YM.match(text)
    if not m:
        return None
    year, month = int(m[1]), int(m[2])
    day = int(m[3]) if m[3] else None
    if not (1900 <= year <= 2100 and 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return year, month, day


@dataclass(frozen=True)
class FamilyRow:
    relation: str = ""
    name: str = ""
    birth: str = ""  #: YYYYMM as the forms write it
    political_status: str = ""
    work: str = ""


@dataclass
class CadreForm:
    person_id: str
    values: dict[str, str]
    family: list[FamilyRow]
    photo: Optional[bytes]
    #: Tags whose value was derived from the records (not stored as a detail).
    derived: set[str] = field(default_factory=set)

    def get(self, tag: str) -> str:
        return self.values.get(tag, "")

    def age(self, on: Optional[date] = None) -> str:
        ym = parse_form_date(self.get("ChuShengNianYue"))
        if not ym:
            return ""
        on = on or clock.today()
        return str(on.year - ym[0] - (1 if on.month < ym[1] else 0))


def _label(table: codes.CodeTable, code: Optional[str]) -> str:
    return table.display(code, code or "") if code else ""


def _place(session: Session, village_id: str) -> str:
    v, t = aliased(Region), aliased(Region)
    row = session.execute(select(t.name, v.name).join(v, v.parent_id == t.id).where(v.id == village_id)).first()
    return f"{row[0]}{row[1]}" if row else ""


def _post_title(place: str, post: str) -> str:
    label = codes.VILLAGE_POST.display(post, post)
    # "村党组织书记" under "青山村" reads 青山村党组织书记; "村（居）民委员会主任" → 村民/居民 by the place.
    if label.startswith("村（居）"):
        label = ("居" if place.endswith("社区") else "村") + label[len("村（居）"):]
    if label.startswith("村") and place.endswith(("村", "社区")):
        label = label[1:]
    return place + label


def derived_values(session: Session, person_id: str, today: Optional[date] = None) -> dict[str, str]:
    """现任职务, 简历 and 年度考核结果 as the records give them."""
    today = today or clock.today()
    posts = session.scalars(select(VillagePost).where(
        VillagePost.person_id == person_id, VillagePost.deleted.is_(False)).order_by(VillagePost.start_date)).all()
    dispatches = session.scalars(select(Dispatch).where(
        Dispatch.person_id == person_id, Dispatch.deleted.is_(False)).order_by(Dispatch.start_date)).all()
    places: dict[str, str] = {}

    def place(vid: str) -> str:
        if vid not in places:
            places[vid] = _place(session, vid)
        return places[vid]

    current = [_post_title(place(p.village_id), p.post) for p in posts
               if p.start_date <= today and (p.end_date is None or p.end_date >= today)]
    role = codes.DISPATCH_ROLE
    current += [f"驻{place(d.village_id)}{role.display(d.role, d.role)}" for d in dispatches
                if d.status == "on_post" and d.start_date <= today]
    events = [(p.start_date, p.end_date, _post_title(place(p.village_id), p.post)) for p in posts]
    events += [(d.start_date, d.actual_end or (d.planned_end if d.status != "on_post" else None),
                f"{d.unit}派驻{place(d.village_id)}{role.display(d.role, d.role)}") for d in dispatches]
    merged: list[list] = []
    for start, end, what in sorted(events, key=lambda e: (e[0], e[1] or date.max)):
        last = merged[-1] if merged else None
        # A re-election to the same post continues the line (2013.12--2021.04 then --).
        if last and last[2] == what and last[1] is not None and (start - last[1]).days <= 31:
            last[1] = end if end is None or end > last[1] else last[1]
            continue
        merged.append([start, end, what])
    lines = []
    for start, end, what in merged:
        span = f"{start:%Y.%m}--{end:%Y.%m}" if end else f"{start:%Y.%m}--       "
        lines.append(f"{span}  {what}")
    assessments = session.execute(
        select(Assessment.year, Assessment.result).join(ReserveEntry, ReserveEntry.id == Assessment.entry_id)
        .where(ReserveEntry.person_id == person_id, Assessment.deleted.is_(False), ReserveEntry.deleted.is_(False))
        .order_by(Assessment.year)).all()
    by_year = {y: r for y, r in assessments}
    recent = sorted(by_year)[-3:]
    return {
        "XianRenZhiWu": "、".join(dict.fromkeys(current)),
        "JianLi": "\n".join(lines),
        "NianDuKaoHeJieGuo": "；".join(f"{y}年度考核{codes.ASSESSMENT.display(by_year[y], by_year[y])}"
                                      for y in recent),
    }


def details_of(session: Session, person_id: str) -> dict[str, str]:
    """Stored form details (newest per field)."""
    out: dict[str, str] = {}
    for f, value in session.execute(select(PersonDetail.field, PersonDetail.value).where(
            PersonDetail.person_id == person_id, PersonDetail.deleted.is_(False)).order_by(PersonDetail.hlc)):
        out[f] = value
    return out


def family_of(session: Session, person_id: str) -> list[FamilyRow]:
    return [FamilyRow(m.relation, m.name, m.birth or "", m.political_status or "", m.work or "")
            for m in session.scalars(select(FamilyMember).where(
                FamilyMember.person_id == person_id, FamilyMember.deleted.is_(False))
                .order_by(FamilyMember.position, FamilyMember.hlc))]


def person_values_as_form(p: Person, show_id: bool = True) -> dict[str, str]:
    out = {}
    for tag, col in PERSON_TAGS.items():
        value = getattr(p, col)
        if col in DATES:
            out[tag] = form_month(value)
        elif col == "political_status":
            # Forms write 中共党员, not the standard's full 中国共产党党员.
            out[tag] = (codes.POLITICAL_STATUS.short_label(value) or _label(CODED[col], value)) if value else ""
        elif col in CODED:
            out[tag] = _label(CODED[col], value)
        elif col == "id_number":
            out[tag] = (value or "") if show_id else idnumber.mask_id_number(value)
        else:
            out[tag] = value or ""
    if out["MinZu"] and not out["MinZu"].endswith("族") and p.ethnicity:
        out["MinZu"] = codes.ETHNICITY.label(p.ethnicity)
    return out


def form_of(session: Session, person_id: str, show_id: bool = True, today: Optional[date] = None) -> CadreForm:
    """The person's form values (``show_id`` False masks the ID number; True needs the 录入员 or
    管理员 role: ``Permission.UNMASK``)."""
    from vcadre.services.documents.photos import photo_of

    if show_id:
        from vcadre.services.security import Permission, require

        require(session, Permission.UNMASK)

    p = session.get(Person, person_id)
    if p is None or p.deleted:
        raise NotFoundError("该人员不存在或已删除。")
    today = today or clock.today()
    values = {t: "" for t in ORDER if t not in ("JiaTingChengYuan", "ZhaoPian", "Version")}
    values.update(person_values_as_form(p, show_id))
    details = details_of(session, person_id)
    derived = derived_values(session, person_id, today)
    used: set[str] = set()
    for tag in DETAIL_FIELDS:
        if tag in details:
            values[tag] = details[tag]
        elif tag in derived:
            values[tag] = derived[tag]
            used.add(tag)
    # A party/work date the record could not hold as a date (e.g. "1990.05；民革") is a detail.
    for tag in ("RuDangShiJian", "CanJiaGongZuoShiJian"):
        if tag in details:
            values[tag] = details[tag]
    values["JiSuanNianLingShiJian"] = details.get("JiSuanNianLingShiJian") or f"{today:%Y%m%d}"
    return CadreForm(person_id, values, family_of(session, person_id), photo_of(session, person_id), used)

"""What the undo menu and the recycle bin know about each kind of record (记录类别).

- how a row is named in a message ("张三", "2021年…培训班", "张三 2025年") — :func:`describe`;
- the Chinese names of fields, for conflict messages;
- the links between tables (foreign keys): whose parent a row is, who refers to it;
- the rules a row must keep when it becomes live again or gets old values back
  (:func:`check_live`): one holder of a single village post at a time, one posting of a person
  at a time, one live reserve entry per person, one live holder of an ID number. Unique indexes
  (one enrolment per class and person, one assessment per entry and year …) are checked by the
  database itself; :func:`integrity_message` words their refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import Session

from vcadre.domain.codes import (
    DISPATCH_ROLE,
    RECORD_KIND,
    SINGLE_POSTS,
    STAGE,
    VILLAGE_POST,
)
from vcadre.domain.idnumber import mask_id_number
from vcadre.store.models import (
    OUTLIVES_PARENT,
    SYNCED_MODELS,
    Assessment,
    Attendance,
    CertificateEvent,
    CertificateSeries,
    Dispatch,
    DispatchMonth,
    Enrolment,
    FamilyMember,
    OneShoulderPlan,
    Person,
    PersonDetail,
    PersonPhoto,
    Region,
    ReserveEntry,
    RotationBatch,
    StageChange,
    TrainingSession,
    TrainingSetting,
    Visit,
    VillagePost,
)

MODELS: dict[str, type] = {m.__tablename__: m for m in SYNCED_MODELS}


def kind_label(table: str) -> str:
    return RECORD_KIND.display(table, table)


#: Chinese field names (for messages), whatever the table.
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_date": "出生日期", "native_place": "籍贯",
    "id_number": "身份证号码", "phone": "联系电话", "education": "全日制学历",
    "education_inservice": "在职学历", "political_status": "政治面貌", "party_join_date": "入党时间",
    "work_start_date": "参加工作时间", "home_village_id": "所在村", "notes": "备注",
    "village_id": "所在村（社区）", "source": "来源", "nomination": "推荐方式", "stage": "当前阶段",
    "status": "状态", "entry_date": "入库时间", "exit_date": "退出时间", "exit_reason": "退出原因",
    "mentor": "培养联系人", "trial_post": "试岗岗位", "change_date": "变动日期", "reason": "原因",
    "year": "年度", "result": "结果", "post": "职务", "start_date": "开始日期", "end_date": "结束日期",
    "origin": "任职方式", "plan": "推进措施", "target_date": "计划实现时间", "candidate_id": "拟任人选",
    "title": "班次名称", "kind": "类别", "organizer": "主办单位", "place": "地点",
    "planned_hours": "计划学时", "capacity": "计划人数", "region_id": "乡镇",
    "hours_completed": "完成学时", "override_reason": "人工认定理由", "certificate_no": "证书编号",
    "day": "日期", "hours": "学时", "unit": "派出单位", "unit_post": "原单位职务", "role": "驻村职务",
    "batch_id": "轮换批次", "planned_end": "计划期满日期", "actual_end": "实际离岗日期",
    "end_reason": "离岗原因", "handover_note": "交接说明", "month": "月份", "days": "驻村天数",
    "visit_date": "走访日期", "households": "走访户（组）", "matters": "反映事项", "follow_up": "办理情况",
    "batch_date": "轮换日期", "deleted": "删除标记", "person_id": "人员", "entry_id": "后备干部",
    "session_id": "培训班", "enrolment_id": "学员", "dispatch_id": "驻村记录", "value": "设置值",
    "jpeg_b64": "照片", "width": "照片宽度", "height": "照片高度", "field": "项目", "position": "排序",
    "relation": "称谓", "birth": "出生年月", "work": "工作单位及职务",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def _name(session: Session, person_id: Optional[str]) -> str:
    p = session.get(Person, person_id) if person_id else None
    return p.name if p is not None else "（未知人员）"


def _region(session: Session, region_id: Optional[str]) -> str:
    r = session.get(Region, region_id) if region_id else None
    return r.name if r is not None else ""


def describe(session: Session, table: str, row_id: str) -> str:
    """How the row reads in a message: a name, a title, a name with its year…"""
    obj = session.get(MODELS[table], row_id) if table in MODELS else None
    if obj is None:
        return row_id
    if isinstance(obj, (Person, Region)):
        return obj.name
    if isinstance(obj, ReserveEntry):
        return _name(session, obj.person_id)
    if isinstance(obj, StageChange):
        entry = session.get(ReserveEntry, obj.entry_id)
        who = _name(session, entry.person_id) if entry else ""
        return f"{who}：{STAGE.display(obj.from_stage, '入库')} → {STAGE.display(obj.to_stage)}"
    if isinstance(obj, Assessment):
        entry = session.get(ReserveEntry, obj.entry_id)
        return f"{_name(session, entry.person_id if entry else None)} {obj.year}年"
    if isinstance(obj, VillagePost):
        return f"{_name(session, obj.person_id)}（{_region(session, obj.village_id)}{VILLAGE_POST.display(obj.post)}）"
    if isinstance(obj, OneShoulderPlan):
        return _region(session, obj.village_id)
    if isinstance(obj, (TrainingSession,)):
        return obj.title
    if isinstance(obj, Enrolment):
        t = session.get(TrainingSession, obj.session_id)
        return f"{_name(session, obj.person_id)}（{t.title if t else ''}）"
    if isinstance(obj, Attendance):
        e = session.get(Enrolment, obj.enrolment_id)
        return f"{_name(session, e.person_id if e else None)} {obj.day}"
    if isinstance(obj, (CertificateSeries,)):
        t = session.get(TrainingSession, obj.session_id)
        return t.title if t else row_id
    if isinstance(obj, CertificateEvent):
        return obj.certificate_no
    if isinstance(obj, TrainingSetting):
        return obj.key
    if isinstance(obj, RotationBatch):
        return obj.name
    if isinstance(obj, Dispatch):
        return (f"{_name(session, obj.person_id)}（{_region(session, obj.village_id)}"
                f"{DISPATCH_ROLE.display(obj.role)}）")
    if isinstance(obj, DispatchMonth):
        d = session.get(Dispatch, obj.dispatch_id)
        return f"{_name(session, d.person_id if d else None)} {obj.month:%Y年%m月}"
    if isinstance(obj, Visit):
        d = session.get(Dispatch, obj.dispatch_id)
        return f"{_name(session, d.person_id if d else None)} {obj.visit_date}"
    if isinstance(obj, FamilyMember):
        return f"{_name(session, obj.person_id)}的{obj.relation}{obj.name}"
    if isinstance(obj, PersonDetail):
        return f"{_name(session, obj.person_id)} {obj.field}"
    if isinstance(obj, PersonPhoto):
        return _name(session, obj.person_id)
    return row_id


@dataclass(frozen=True)
class RecordRef:
    """One record, named for people: its table, id, kind (类别) and description."""

    table: str
    id: str
    kind: str
    what: str

    def __str__(self) -> str:
        return f"{self.kind}“{self.what}”"


def ref(session: Session, table: str, row_id: str) -> RecordRef:
    return RecordRef(table, row_id, kind_label(table), describe(session, table, row_id))


# ------------------------------------------------------------------ links between tables

@dataclass(frozen=True)
class Link:
    child: str   # table holding the foreign key
    column: str  # the foreign-key column
    parent: str  # the table it points at
    outlives: bool = False  # the child stays live when the parent is deleted (OUTLIVES_PARENT)


def _links() -> list[Link]:
    out = []
    for model in SYNCED_MODELS:
        for col in model.__table__.columns:
            for fk in col.foreign_keys:
                out.append(Link(model.__tablename__, col.name, fk.column.table.name,
                                bool(col.info.get(OUTLIVES_PARENT))))
    return out


LINKS: tuple[Link, ...] = tuple(_links())


def parent_links(table: str) -> Iterator[Link]:
    return (lk for lk in LINKS if lk.child == table)


def child_links(table: str) -> Iterator[Link]:
    return (lk for lk in LINKS if lk.parent == table)


def deleted_parents(session: Session, table: str, obj: Any) -> list[tuple[str, str]]:
    """(table, id) of the tombstoned records ``obj`` points at."""
    out = []
    for lk in parent_links(table):
        pid = getattr(obj, lk.column)
        if pid is None:
            continue
        parent = session.get(MODELS[lk.parent], pid)
        if parent is not None and parent.deleted:
            out.append((lk.parent, pid))
    return out


def deleted_parents_of(session: Session, keys_objs: dict[tuple[str, str], Any]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """``deleted_parents`` of many rows at once (one query per link and 500 ids, not one per row)."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for lk in LINKS:
        pointing = [(key, getattr(obj, lk.column)) for key, obj in keys_objs.items()
                    if key[0] == lk.child and getattr(obj, lk.column) is not None]
        if not pointing:
            continue
        model = MODELS[lk.parent]
        ids = list({pid for _, pid in pointing})
        dead: set[str] = set()
        for i in range(0, len(ids), 500):
            dead.update(session.scalars(select(model.id).where(model.id.in_(ids[i:i + 500]),
                                                               model.deleted == true())))
        for key, pid in pointing:
            if pid in dead:
                out.setdefault(key, []).append((lk.parent, pid))
    return out


def delete_with_children(session: Session, table: str, row_id: str) -> int:
    """Tombstone the record and, recursively, its live records (a class's trainees, their
    sign-ins and certificate records; a posting's months and visits): deleted together, so the
    recycle bin brings them back together and other sites receive one deletion, not live records
    under a deleted one (which sync reports as a conflict). Links marked OUTLIVES_PARENT are
    left. Returns how many records were tombstoned."""
    n = 0
    todo = [(table, [row_id])]
    while todo:
        t, ids = todo.pop(0)
        model = MODELS[t]
        for i in range(0, len(ids), 500):
            for obj in session.scalars(select(model).where(model.id.in_(ids[i:i + 500]), model.deleted == false())):
                obj.deleted = True
                n += 1
        for lk in child_links(t):
            if lk.outlives:
                continue
            child = MODELS[lk.child]
            kids = [k for i in range(0, len(ids), 500) for k in session.scalars(select(child.id).where(
                getattr(child, lk.column).in_(ids[i:i + 500]), child.deleted == false()))]
            if kids:
                todo.append((lk.child, kids))
    session.flush()
    return n


def live_referrers(session: Session, table: str, row_id: str, limit: int = 5) -> list[tuple[str, str]]:
    """(table, id) of live records that point at ``row_id``."""
    out: list[tuple[str, str]] = []
    for lk in child_links(table):
        model = MODELS[lk.child]
        ids = session.scalars(select(model.id).where(getattr(model, lk.column) == row_id,
                                                     model.deleted == false()).limit(limit))
        out.extend((lk.child, i) for i in ids)
    return out


# ------------------------------------------------------------------ rules for live rows

def check_live(session: Session, table: str, obj: Any) -> Optional[str]:
    """Why ``obj`` (live, as it now stands in the session) breaks a rule; None if it keeps them."""
    if obj.deleted:
        return None
    if isinstance(obj, Person) and obj.id_number:
        other = session.scalar(select(Person).where(
            Person.id_number == obj.id_number, Person.deleted == false(), Person.id != obj.id).limit(1))
        if other is not None:
            return (f"身份证号码 {mask_id_number(obj.id_number)} 已登记在“{other.name}”名下，"
                    f"不能再有第二个“{obj.name}”。")
    if isinstance(obj, ReserveEntry) and obj.status != "exited":
        other = session.scalar(select(ReserveEntry.id).where(
            ReserveEntry.person_id == obj.person_id, ReserveEntry.deleted == false(),
            ReserveEntry.status != "exited", ReserveEntry.id != obj.id).limit(1))
        if other is not None:
            return f"“{_name(session, obj.person_id)}”已在后备干部库中，不能有两条在库记录。"
    if isinstance(obj, VillagePost) and obj.post in SINGLE_POSTS:
        other = VillagePost
        cond = [other.village_id == obj.village_id, other.post == obj.post,
                other.deleted == false(), other.id != obj.id,
                or_(other.end_date.is_(None), other.end_date >= obj.start_date)]
        if obj.end_date is not None:
            cond.append(other.start_date <= obj.end_date)
        clash = session.execute(select(other.person_id, other.start_date).where(*cond).limit(1)).first()
        if clash is not None:
            return (f"{_region(session, obj.village_id)}的“{VILLAGE_POST.display(obj.post)}”在这段时间已由"
                    f"“{_name(session, clash[0])}”担任（{clash[1]} 起），不能同时有两人任职。")
    if isinstance(obj, Dispatch):
        cond = [Dispatch.person_id == obj.person_id, Dispatch.deleted == false(), Dispatch.id != obj.id,
                or_(Dispatch.actual_end.is_(None), Dispatch.actual_end >= obj.start_date)]
        if obj.actual_end is not None:
            cond.append(Dispatch.start_date <= obj.actual_end)
        clash = session.scalar(select(Dispatch).where(and_(*cond), true()).limit(1))
        if clash is not None:
            return (f"“{_name(session, obj.person_id)}”已有一条时间重叠的驻村记录（{_region(session, clash.village_id)}，"
                    f"{clash.start_date} 起），不能同时派驻两处。")
    return None


_UNIQUE_WHAT = {
    "enrolment": "同一培训班中已有该学员（或证书编号重复）",
    "assessment": "该后备干部这一年度已有考核结果",
    "attendance": "该学员这一天已有签到记录",
    "dispatch_month": "该驻村记录这个月已有驻村天数",
    "one_shoulder_plan": "该村已有“一肩挑”推进计划",
    "certificate_series": "该培训班已有证书编号序列",
    "training_setting": "该培训设置已存在",
    "region": "行政区划代码重复",
}


def integrity_message(exc: Exception) -> str:
    """A Chinese message for a unique index the change would break."""
    text = str(getattr(exc, "orig", exc))
    for table, what in _UNIQUE_WHAT.items():
        if f"{table}." in text:
            return f"{what}，不能恢复为原来的内容。"
    return "会与现有记录重复，不能恢复为原来的内容。"

"""SQLAlchemy 2.0 models: every record vcadre keeps.

Every synced table carries the same bookkeeping (``SyncMixin``): a UUIDv7 primary key made on
the laptop that created the row, the hybrid-logical-clock stamp and site of its last change, and
a tombstone flag — rows are never hard-deleted, so deletes can travel in sync packages.
Coded fields store the code (see ``vcadre.domain.codes``) and the GUI shows the label.

No ``from __future__ import annotations`` here on purpose: declarative mapping would then ``eval``
every ``Mapped[...]`` string at import, which costs ~70 ms of start-up (measured).
"""

from datetime import date, datetime
from typing import Optional

import uuid6
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# Deterministic constraint names so alembic batch migrations can find them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A UUIDv7 as text: time-ordered (good for B-trees), unique across laptops."""
    return str(uuid6.uuid7())


#: ``Column.info`` key of a foreign key whose row stays live when the record it points at is
#: deleted (``services.undo.records.delete_with_children`` leaves it; sync does not report it).
OUTLIVES_PARENT = "outlives_parent"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncMixin:
    """Bookkeeping carried by every table that travels in sync packages."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: Hybrid logical clock of the last change (see ``store.clock``); compares as text.
    hlc: Mapped[str] = mapped_column(String(24), default="", index=False)
    #: Site (laptop database) that made the last change.
    site_id: Mapped[str] = mapped_column(String(36), default="")
    #: Wall-clock time of the last change — for display only, never for merging.
    updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


def _trash_index(table: str) -> Index:
    """Tombstoned rows by time of their last change, for the recycle bin (回收站): a small partial
    index (deleted rows only) that ``WHERE deleted = 1`` reads instead of scanning the table."""
    return Index(f"ix_{table}_trash", "updated_at", sqlite_where=text("deleted = 1"), postgresql_where=text("deleted"))


def _date_order(start: str, end: str) -> CheckConstraint:
    return CheckConstraint(f"{end} IS NULL OR {end} >= {start}", name=f"{end}_after_{start}")


class Site(Base):
    """A database's identity (站点): each laptop database is one site."""

    __tablename__ = "site"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    public_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    private_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    #: The local site's last issued clock value, so clocks never go backwards across restarts.
    last_hlc: Mapped[str] = mapped_column(String(24), default="")
    created_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    #: Change numbers of the local site start at ``incarnation << 40`` (``sync.identity``).
    incarnation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The installation that owns the local site (set on its first export); None: not yet bound.
    bound_to: Mapped[Optional[str]] = mapped_column(String(36))
    #: The site this database is a copy of (must join as a new site before exporting).
    copy_of: Mapped[Optional[str]] = mapped_column(String(36))
    #: This database is the root of trust (the county): it enrolls sites (``sync.enroll``).
    is_root: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: X25519 key pair: packages are encrypted to the public key (``sync.package``), made with
    #: the signing key pair (or on first use for a site that already had one).
    box_public: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    box_private: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    #: The root allowed this site to enroll others (delegated enrollment, ``sync.certs``).
    may_enroll: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The root's signed certificate for this site (JSON), sent with every package as proof.
    cert: Mapped[Optional[str]] = mapped_column(Text)


class Region(SyncMixin, Base):
    """Administrative region (行政区划): county → township (乡/镇/街道) → village (村/社区)."""

    __tablename__ = "region"
    __table_args__ = (
        Index("ix_region_parent", "parent_id", "code"),
        # All codes, tombstoned included: lists in region order walk it (see listing.CrossJoin).
        Index("ix_region_code", "code"),
        Index("uq_region_code_live", "code", unique=True, sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted")),
    )

    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(10))  # codes.REGION_LEVEL
    kind: Mapped[Optional[str]] = mapped_column(String(12))  # TOWNSHIP_KIND / VILLAGE_KIND
    parent_id: Mapped[Optional[str]] = mapped_column(ForeignKey("region.id"))
    #: Designated to have a resident first secretary (重点村/需派驻第一书记).
    needs_first_secretary: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[Optional["Region"]] = relationship(remote_side="Region.id")


class Person(SyncMixin, Base):
    """A person (人员), whatever roles they have: one person, one row."""

    __tablename__ = "person"
    __table_args__ = (
        _trash_index("person"),
        # Not unique in the database: two offline sites may register the same person; sync
        # keeps both and lists them as "possible same person" to merge (issue 8). The person
        # service still refuses a second live holder of a number on one site.
        Index(
            "ix_person_id_number_live",
            "id_number",
            sqlite_where=text("deleted = 0 AND id_number IS NOT NULL"), postgresql_where=text("NOT deleted AND id_number IS NOT NULL"),
        ),
        Index("ix_person_name", "name"),
        # A file's search box walks the persons in name order testing these (``store.lite_search``,
        # migration 0175; a server reads its order keys and ``ix_person_name_digits`` instead).
        Index("ix_person_name_walk", "name", "id", "deleted", "name_initials", "name_pinyin", "id_number",
              "phone").ddl_if(dialect="sqlite"),
        Index("ix_person_pinyin", "name_pinyin"),
        Index("ix_person_initials", "name_initials"),
        Index("ix_person_village", "home_village_id"),
    )

    name: Mapped[str] = mapped_column(String(40))
    #: Search keys derived from the name (full pinyin, initials), kept by the person service.
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")
    name_initials: Mapped[str] = mapped_column(String(40), default="")
    gender: Mapped[str] = mapped_column(String(1), default="0")  # codes.GENDER
    ethnicity: Mapped[Optional[str]] = mapped_column(String(2))  # codes.ETHNICITY
    birth_date: Mapped[Optional[date]] = mapped_column(Date)
    native_place: Mapped[Optional[str]] = mapped_column(String(60))  # 籍贯
    id_number: Mapped[Optional[str]] = mapped_column(String(18))
    phone: Mapped[Optional[str]] = mapped_column(String(20))
    education: Mapped[Optional[str]] = mapped_column(String(2))  # 全日制学历
    education_inservice: Mapped[Optional[str]] = mapped_column(String(2))  # 在职学历
    political_status: Mapped[Optional[str]] = mapped_column(String(2))  # codes.POLITICAL_STATUS
    party_join_date: Mapped[Optional[date]] = mapped_column(Date)
    work_start_date: Mapped[Optional[date]] = mapped_column(Date)
    home_village_id: Mapped[Optional[str]] = mapped_column(ForeignKey("region.id"))
    notes: Mapped[Optional[str]] = mapped_column(Text)

    home_village: Mapped[Optional[Region]] = relationship()


class ReserveEntry(SyncMixin, Base):
    """Reserve-pool entry (后备干部库条目): a person cultivated for village leadership."""

    __tablename__ = "reserve_entry"
    __table_args__ = (
        _trash_index("reserve_entry"),
        Index("ix_reserve_village", "village_id"),
        Index("ix_reserve_person", "person_id"),
        Index("ix_reserve_stage", "stage", "status"),
    )

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    village_id: Mapped[str] = mapped_column(ForeignKey("region.id"))
    source: Mapped[str] = mapped_column(String(20))  # codes.TALENT_SOURCE
    nomination: Mapped[Optional[str]] = mapped_column(String(20))  # codes.NOMINATION
    stage: Mapped[str] = mapped_column(String(12))  # codes.STAGE
    status: Mapped[str] = mapped_column(String(12), default="active")  # codes.RESERVE_STATUS
    entry_date: Mapped[date] = mapped_column(Date)
    exit_date: Mapped[Optional[date]] = mapped_column(Date)
    exit_reason: Mapped[Optional[str]] = mapped_column(String(20))  # codes.EXIT_REASON
    mentor: Mapped[Optional[str]] = mapped_column(String(60))  # 培养联系人/导师
    trial_post: Mapped[Optional[str]] = mapped_column(String(60))  # 试岗岗位，如书记助理
    notes: Mapped[Optional[str]] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    village: Mapped[Region] = relationship()


class StageChange(SyncMixin, Base):
    """One dated move along the chain (阶段变动), the reserve entry's history."""

    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_entry", "entry_id", "change_date"),)

    entry_id: Mapped[str] = mapped_column(ForeignKey("reserve_entry.id"))
    change_date: Mapped[date] = mapped_column(Date)
    from_stage: Mapped[Optional[str]] = mapped_column(String(12))
    to_stage: Mapped[str] = mapped_column(String(12))
    from_status: Mapped[Optional[str]] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[Optional[str]] = mapped_column(Text)


class Assessment(SyncMixin, Base):
    """Yearly assessment (年度考核) of a reserve entry."""

    __tablename__ = "assessment"
    __table_args__ = (
        _trash_index("assessment"),
        Index(
            "uq_assessment_entry_year_live",
            "entry_id",
            "year",
            unique=True,
            sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted"),
        ),
        # Partial indexes serve only queries saying "deleted = 0"; SQLAlchemy's is_(False) says
        # "deleted IS 0". A plain index keeps every lookup by entry fast (migration 0009).
        Index("ix_assessment_entry", "entry_id", "year"),
    )

    entry_id: Mapped[str] = mapped_column(ForeignKey("reserve_entry.id"))
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(12))  # codes.ASSESSMENT
    notes: Mapped[Optional[str]] = mapped_column(Text)


class VillagePost(SyncMixin, Base):
    """A village post held by a person over a period (村干部任职)."""

    __tablename__ = "village_post"
    __table_args__ = (
        _trash_index("village_post"),
        _date_order("start_date", "end_date"),
        Index("ix_post_village", "village_id", "post", "end_date"),
        Index("ix_post_person", "person_id"),
    )

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    village_id: Mapped[str] = mapped_column(ForeignKey("region.id"))
    post: Mapped[str] = mapped_column(String(24))  # codes.VILLAGE_POST
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[Optional[date]] = mapped_column(Date)
    origin: Mapped[Optional[str]] = mapped_column(String(12))  # codes.POST_ORIGIN
    notes: Mapped[Optional[str]] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    village: Mapped[Region] = relationship()


class OneShoulderPlan(SyncMixin, Base):
    """Why a village is not yet one-shoulder and the plan to get there (一肩挑推进计划).

    One live plan per village. The status itself is never stored: it is derived from the posts.
    """

    __tablename__ = "one_shoulder_plan"
    __table_args__ = (
        _trash_index("one_shoulder_plan"),
        Index("uq_one_shoulder_plan_village_live", "village_id", unique=True,
              sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted")),
    )

    village_id: Mapped[str] = mapped_column(ForeignKey("region.id"))
    reason: Mapped[Optional[str]] = mapped_column(Text)  # 未实现原因
    plan: Mapped[Optional[str]] = mapped_column(Text)  # 推进措施
    target_date: Mapped[Optional[date]] = mapped_column(Date)  # 计划实现时间
    #: Candidate from the reserve pool (拟任人选).
    candidate_id: Mapped[Optional[str]] = mapped_column(ForeignKey("person.id"))
    notes: Mapped[Optional[str]] = mapped_column(Text)


class TrainingSession(SyncMixin, Base):
    """Training class (培训班)."""

    __tablename__ = "training_session"
    __table_args__ = (
        _trash_index("training_session"), _date_order("start_date", "end_date"), Index("ix_training_year", "year"))

    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # codes.TRAINING_KIND
    organizer: Mapped[Optional[str]] = mapped_column(String(80))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    place: Mapped[Optional[str]] = mapped_column(String(120))
    planned_hours: Mapped[float] = mapped_column(Float, default=0)
    capacity: Mapped[Optional[int]] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    #: Township that ran the class; NULL for county-level classes.
    region_id: Mapped[Optional[str]] = mapped_column(ForeignKey("region.id"))
    notes: Mapped[Optional[str]] = mapped_column(Text)


class Enrolment(SyncMixin, Base):
    """A person's enrolment in a training class (学员)."""

    __tablename__ = "enrolment"
    __table_args__ = (
        _trash_index("enrolment"),
        Index(
            "uq_enrolment_session_person_live",
            "session_id",
            "person_id",
            unique=True,
            sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted"),
        ),
        Index("ix_enrolment_person", "person_id"),
        # A class's enrolments with ``deleted IS 0`` (how SQLAlchemy writes is_(False)), which
        # the partial unique index above cannot serve: without this, the training list's
        # per-class count scanned every enrolment once per class (0.4 s on the GUI thread).
        Index("ix_enrolment_session", "session_id"),
        Index(
            "uq_enrolment_certificate",
            "certificate_no",
            unique=True,
            sqlite_where=text("certificate_no IS NOT NULL"), postgresql_where=text("certificate_no IS NOT NULL"),
        ),
    )

    session_id: Mapped[str] = mapped_column(ForeignKey("training_session.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    hours_completed: Mapped[float] = mapped_column(Float, default=0)
    result: Mapped[str] = mapped_column(String(16), default="pending")  # codes.ENROLMENT_RESULT
    override_reason: Mapped[Optional[str]] = mapped_column(Text)
    certificate_no: Mapped[Optional[str]] = mapped_column(String(60))
    certificate_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[Optional[str]] = mapped_column(Text)

    session: Mapped[TrainingSession] = relationship()
    person: Mapped[Person] = relationship()


class Attendance(SyncMixin, Base):
    """Sign-in for one class day (签到)."""

    __tablename__ = "attendance"
    __table_args__ = (
        Index(
            "uq_attendance_day_live",
            "enrolment_id",
            "day",
            unique=True,
            sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted"),
        ),
        Index("ix_attendance_enrolment", "enrolment_id", "day"),
    )

    enrolment_id: Mapped[str] = mapped_column(ForeignKey("enrolment.id"))
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # codes.ATTENDANCE
    hours: Mapped[float] = mapped_column(Float, default=0)


class CertificateSeries(SyncMixin, Base):
    """Certificate numbering of one class (结业证书编号序列): its number within the year and the
    last sequence number issued. ``last_seq`` only grows, so a number once issued is never issued
    again, even after the certificate is revoked."""

    __tablename__ = "certificate_series"
    __table_args__ = (
        Index("uq_certificate_series_session_live", "session_id", unique=True,
              sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted")),
        Index("ix_certificate_series_year", "year", "class_no"),
        CheckConstraint("last_seq >= 0 AND class_no > 0", name="series_positive"),
    )

    # Outlives its class: deleting a class leaves its counter live, so the class number stays
    # taken (its certificates are still in people's hands; the recycle bin may bring it back).
    session_id: Mapped[str] = mapped_column(ForeignKey("training_session.id"), info={OUTLIVES_PARENT: True})
    year: Mapped[int] = mapped_column(Integer)
    class_no: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class CertificateEvent(SyncMixin, Base):
    """What happened to a certificate (证书记录): issued or revoked, when, by what reason."""

    __tablename__ = "certificate_event"
    __table_args__ = (Index("ix_certificate_event_enrolment", "enrolment_id", "event_date"),)

    enrolment_id: Mapped[str] = mapped_column(ForeignKey("enrolment.id"))
    certificate_no: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(12))  # issued / revoked
    event_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[Optional[str]] = mapped_column(Text)


class TrainingSetting(SyncMixin, Base):
    """A training setting (培训设置): certificate number pattern, completion rule, yearly hours."""

    __tablename__ = "training_setting"
    __table_args__ = (
        Index("uq_training_setting_key_live", "key", unique=True, sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted")),
    )

    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)


class RotationBatch(SyncMixin, Base):
    """Rotation batch (轮换批次) of resident first secretaries and work teams."""

    __tablename__ = "rotation_batch"
    __table_args__ = (_trash_index("rotation_batch"),)

    name: Mapped[str] = mapped_column(String(60))
    batch_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[Optional[str]] = mapped_column(Text)


class Dispatch(SyncMixin, Base):
    """A person sent to live and work in a village (驻村): first secretary or work-team member."""

    __tablename__ = "dispatch"
    __table_args__ = (
        _trash_index("dispatch"),
        _date_order("start_date", "actual_end"),
        _date_order("start_date", "planned_end"),
        Index("ix_dispatch_village", "village_id", "status"),
        Index("ix_dispatch_person", "person_id"),
        Index("ix_dispatch_batch", "batch_id"),
    )

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    unit: Mapped[str] = mapped_column(String(80))  # 派出单位
    unit_post: Mapped[Optional[str]] = mapped_column(String(60))  # 原单位职务
    role: Mapped[str] = mapped_column(String(20))  # codes.DISPATCH_ROLE
    village_id: Mapped[str] = mapped_column(ForeignKey("region.id"))
    batch_id: Mapped[Optional[str]] = mapped_column(ForeignKey("rotation_batch.id"))
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[Optional[date]] = mapped_column(Date)
    actual_end: Mapped[Optional[date]] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="on_post")  # codes.DISPATCH_STATUS
    end_reason: Mapped[Optional[str]] = mapped_column(Text)
    handover_note: Mapped[Optional[str]] = mapped_column(Text)
    notes: Mapped[Optional[str]] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    village: Mapped[Region] = relationship()
    batch: Mapped[Optional[RotationBatch]] = relationship()


class DispatchMonth(SyncMixin, Base):
    """Days on post in one month (驻村天数)."""

    __tablename__ = "dispatch_month"
    __table_args__ = (
        _trash_index("dispatch_month"),
        Index(
            "uq_dispatch_month_live",
            "dispatch_id",
            "month",
            unique=True,
            sqlite_where=text("deleted = 0"), postgresql_where=text("NOT deleted"),
        ),
        Index("ix_dispatch_month_dispatch", "dispatch_id", "month"),
        CheckConstraint("days >= 0 AND days <= 31", name="days_in_month"),
    )

    dispatch_id: Mapped[str] = mapped_column(ForeignKey("dispatch.id"))
    #: First day of the month.
    month: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)


class Visit(SyncMixin, Base):
    """A household visit (走访) made by a dispatched cadre."""

    __tablename__ = "visit"
    __table_args__ = (
        _trash_index("visit"), Index("ix_visit_dispatch", "dispatch_id", "visit_date"),)

    dispatch_id: Mapped[str] = mapped_column(ForeignKey("dispatch.id"))
    visit_date: Mapped[date] = mapped_column(Date)
    households: Mapped[Optional[str]] = mapped_column(Text)  # 走访户/组
    matters: Mapped[Optional[str]] = mapped_column(Text)  # 反映事项
    follow_up: Mapped[Optional[str]] = mapped_column(Text)  # 办理情况


class PersonPhoto(SyncMixin, Base):
    """A person's ID photo (证件照), 2-inch ratio, a small JPEG kept as base64 text.

    Text, not a BLOB: sync carries field values as JSON (``store.changelog``). No unique index per
    person on purpose: two offline sites may both add one; readers take the newest (``hlc``).
    """

    __tablename__ = "person_photo"
    __table_args__ = (Index("ix_person_photo_person", "person_id", "hlc"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    jpeg_b64: Mapped[str] = mapped_column(Text)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    #: Where it came from (file name), for the officer's information only.
    source: Mapped[Optional[str]] = mapped_column(String(120))


class PersonDetail(SyncMixin, Base):
    """A field of the cadre forms that the person record does not hold (干部信息补充项): 出生地,
    健康状况, 学位, 毕业院校, 简历, 奖惩 … as read from a 任免审批表 (.lrmx) or typed in.

    ``field`` is one of ``services.documents.person_form.DETAIL_FIELDS``. No unique index on
    (person, field): concurrent sites may both write one; readers take the newest (``hlc``).
    """

    __tablename__ = "person_detail"
    __table_args__ = (Index("ix_person_detail_person", "person_id", "field"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text, default="")


class FamilyMember(SyncMixin, Base):
    """A family member or important social relation (家庭主要成员及重要社会关系)."""

    __tablename__ = "family_member"
    __table_args__ = (Index("ix_family_member_person", "person_id", "position"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    #: Order on the forms (0 first).
    position: Mapped[int] = mapped_column(Integer, default=0)
    relation: Mapped[str] = mapped_column(String(20), default="")  # 称谓
    name: Mapped[str] = mapped_column(String(40), default="")
    #: Birth as the forms write it: ``YYYYMM`` (or ``YYYYMMDD``), kept as text.
    birth: Mapped[Optional[str]] = mapped_column(String(10))
    political_status: Mapped[Optional[str]] = mapped_column(String(20))  # 政治面貌, as written
    work: Mapped[Optional[str]] = mapped_column(String(200))  # 工作单位及职务


class PersonSearchKey(Base):
    """Search key of a person (人员检索码) — derived, local, kept by SQL triggers; never synced.

    See ``vcadre.store.search_index`` for the keys and the triggers.
    """

    __tablename__ = "person_search_key"
    __table_args__ = (Index("ix_person_search_key_person", "person_id"), {"sqlite_with_rowid": False})

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class ReserveSearchKey(Base):
    """Search key of a reserve-pool entry in list order (后备干部检索码) — derived, local, kept by SQL
    triggers; never synced.

    The primary key is (key, village code, person name, entry id): the 后备干部 list's default order
    within each key, so the first page of a search is an index range read that stops after one page.
    See ``vcadre.store.search_index``.
    """

    __tablename__ = "reserve_search_key"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)


#: Tables that travel in sync packages, in dependency order (parents first).
SYNCED_MODELS: tuple[type[SyncMixin], ...] = (
    Region,
    Person,
    ReserveEntry,
    StageChange,
    Assessment,
    VillagePost,
    OneShoulderPlan,
    TrainingSession,
    Enrolment,
    Attendance,
    CertificateSeries,
    CertificateEvent,
    TrainingSetting,
    RotationBatch,
    Dispatch,
    DispatchMonth,
    Visit,
    PersonPhoto,
    PersonDetail,
    FamilyMember,
)


# ------------------------------------------------------------------ sync bookkeeping (local)
# These tables never travel as rows; they describe what this database knows about sync.


#: Change numbers reach ``incarnation << 40`` (``store.identity``): 64-bit on a server (SQLite's
#: INTEGER is already; kept as INTEGER there so ``seq`` stays the rowid).
SEQ = BigInteger().with_variant(Integer(), "sqlite")


class SyncChange(Base):
    """One change to one field (or a whole new row, field ``*``), local or received (变更日志).

    ``seq`` is this database's own order of learning changes (exports send ``seq`` ranges);
    ``(origin, origin_seq)`` identifies the change everywhere. Values are JSON of the SQLite
    storage values; ``old`` is the value the change replaced (``*``: NULL).
    """

    __tablename__ = "sync_change"
    __table_args__ = (
        Index("uq_sync_change_origin", "origin", "origin_seq", unique=True),
        Index("ix_sync_change_row", "row_id"),
    )

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True)
    origin: Mapped[str] = mapped_column(String(36))
    origin_seq: Mapped[int] = mapped_column(SEQ)
    hlc: Mapped[str] = mapped_column(String(24))
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[Optional[str]] = mapped_column(Text)
    new: Mapped[Optional[str]] = mapped_column(Text)


class SyncPeer(Base):
    """Another site this database has exchanged packages with (同步对象), trusted on first use."""

    __tablename__ = "sync_peer"

    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(80))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[Optional[datetime]] = mapped_column(DateTime)
    #: Highest local ``sync_change.seq`` this peer has acknowledged having (deltas start after).
    acked_seq: Mapped[int] = mapped_column(SEQ, default=0)
    #: Highest ``seq`` of the peer's own log received here without gaps (sent back as its ack).
    received_seq: Mapped[int] = mapped_column(SEQ, default=0)
    #: JSON {incarnation: highest own origin_seq the peer holds}: its own changes above are resent.
    own_held: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    #: Enrolled by the root (by this database, or listed in the root's roster): once a database
    #: has a root, only the root and enrolled sites' packages are accepted (``sync.enroll``).
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The root (county) this site joined.
    is_root: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Revoked by the root (a lost laptop): its packages are refused.
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The site's X25519 public key (from its join request, its packages or the root's roster):
    #: packages for it are encrypted to this key.
    box_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    #: The root allowed this site to enroll others (``sync.certs``).
    may_enroll: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The site that enrolled it (the root, or a site the root allowed to enroll).
    enrolled_by: Mapped[Optional[str]] = mapped_column(String(36))
    #: The best signed certificate held for it (JSON): its enrollment, or the root's revocation.
    cert: Mapped[Optional[str]] = mapped_column(Text)


class SyncSegment(Base):
    """A signed segment (来源签名段): an origin site's signature over a run of its own changes.

    The origin signs ``(origin, first_seq, last_seq, count, sha256 of the change lines)`` when it
    first exports them; every site keeps the segments it received and forwards them unchanged, so
    the origin of every change is proven also through relays (``sync.segments``). Never synced as
    rows: the segments travel in the package manifest.
    """

    __tablename__ = "sync_segment"
    __table_args__ = (Index("uq_sync_segment", "origin", "first_seq", "last_seq", "sha256", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(SEQ)
    last_seq: Mapped[int] = mapped_column(SEQ)
    count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class SyncPackage(Base):
    """A package imported here (已导入的同步包): importing it again changes nothing."""

    __tablename__ = "sync_package"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    imported_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(260), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    backup_path: Mapped[Optional[str]] = mapped_column(Text)


class SyncConflict(Base):
    """A conflict met while merging (冲突): the provisional winner and the value it beat."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_row", "tbl", "row_id", "field", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: ``edit`` (same field on both sides) or ``delete`` (a delete against a concurrent edit).
    kind: Mapped[str] = mapped_column(String(10))
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(40))
    base: Mapped[Optional[str]] = mapped_column(Text)
    winner: Mapped[Optional[str]] = mapped_column(Text)
    winner_hlc: Mapped[str] = mapped_column(String(24))
    winner_site: Mapped[str] = mapped_column(String(36))
    loser: Mapped[Optional[str]] = mapped_column(Text)
    loser_hlc: Mapped[str] = mapped_column(String(24))
    loser_site: Mapped[str] = mapped_column(String(36))
    #: ``open`` until a later change of the field (a resolution or any edit) supersedes it.
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class UndoAction(Base):
    """One user action that can be undone (撤销记录): which local changes it made.

    Written by the commit hook (``store.undo_log``) for every transaction that changed synced rows
    through the ORM; never synced. ``seqs`` holds the ``sync_change.seq`` ranges of the action's
    own changes; undoing it writes new changes (``direction`` 'undo', ``undo_of`` = this id) and
    sets ``undone_by``. See ``vcadre.services.undo``.
    """

    __tablename__ = "undo_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    #: ``do`` (an ordinary action), ``undo`` (an undo of ``undo_of``) or ``redo`` (an undo of an undo).
    direction: Mapped[str] = mapped_column(String(8), default="do")
    #: The principal record the action is named after (table, row) and what happened to it.
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))  # create / edit / delete / restore / move
    #: How many rows of the principal table the action touched.
    rows: Mapped[int] = mapped_column(Integer, default=1)
    #: JSON list of [first, last] ``sync_change.seq`` ranges.
    seqs: Mapped[str] = mapped_column(Text)
    undo_of: Mapped[Optional[int]] = mapped_column(Integer)
    undone_by: Mapped[Optional[int]] = mapped_column(Integer)


SYNC_BOOKKEEPING = ("id", "hlc", "site_id", "updated_at")

"""The recycle bin (回收站): deleted records of every kind, and restoring them.

Nothing in vcadre is ever hard-deleted: a delete sets the row's tombstone (``deleted = 1``), which
syncs. The recycle bin lists those rows — what (kind and name), where (township and village, or
class), when and at which site they were deleted — filtered by kind and a search text, paged in
SQL (``TrashListing``, over small partial indexes of the tombstoned rows, migration 0120).

Restoring is an ordinary change (``deleted = 0``) through the ORM, so it syncs and can itself be
undone. What is restored with a record (:func:`plan_restore` says it before anything is written):

- **its deleted parents**, always: a record cannot live under a deleted one, so restoring a
  trainee of a deleted class restores the class too (only the class, not its other trainees),
  restoring an assessment of a deleted reserve entry restores the entry (and its person if
  deleted). Users asked to restore a thing expect to see it again where it was.
- **the records deleted together with it** (the trainees and sign-ins of a deleted class, the
  stage history of a deleted reserve entry, the visits and days of a deleted posting): by default
  yes, except for a person, whose own deletion never took anything with it — restoring a person
  restores nothing else unless asked (``with_children=True``). "Together" means deleted by the same
  site within a second of a deletion of the record itself (the same delete; the clock stamps of one
  transaction lie within milliseconds). Every deletion of the record in its change log counts, not
  only the newest: undoing a restore deletes the record again with a new stamp, maybe minutes after
  the delete that took its children with it.

A restore is refused, with nothing written, when the record would break a rule: a second live
holder of an ID number, two holders of one village post at once, overlapping postings of one
person, a duplicate enrolment or yearly assessment …
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from sqlalchemy import String, case, cast, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session, aliased

from vcadre.domain.codes import DISPATCH_ROLE, STAGE, VILLAGE_POST
from vcadre.services.errors import NotFoundError
from vcadre.services.listing import Column, Listing, ListQuery, Row, register
from vcadre.services.undo import records
from vcadre.services.undo.records import MODELS, RecordRef
from vcadre.services.undo.revert import UndoError, apply
from vcadre.store import undo_log
from vcadre.store.clock import Stamp
from vcadre.store.sqlfuncs import year_month_zh
from vcadre.store.models import (
    Assessment,
    Dispatch,
    DispatchMonth,
    Enrolment,
    OneShoulderPlan,
    Person,
    Region,
    ReserveEntry,
    RotationBatch,
    Site,
    SyncChange,
    SyncPeer,
    TrainingSession,
    Visit,
    VillagePost,
)

#: The kinds the recycle bin lists, in menu order. Stage history, sign-ins and certificate records
#: are restored with their parent, not on their own.
TRASH_KINDS: tuple[str, ...] = (
    "person", "reserve_entry", "assessment", "village_post", "one_shoulder_plan",
    "training_session", "enrolment", "rotation_batch", "dispatch", "dispatch_month", "visit",
)
#: Records deleted within this many milliseconds of their parent were deleted with it.
TOGETHER_MS = 1000


def _labels(table, column):
    """SQL CASE turning a code column into its Chinese label."""
    return case({item.code: item.label for item in table}, value=column, else_=column)


def _place(township, village):
    return func.trim(func.coalesce(township.name, "") + " " + func.coalesce(village.name, ""))


def _branch(kind: str, top: Optional[int] = None):
    """SELECT (key, kind, what, place, deleted_at, site_id) of the tombstoned rows of ``kind``;
    with ``top``, only the ``top`` most recently deleted (read in order from the partial index)."""
    village = aliased(Region, name="v")
    township = aliased(Region, name="t")
    person = aliased(Person, name="p")

    def done(model, stmt, what, place):
        stmt = stmt.add_columns(
            (literal(kind + ":") + model.id).label("key"), literal(kind).label("kind"),
            cast(what, String).label("what"), cast(place, String).label("place"),
            model.updated_at.label("deleted_at"), model.site_id.label("site_id"),
        ).where(model.deleted == true())
        if top is not None:
            stmt = stmt.order_by(model.updated_at.desc(), model.id).limit(top)
        return stmt

    def in_village(model, stmt, col):
        return (stmt.outerjoin(village, village.id == col)
                .outerjoin(township, township.id == village.parent_id))

    base = select()
    if kind == "person":
        stmt = in_village(Person, base.select_from(Person), Person.home_village_id)
        return done(Person, stmt, Person.name, _place(township, village))
    if kind == "reserve_entry":
        stmt = in_village(ReserveEntry, base.select_from(ReserveEntry).outerjoin(
            person, person.id == ReserveEntry.person_id), ReserveEntry.village_id)
        return done(ReserveEntry, stmt, person.name + "（" + _labels(STAGE, ReserveEntry.stage) + "）",
                    _place(township, village))
    if kind == "assessment":
        stmt = in_village(Assessment, base.select_from(Assessment)
                          .outerjoin(ReserveEntry, ReserveEntry.id == Assessment.entry_id)
                          .outerjoin(person, person.id == ReserveEntry.person_id), ReserveEntry.village_id)
        return done(Assessment, stmt, person.name + " " + cast(Assessment.year, String) + "年",
                    _place(township, village))
    if kind == "village_post":
        stmt = in_village(VillagePost, base.select_from(VillagePost).outerjoin(
            person, person.id == VillagePost.person_id), VillagePost.village_id)
        return done(VillagePost, stmt, person.name + "（" + _labels(VILLAGE_POST, VillagePost.post) + "）",
                    _place(township, village))
    if kind == "one_shoulder_plan":
        stmt = in_village(OneShoulderPlan, base.select_from(OneShoulderPlan), OneShoulderPlan.village_id)
        return done(OneShoulderPlan, stmt, func.coalesce(village.name, "") + "“一肩挑”推进计划",
                    _place(township, village))
    if kind == "training_session":
        stmt = base.select_from(TrainingSession).outerjoin(township, township.id == TrainingSession.region_id)
        return done(TrainingSession, stmt, TrainingSession.title, func.coalesce(township.name, "县级"))
    if kind == "enrolment":
        stmt = (base.select_from(Enrolment).outerjoin(person, person.id == Enrolment.person_id)
                .outerjoin(TrainingSession, TrainingSession.id == Enrolment.session_id))
        return done(Enrolment, stmt, person.name, TrainingSession.title)
    if kind == "rotation_batch":
        return done(RotationBatch, base.select_from(RotationBatch), RotationBatch.name, literal(""))
    if kind == "dispatch":
        stmt = in_village(Dispatch, base.select_from(Dispatch).outerjoin(
            person, person.id == Dispatch.person_id), Dispatch.village_id)
        return done(Dispatch, stmt, person.name + "（" + _labels(DISPATCH_ROLE, Dispatch.role) + "）",
                    _place(township, village))
    if kind in ("dispatch_month", "visit"):
        model = DispatchMonth if kind == "dispatch_month" else Visit
        stmt = in_village(model, base.select_from(model)
                          .outerjoin(Dispatch, Dispatch.id == model.dispatch_id)
                          .outerjoin(person, person.id == Dispatch.person_id), Dispatch.village_id)
        if kind == "dispatch_month":
            what = (person.name + " " + year_month_zh(DispatchMonth.month) + " "
                    + cast(DispatchMonth.days, String) + "天")
        else:
            what = person.name + " " + cast(Visit.visit_date, String)
        return done(model, stmt, what, _place(township, village))
    raise KeyError(kind)


@register("trash")
class TrashListing(Listing):
    """Deleted records of every kind (or of ``filters["kind"]``), newest deletion first; a search
    matches the name/title or the place. Row ids are ``"<table>:<id>"``."""

    columns = (
        Column("record_kind", codes="record_kind"), Column("what"), Column("place"),
        Column("deleted_at", kind="date"), Column("deleted_by"),
    )

    def __init__(self) -> None:
        self._subs: dict[Optional[str], Any] = {}

    def _sub(self, kind: Optional[str]):
        if kind not in self._subs:
            kinds = [kind] if kind else list(TRASH_KINDS)
            branches = [_branch(k) for k in kinds]
            u = (union_all(*branches) if len(branches) > 1 else branches[0]).subquery("trash")
            self._subs[kind] = u
        return self._subs[kind]

    def _kind(self, q: ListQuery) -> Optional[str]:
        kind = q.filters.get("kind") or q.filters.get("record_kind")
        if kind and kind not in TRASH_KINDS:
            raise NotFoundError(f"回收站中没有这一类记录：{kind}")
        return kind or None

    def count(self, session: Session, q: ListQuery) -> int:
        """Without a search, the tombstones of each table counted on its partial index alone."""
        if q.search.strip():
            return super().count(session, q)
        kind = self._kind(q)
        return sum(session.scalar(select(func.count()).select_from(MODELS[k]).where(
            MODELS[k].deleted == true())) or 0 for k in ([kind] if kind else TRASH_KINDS))

    def page(self, session: Session, q: ListQuery, offset: int, limit: int):
        """In the default order (newest deletion first, no search), each table gives only its
        ``offset + limit`` newest tombstones, read in order from its partial index; the page is
        cut from those, not from a sort of every deleted row."""
        if q.order_by or q.search.strip():
            return super().page(session, q, offset, limit)
        kind = self._kind(q)
        parts = [select(_branch(k, offset + limit).subquery()) for k in ([kind] if kind else TRASH_KINDS)]
        u = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("trash")
        stmt = self._with_site(u).order_by(u.c.deleted_at.desc(), u.c.key).offset(offset).limit(limit)
        return [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]

    @staticmethod
    def _with_site(u):
        site, peer = aliased(Site), aliased(SyncPeer)
        return (select(u.c.key, u.c.kind, u.c.what, u.c.place, u.c.deleted_at,
                       func.coalesce(site.name, peer.name, u.c.site_id).label("deleted_by"))
                .select_from(u).outerjoin(site, site.id == u.c.site_id)
                .outerjoin(peer, peer.site_id == u.c.site_id))

    def base(self, q: ListQuery):
        u = self._sub(self._kind(q))
        site, peer = aliased(Site), aliased(SyncPeer)
        stmt = (select(u.c.key, u.c.kind, u.c.what, u.c.place, u.c.deleted_at,
                       func.coalesce(site.name, peer.name, u.c.site_id).label("deleted_by"))
                .select_from(u).outerjoin(site, site.id == u.c.site_id)
                .outerjoin(peer, peer.site_id == u.c.site_id))
        text = q.search.strip()
        if text:
            stmt = stmt.where(u.c.what.contains(text, autoescape=True) | u.c.place.contains(text, autoescape=True))
        return stmt

    def sort_expr(self, key: str):
        u = self._sub(None)
        return {"record_kind": u.c.kind, "deleted_by": u.c.site_id}.get(key, u.c.get(key))

    def ordered(self, q: ListQuery):
        stmt = self.base(q)
        u = self._sub(self._kind(q))
        cols = {"record_kind": u.c.kind, "what": u.c.what, "place": u.c.place,
                "deleted_at": u.c.deleted_at, "deleted_by": stmt.selected_columns.deleted_by}
        if q.order_by in cols:
            expr = cols[q.order_by]
            stmt = stmt.order_by(expr.desc() if q.descending else expr.asc())
        return stmt.order_by(u.c.deleted_at.desc(), u.c.key)


def parse_key(key: str) -> tuple[str, str]:
    """``"person:0190…"`` → ("person", "0190…")."""
    table, _, row_id = key.partition(":")
    if table not in MODELS or not row_id:
        raise NotFoundError(f"回收站中没有这条记录：{key}")
    return table, row_id


# ------------------------------------------------------------------ restoring

@dataclass
class RestorePlan:
    """What restoring a record would do (shown to the user before anything is written)."""

    record: RecordRef
    #: Deleted records it belongs to, restored with it (nearest first).
    parents: list[RecordRef] = field(default_factory=list)
    #: Records deleted together with it (restored when ``with_children``).
    children: list[RecordRef] = field(default_factory=list)
    #: Whether the children are restored unless the caller says otherwise.
    children_by_default: bool = True


def _get_deleted(session: Session, table: str, row_id: str):
    obj = session.get(MODELS[table], row_id) if table in MODELS else None
    if obj is None:
        raise NotFoundError("回收站中没有这条记录。")
    if not obj.deleted:
        raise UndoError(f"{records.ref(session, table, row_id)}没有被删除，不需要恢复。")
    return obj


def _parents(session: Session, table: str, obj) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    todo = [(table, obj)]
    while todo:
        t, o = todo.pop(0)
        for pt, pid in records.deleted_parents(session, t, o):
            if (pt, pid) not in out:
                out.append((pt, pid))
                todo.append((pt, session.get(MODELS[pt], pid)))
    return out


def _window(hlc: str) -> str:
    stamp = Stamp.decode(hlc)
    return Stamp(max(stamp.millis - TOGETHER_MS, 0), 0).encode()


def _window_end(hlc: str) -> str:
    return Stamp(Stamp.decode(hlc).millis + TOGETHER_MS + 1, 0).encode()


def _earlier_deletions(session: Session, table: str, obj) -> list[str]:
    """Clock stamps of the record's earlier deletions by its site, from the change log (rows
    written around the ORM have none; their own stamp is all there is)."""
    return [hlc for hlc in session.scalars(
        select(SyncChange.hlc).where(
            SyncChange.row_id == obj.id, SyncChange.tbl == table, SyncChange.field == "deleted",
            SyncChange.new == "1", SyncChange.origin == obj.site_id).distinct())
        if hlc < obj.hlc]


def _together(obj, earlier: list[str], model):
    """Condition on ``model`` rows: deleted within TOGETHER_MS of a deletion of ``obj`` (its
    newest stamp, or one of the ``earlier`` deletions). After its newest stamp, without an upper
    bound (a tombstone may be stamped again by a later merge)."""
    windows = [model.hlc >= _window(obj.hlc)]
    windows += [model.hlc.between(_window(hlc), _window_end(hlc)) for hlc in earlier]
    return or_(*windows)


def _children(session: Session, table: str, obj) -> list[tuple[str, str]]:
    """Records deleted together with ``obj`` (same site, within TOGETHER_MS of one of its
    deletions), recursively."""
    out: list[tuple[str, str]] = []
    todo = [(table, obj)]
    while todo:
        t, o = todo.pop(0)
        earlier = _earlier_deletions(session, t, o)  # one read per record, not per child table
        for lk in records.child_links(t):
            model = MODELS[lk.child]
            for child in session.scalars(select(model).where(
                    getattr(model, lk.column) == o.id, model.deleted == true(),
                    model.site_id == o.site_id, _together(o, earlier, model)).order_by(model.id)):
                key = (lk.child, child.id)
                if key not in out and key != (table, obj.id):
                    out.append(key)
                    todo.append((lk.child, child))
    return out


def plan_restore(session: Session, table: str, row_id: str) -> RestorePlan:
    obj = _get_deleted(session, table, row_id)
    return RestorePlan(
        records.ref(session, table, row_id),
        [records.ref(session, *k) for k in _parents(session, table, obj)],
        [records.ref(session, *k) for k in _children(session, table, obj)],
        children_by_default=table != "person",
    )


def _keys(session: Session, table: str, row_id: str, with_children: Optional[bool]) -> list[tuple[str, str]]:
    obj = _get_deleted(session, table, row_id)
    if with_children is None:
        with_children = table != "person"
    keys = _parents(session, table, obj)[::-1] + [(table, row_id)]
    if with_children:
        keys += _children(session, table, obj)
    return keys


def _restore(session: Session, keys: list[tuple[str, str]], first: tuple[str, str]) -> list[RecordRef]:
    start = undo_log.noted(session)
    apply(session, {k: {"deleted": 0} for k in keys}, what="恢复")
    session.flush()
    # One journal row, named after the record asked for (not a parent restored with it).
    undo_log.write(session, undo_log.take(session, start),
                   {"direction": "do", "undo_of": None, "tbl": first[0], "row_id": first[1],
                    "op": "restore", "rows": 1})
    return [records.ref(session, *k) for k in keys]


def restore(session: Session, table: str, row_id: str,
            with_children: Optional[bool] = None) -> list[RecordRef]:
    """Make the record live again, with its deleted parents and (``with_children``, default: yes
    except for a person) what was deleted together with it. Returns what was restored."""
    return _restore(session, _keys(session, table, row_id, with_children), (table, row_id))


def restore_many(session: Session, keys: Sequence[str], with_children: Optional[bool] = None) -> list[RecordRef]:
    """Restore several recycle-bin rows (``"<table>:<id>"``) at once, all or nothing."""
    todo: list[tuple[str, str]] = []
    for key in keys:
        table, row_id = parse_key(key)
        if (table, row_id) in todo:
            continue
        todo += [k for k in _keys(session, table, row_id, with_children) if k not in todo]
    if not todo:
        return []
    return _restore(session, todo, parse_key(keys[0]))


def count(session: Session, kind: Optional[str] = None) -> int:
    listing = TrashListing()
    return listing.count(session, ListQuery(filters={"kind": kind} if kind else {}))

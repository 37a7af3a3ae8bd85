"""Undo, redo and the recycle bin over the real services, for every kind of record.

Each kind is driven through the service the GUI uses (talent.save, posts.delete, …); undoing
must write *new* changes (the log only grows) that bring back exactly the values before.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import pytest
import time_machine
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.today import TEST_TODAY
from vcadre.services import (
    dispatch,
    dispatch_days,
    dispatch_visits,
    persons,
    posts,
    posts_plans,
    talent,
    talent_chain,
    talent_review,
    training,
    training_enrol,
)
from vcadre.services import undo
from vcadre.services.listing import ListQuery
from vcadre.services.undo import recycle
from vcadre.services.undo.records import MODELS
from vcadre.store.backend import run
from vcadre.store.db import Database
from vcadre.store.models import SyncChange, SyncConflict, UndoAction
from vcadre.sync.conflicts import merge_persons

TODAY = TEST_TODAY



@dataclass
class Ctx:
    villages: dict[str, str]
    entry: str       # a reserve entry (of 王芳, 青山村)
    person: str      # 王芳
    other: str       # 李强, another person (with an entry too)
    klass: str       # a training class
    posting: str     # a dispatch (of 赵刚, 石桥村)


def _entry_values(village: str, name: str, number: str, gender: str = "2") -> dict[str, Any]:
    return {"name": name, "gender": gender, "id_number": number, "village_id": village,
            "source": "veteran", "stage": "reserve", "status": "active", "entry_date": "2024-03-01"}


@pytest.fixture
def ctx(db: Database, small_county: dict[str, str]) -> Ctx:
    with db.session() as s, s.begin():
        entry = talent.save(s, None, _entry_values(small_county["青山村"], "王芳", "520524199001011221"))
        other_entry = talent.save(s, None, _entry_values(small_county["石桥村"], "李强", "520524198805051232", "1"))
        klass = training.save(s, None, {"title": "2026年村干部培训班", "kind": "village_cadre",
                                        "start_date": "2026-05-11", "end_date": "2026-05-13",
                                        "planned_hours": 24})
        posting = dispatch.save(s, None, {
            "name": "赵刚", "gender": "1", "unit": "县农业农村局", "role": "first_secretary",
            "village_id": small_county["石桥村"], "start_date": "2025-06-20", "status": "on_post"})
        person = talent.get(s, entry)
        pid = s.get(MODELS["reserve_entry"], entry).person_id
        other = s.get(MODELS["reserve_entry"], other_entry).person_id
    assert person["name"] == "王芳"
    return Ctx(small_county, entry, pid, other, klass, posting)


@dataclass
class Kind:
    table: str
    create: Callable[[Session, Ctx], str]
    #: (field, new value) it sets; None: the kind has no edit of its own.
    edit: Callable[[Session, Ctx, str], tuple[str, Any]] | None
    delete: Callable[[Session, Ctx, str], None] | None


def _person_create(s, c):
    data = persons.validate_person({"name": "孙悦", "gender": "2", "id_number": "52052419951212122X"}, [])
    p = persons.save_person(s, None, data)
    s.flush()
    return p.id


def _person_edit(s, c, pid):
    persons.save_person(s, pid, {"phone": "13900001111"})
    return "phone", "13900001111"


def _entry_edit(s, c, eid):
    values = talent.get(s, eid)
    talent.save(s, eid, {**values, "mentor": "张书记"})
    return "mentor", "张书记"


def _assessment_create(s, c):
    talent_review.record(s, 2025, {c.entry: "excellent"})
    return s.scalar(select(MODELS["assessment"].id).where(MODELS["assessment"].entry_id == c.entry))


def _assessment_edit(s, c, aid):
    talent_review.record(s, 2025, {c.entry: "basic"})
    return "result", "basic"


def _post_values(c):
    return {"person_id": c.person, "village_id": c.villages["青山村"], "post": "secretary",
            "start_date": "2021-04-01"}


def _post_edit(s, c, pid):
    posts.save(s, pid, {**_post_values(c), "end_date": "2026-04-30"})
    return "end_date", date(2026, 4, 30)


def _plan_values(c):
    return {"village_id": c.villages["青山村"], "reason": "主任非党员", "plan": "发展入党",
            "candidate_id": c.person}


def _class_values(title="2025年后备干部培训班"):
    return {"title": title, "kind": "reserve", "start_date": "2025-10-13", "end_date": "2025-10-14",
            "planned_hours": 16}


def _enrol(s, c):
    training_enrol.enrol(s, c.klass, [c.person])
    return s.scalar(select(MODELS["enrolment"].id).where(MODELS["enrolment"].person_id == c.person))


def _enrolment_edit(s, c, eid):
    s.get(MODELS["enrolment"], eid).notes = "补学一天"
    return "notes", "补学一天"


def _new_dispatch(s, c):
    return dispatch.save(s, None, {"person_id": c.other, "unit": "县教育局", "role": "team_member",
                                   "village_id": c.villages["青山村"], "start_date": "2025-07-01",
                                   "status": "on_post"})


def _dispatch_edit(s, c, did):
    values = dispatch.get(s, did)
    dispatch.save(s, did, {**values, "notes": "驻村表现好"})
    return "notes", "驻村表现好"


def _visit_create(s, c):
    return dispatch_visits.save_visit(s, None, c.posting, {"visit_date": "2026-03-02", "households": "3组",
                                                            "matters": "反映饮水问题"})


def _visit_edit(s, c, vid):
    dispatch_visits.save_visit(s, vid, c.posting, {"visit_date": "2026-03-02", "households": "3组",
                                                    "matters": "反映道路问题"})
    return "matters", "反映道路问题"


def _month_create(s, c):
    dispatch_days.save_month(s, date(2026, 3, 1), {c.posting: 20})
    return s.scalar(select(MODELS["dispatch_month"].id).where(MODELS["dispatch_month"].dispatch_id == c.posting))


def _month_edit(s, c, mid):
    dispatch_days.save_month(s, date(2026, 3, 1), {c.posting: 23})
    return "days", 23


def _promote(s, c):
    talent_chain.promote(s, c.entry, "cadre", date(2026, 5, 1), "换届当选")
    return s.scalar(select(MODELS["stage_change"].id).where(
        MODELS["stage_change"].entry_id == c.entry, MODELS["stage_change"].to_stage == "cadre"))


KINDS = [
    Kind("person", _person_create, _person_edit, lambda s, c, pid: merge_persons(s, c.other, pid)),
    Kind("reserve_entry",
         lambda s, c: talent.save(s, None, _entry_values(c.villages["化垮社区"], "周敏", "520524199203031247")),
         _entry_edit, lambda s, c, eid: talent.delete(s, eid)),
    Kind("stage_change", _promote, None, None),
    Kind("assessment", _assessment_create, _assessment_edit,
         lambda s, c, aid: talent_review.record(s, 2025, {c.entry: None})),
    Kind("village_post", lambda s, c: posts.save(s, None, _post_values(c)), _post_edit,
         lambda s, c, pid: posts.delete(s, pid)),
    Kind("one_shoulder_plan", lambda s, c: posts_plans.save(s, None, _plan_values(c)),
         lambda s, c, pid: (posts_plans.save(s, pid, {**_plan_values(c), "plan": "换届时推选"}), ("plan", "换届时推选"))[1],
         lambda s, c, pid: posts_plans.delete(s, pid)),
    Kind("training_session", lambda s, c: training.save(s, None, _class_values()),
         lambda s, c, tid: (training.save(s, tid, _class_values("2025年后备干部专题培训班")),
                            ("title", "2025年后备干部专题培训班"))[1],
         lambda s, c, tid: training.delete(s, tid)),
    Kind("enrolment", _enrol, _enrolment_edit, lambda s, c, eid: training_enrol.remove(s, [eid])),
    Kind("dispatch", _new_dispatch, _dispatch_edit, lambda s, c, did: dispatch.delete(s, did)),
    Kind("visit", _visit_create, _visit_edit, lambda s, c, vid: dispatch_visits.delete_visit(s, vid)),
    Kind("dispatch_month", _month_create, _month_edit,
         lambda s, c, mid: dispatch_days.save_month(s, date(2026, 3, 1), {c.posting: None})),
]
IDS = [k.table for k in KINDS]


def _row(db: Database, table: str, row_id: str) -> dict[str, Any]:
    with db.engine.connect() as conn:
        r = run(conn, f"SELECT * FROM {table} WHERE id = ?", (row_id,)).mappings().one()
        return dict(r)


def _log(db: Database) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(SyncChange.seq, SyncChange.hlc, SyncChange.tbl,
                                                   SyncChange.row_id, SyncChange.field, SyncChange.new)
                                            .order_by(SyncChange.seq))]


def _do(db: Database, fn, *args):
    with db.session() as s, s.begin():
        return fn(s, *args)


def _undo(db: Database, **kw) -> undo.Action:
    with db.session() as s, s.begin():
        return undo.undo(s, **kw)


def _redo(db: Database, **kw) -> undo.Action:
    with db.session() as s, s.begin():
        return undo.redo(s, **kw)


def _plain(value: Any) -> Any:
    """A date as SQLite stores it (the server gives a date)."""
    return value.isoformat() if isinstance(value, date) else value


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("hlc", "updated_at", "site_id")}


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_undo_and_redo_of_a_create(db: Database, ctx: Ctx, kind: Kind) -> None:
    row_id = _do(db, kind.create, ctx)
    made = _row(db, kind.table, row_id)
    assert made["deleted"] == 0
    log_before = _log(db)
    done = _undo(db)
    assert _row(db, kind.table, row_id)["deleted"] == 1
    log_after = _log(db)
    # History is never rewritten: the undo's changes come after the action's, with newer clocks.
    assert log_after[:len(log_before)] == log_before
    assert log_after[-1][1] > max(r[1] for r in log_before)
    assert done.op in ("create", "move")
    _redo(db)
    assert _content(_row(db, kind.table, row_id)) == _content(made)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.edit], ids=[k.table for k in KINDS if k.edit])
def test_undo_and_redo_of_an_edit(db: Database, ctx: Ctx, kind: Kind) -> None:
    row_id = _do(db, kind.create, ctx)
    before = _row(db, kind.table, row_id)
    field, value = _do(db, kind.edit, ctx, row_id)
    edited = _row(db, kind.table, row_id)
    assert _plain(edited[field]) == _plain(value)
    with db.session() as s:
        assert undo.undoable(s)[0].op == "edit"
    _undo(db)
    assert _content(_row(db, kind.table, row_id)) == _content(before)
    _redo(db)
    assert _content(_row(db, kind.table, row_id)) == _content(edited)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.delete], ids=[k.table for k in KINDS if k.delete])
def test_undo_of_a_delete_and_restore_from_the_bin(db: Database, ctx: Ctx, kind: Kind) -> None:
    row_id = _do(db, kind.create, ctx)
    live = _row(db, kind.table, row_id)
    _do(db, kind.delete, ctx, row_id)
    assert _row(db, kind.table, row_id)["deleted"] == 1
    with db.session() as s:
        label = undo.undoable(s)[0].label
    assert label.startswith("删除") and undo.kind_label(kind.table) in label
    _undo(db)
    assert _content(_row(db, kind.table, row_id)) == _content(live)

    # Deleted again: the recycle bin lists it under its kind and restores it (only the tombstone
    # changes: a merged-away person keeps the merge note).
    _do(db, kind.delete, ctx, row_id)
    in_bin = _row(db, kind.table, row_id)
    with db.session() as s:
        listing = recycle.TrashListing()
        q = ListQuery(filters={"kind": kind.table})
        keys = [r.id for r in listing.page(s, q, 0, 50)]
        assert f"{kind.table}:{row_id}" in keys and listing.count(s, q) == len(keys)
    restored = _do(db, recycle.restore, kind.table, row_id)
    assert (kind.table, row_id) in {(r.table, r.id) for r in restored}
    assert _content(_row(db, kind.table, row_id)) == {**_content(in_bin), "deleted": 0}
    if kind.table != "person":
        assert _content(_row(db, kind.table, row_id)) == _content(live)
    # A restore is an action like any other: Ctrl+Z deletes it again.
    with db.session() as s:
        assert undo.undoable(s)[0].op == "restore"
    _undo(db)
    assert _row(db, kind.table, row_id)["deleted"] == 1


def test_undo_of_a_stage_move_restores_stage_and_history(db: Database, ctx: Ctx) -> None:
    with db.session() as s:
        entry = s.get(MODELS["reserve_entry"], ctx.entry)
        old = (entry.stage, entry.status)
    change = _do(db, _promote, ctx)
    with db.session() as s:
        action = undo.undoable(s)[0]
    assert action.label == "调整培养阶段 王芳：村后备干部 → 村干部"
    _undo(db)
    row = _row(db, "reserve_entry", ctx.entry)
    assert (row["stage"], row["status"]) == old
    assert _row(db, "stage_change", change)["deleted"] == 1


def test_undoing_a_delete_of_a_class_brings_back_its_trainees(db: Database, ctx: Ctx) -> None:
    enrolment = _do(db, _enrol, ctx)
    _do(db, lambda s, c: training.delete(s, c.klass), ctx)
    assert _row(db, "enrolment", enrolment)["deleted"] == 1
    _undo(db)
    assert _row(db, "training_session", ctx.klass)["deleted"] == 0
    assert _row(db, "enrolment", enrolment)["deleted"] == 0


def test_restoring_a_trainee_of_a_deleted_class_restores_the_class_only(db: Database, ctx: Ctx) -> None:
    first = _do(db, _enrol, ctx)
    _do(db, lambda s, c: training_enrol.enrol(s, c.klass, [c.other]), ctx)
    second = _do(db, lambda s, c: s.scalar(select(MODELS["enrolment"].id).where(
        MODELS["enrolment"].person_id == c.other)), ctx)
    _do(db, lambda s, c: training.delete(s, c.klass), ctx)
    with db.session() as s:
        plan = recycle.plan_restore(s, "enrolment", first)
        assert [(p.table, p.id) for p in plan.parents] == [("training_session", ctx.klass)]
        assert plan.children == []
        # The class's own plan: both trainees were deleted with it.
        whole = recycle.plan_restore(s, "training_session", ctx.klass)
        assert {c.id for c in whole.children} == {first, second}
    _do(db, recycle.restore, "enrolment", first)
    assert _row(db, "training_session", ctx.klass)["deleted"] == 0
    assert _row(db, "enrolment", first)["deleted"] == 0
    assert _row(db, "enrolment", second)["deleted"] == 1


def test_restoring_a_person_restores_nothing_else_unless_asked(db: Database, ctx: Ctx) -> None:
    with db.session() as s, s.begin():
        # A person deleted with their entry in one transaction (as a sync package may bring it).
        entry = s.get(MODELS["reserve_entry"], ctx.entry)
        entry.deleted = True
        s.get(MODELS["person"], ctx.person).deleted = True
    with db.session() as s:
        plan = recycle.plan_restore(s, "person", ctx.person)
        assert not plan.children_by_default and [c.table for c in plan.children] == ["reserve_entry"]
    with time_machine.travel(time.time(), tick=True) as clock:
        _do(db, recycle.restore, "person", ctx.person)
        assert _row(db, "person", ctx.person)["deleted"] == 0
        assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 1
        # The officer thinks it over for a minute, then undoes the restore: the person is
        # deleted again with a new stamp, long after the delete that took the entry with it.
        clock.shift(60)
        _undo(db)
        _do(db, lambda s: recycle.restore(s, "person", ctx.person, with_children=True))
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 0


def test_only_records_deleted_with_the_person_count_as_its_children(db: Database, ctx: Ctx) -> None:
    """An entry deleted on its own, minutes before its person, is not restored with the person."""
    with time_machine.travel(time.time(), tick=True) as clock:
        _do(db, lambda s, c: setattr(s.get(MODELS["reserve_entry"], c.entry), "deleted", True), ctx)
        clock.shift(300)
        _do(db, lambda s, c: setattr(s.get(MODELS["person"], c.person), "deleted", True), ctx)
        with db.session() as s:
            assert recycle.plan_restore(s, "person", ctx.person).children == []
        _do(db, lambda s: recycle.restore(s, "person", ctx.person, with_children=True))
    assert _row(db, "person", ctx.person)["deleted"] == 0
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 1


def test_a_restore_that_would_break_a_rule_is_refused_and_writes_nothing(db: Database, ctx: Ctx) -> None:
    post = _do(db, lambda s, c: posts.save(s, None, _post_values(c)), ctx)
    _do(db, lambda s, c: posts.delete(s, post), ctx)
    # Meanwhile someone else became secretary of the same village for the same time.
    _do(db, lambda s, c: posts.save(s, None, {**_post_values(c), "person_id": c.other}), ctx)
    log = _log(db)
    with db.session() as s, s.begin(), pytest.raises(undo.UndoError, match="李强"):
        recycle.restore(s, "village_post", post)
    assert _log(db) == log and _row(db, "village_post", post)["deleted"] == 1
    # Undoing the delete (not the newest action) is refused the same way.
    with db.session() as s:
        delete_action = undo.undoable(s)[1]
    with db.session() as s, s.begin(), pytest.raises(undo.UndoError, match="两人任职"):
        undo.undo(s, delete_action.id)
    assert _log(db) == log


def test_undoing_a_create_others_now_use_is_refused(db: Database, ctx: Ctx) -> None:
    pid = _do(db, _person_create, ctx)
    with db.session() as s:
        created = undo.undoable(s)[0].id
    _do(db, lambda s, c: training_enrol.enrol(s, c.klass, [pid]), ctx)
    with db.session() as s, s.begin(), pytest.raises(undo.UndoError, match="培训学员"):
        undo.undo(s, created)
    assert _row(db, "person", pid)["deleted"] == 0


def test_undo_stack_keeps_at_least_twenty_per_kind(db: Database, ctx: Ctx) -> None:
    vid = _do(db, _visit_create, ctx)
    for i in range(25):
        _do(db, lambda s, c: talent_review.record(s, 2025, {c.entry: ("excellent", "competent")[i % 2]}), ctx)
        _do(db, lambda s, c: dispatch_visits.save_visit(s, vid, c.posting, {
            "visit_date": "2026-03-02", "matters": f"第{i}次"}), ctx)
    with db.session() as s:
        actions = undo.undoable(s, limit=1000)
    tables = [a.table for a in actions]
    assert tables.count("assessment") >= 20 and tables.count("visit") >= 20
    # Newest first, and Ctrl+Z walks back one action at a time.
    assert actions[0].table == "visit" and actions[1].table == "assessment"
    for _ in range(4):
        _undo(db)
    assert _row(db, "visit", vid)["matters"] == "第22次"


def test_since_limits_the_stack_to_this_window(db: Database, ctx: Ctx) -> None:
    with db.session() as s:
        start = undo.mark(s)
        assert start > 0  # the fixture's own actions are journaled
    with db.session() as s, s.begin(), pytest.raises(undo.UndoError, match="没有可以撤销"):
        undo.undo(s, since=start)
    vid = _do(db, _visit_create, ctx)
    assert _undo(db, since=start).row_id == vid
    with db.session() as s, s.begin(), pytest.raises(undo.UndoError, match="没有可以撤销"):
        undo.undo(s, since=start)


def test_a_new_action_ends_redo(db: Database, ctx: Ctx) -> None:
    vid = _do(db, _visit_create, ctx)
    _undo(db)
    with db.session() as s:
        assert [a.row_id for a in undo.redoable(s)] == [vid]
    _do(db, _month_create, ctx)
    with db.session() as s:
        assert undo.redoable(s) == []
        with pytest.raises(undo.UndoError, match="没有可以重做"):
            undo.redo(s)


def test_several_undos_in_one_transaction(db: Database, ctx: Ctx) -> None:
    vid = _do(db, _visit_create, ctx)
    _do(db, _visit_edit, ctx, vid)
    with db.session() as s, s.begin():
        assert undo.undo(s).op == "edit"
        assert undo.undo(s).op == "create"
    assert _row(db, "visit", vid)["deleted"] == 1


def test_issuing_certificates_is_not_undoable(db: Database, ctx: Ctx) -> None:
    from vcadre.services import training_certificates

    enrolment = _do(db, _enrol, ctx)
    with db.session() as s, s.begin():
        e = s.get(MODELS["enrolment"], enrolment)
        e.result = "completed"
    with db.session() as s:
        before = s.scalar(select(func.max(UndoAction.id)))
    with db.session() as s, s.begin():
        issued = training_certificates.issue(s, ctx.klass)
    assert issued
    with db.session() as s:
        assert s.scalar(select(func.max(UndoAction.id))) == before
        assert undo.undoable(s)[0].table == "enrolment"  # the result set by hand, not the numbers


# ------------------------------------------------------------------ the bin's listing


def test_trash_listing_search_kinds_and_paging(db: Database, ctx: Ctx) -> None:
    made = []
    for i in range(7):
        vid = _do(db, lambda s, c: dispatch_visits.save_visit(s, None, c.posting, {
            "visit_date": f"2026-03-0{i + 1}", "matters": "x"}), ctx)
        _do(db, lambda s, c: dispatch_visits.delete_visit(s, vid), ctx)
        made.append(vid)
    _do(db, lambda s, c: talent.delete(s, c.entry), ctx)
    listing = recycle.TrashListing()
    with db.session() as s:
        assert listing.count(s, ListQuery()) == 8
        first = listing.page(s, ListQuery(), 0, 5)
        rest = listing.page(s, ListQuery(), 5, 5)
        assert len(first) == 5 and len(rest) == 3
        assert first[0].id == f"reserve_entry:{ctx.entry}"  # newest deletion first
        kinds = [r.values[0] for r in first + rest]
        assert kinds.count("visit") == 7
        row = first[0].values
        assert (row[1], row[2], row[4]) == ("王芳（村后备干部）", "龙场镇 青山村", "测试站点")
        assert listing.count(s, ListQuery(search="王芳")) == 1
        assert listing.count(s, ListQuery(search="赵刚")) == 7  # visits of 赵刚's posting
        assert listing.count(s, ListQuery(search="石桥村")) == 7
        assert listing.count(s, ListQuery(filters={"kind": "visit"})) == 7
        assert listing.count(s, ListQuery(filters={"kind": "person"})) == 0
        # The quick path (each table's newest tombstones from its index) cuts the same pages as
        # a sort of the whole union would, ties included (one delete stamps rows alike).
        from vcadre.services.listing import Listing

        for q in (ListQuery(), ListQuery(filters={"kind": "visit"})):
            for offset in (0, 2, 5, 7):
                assert listing.page(s, q, offset, 3) == Listing.page(listing, s, q, offset, 3)
            assert listing.count(s, q) == Listing.count(listing, s, q)
        by_kind = listing.page(s, ListQuery(order_by="record_kind"), 0, 8)
        assert [r.values[0] for r in by_kind][0] == "reserve_entry"
    if not db.is_server:  # SQLite's query plan: only tombstoned rows, read through the partial index
        with db.session() as s:
            plan = s.execute(text("EXPLAIN QUERY PLAN " + str(
                recycle._branch("visit").compile(dialect=s.get_bind().dialect,
                                                 compile_kwargs={"literal_binds": True})))).all()
            assert any("ix_visit_trash" in str(p) for p in plan)


def test_restore_many_is_one_action(db: Database, ctx: Ctx) -> None:
    ids = []
    for i in range(3):
        vid = _do(db, lambda s, c: dispatch_visits.save_visit(s, None, c.posting, {
            "visit_date": f"2026-04-0{i + 1}", "matters": "x"}), ctx)
        _do(db, lambda s, c: dispatch_visits.delete_visit(s, vid), ctx)
        ids.append(vid)
    _do(db, lambda s: recycle.restore_many(s, [f"visit:{v}" for v in ids]))
    assert all(_row(db, "visit", v)["deleted"] == 0 for v in ids)
    _undo(db)
    assert all(_row(db, "visit", v)["deleted"] == 1 for v in ids)

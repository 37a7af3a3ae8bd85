"""Undo across sites: an undone edit travels like any edit; an undo over an imported change is
refused (or, forced, leaves the overwritten value as an open sync conflict)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.unit.services.test_undo import _do, _log, _person_create, _person_edit, _row, _undo
from tests.unit.sync.conftest import content
from tests.unit.sync.helpers import ship
from vcadre.services import persons, undo
from vcadre.store.models import Person, SyncChange, SyncConflict
from vcadre.sync import conflicts

pytestmark = pytest.mark.both_backends  # the first site (the county) is an office on the server (conftest.sites)


def test_an_undone_edit_reaches_a_second_site(sites, tmp_path) -> None:
    a, b = sites("县委组织部", "龙场镇")
    pid = _do(a, _person_create, None)
    ship(a, b, tmp_path)
    _do(a, _person_edit, None, pid)
    ship(a, b, tmp_path)
    assert _row(b, "person", pid)["phone"] == "13900001111"
    _undo(a)
    ship(a, b, tmp_path)
    assert _row(b, "person", pid)["phone"] is None
    assert content(a)["person"][pid] == content(b)["person"][pid]  # plain values on either backend
    # The undo is an ordinary change on B as well: B's log holds the edit and the undo.
    with b.session() as s:
        values = [json.loads(v) for v in s.scalars(select(SyncChange.new).where(
            SyncChange.row_id == pid, SyncChange.field == "phone").order_by(SyncChange.seq))]
    assert values == ["13900001111", None]


def test_undo_after_a_conflicting_import_is_refused_then_kept_visible_when_forced(sites, tmp_path) -> None:
    a, b = sites("县委组织部", "龙场镇")
    pid = _do(a, _person_create, None)
    ship(a, b, tmp_path)
    with a.session() as s, s.begin():
        persons.save_person(s, pid, {"phone": "13900001111", "native_place": "贵州织金"})
    with a.session() as s:
        start = undo.undoable(s)[0].id
    ship(a, b, tmp_path)
    # Later, 龙场镇 changes the phone (not the native place) and sends it back.
    with b.session() as s, s.begin():
        persons.save_person(s, pid, {"phone": "13700002222"})
    ship(b, a, tmp_path)
    assert _row(a, "person", pid)["phone"] == "13700002222"
    with a.session() as s:
        assert conflicts.list_conflicts(s) == []  # a later edit, not a concurrent one
    log = _log(a)
    with a.session() as s, s.begin(), pytest.raises(undo.UndoConflict) as err:
        undo.undo(s, start)
    assert "联系电话" in str(err.value) and "龙场镇" in str(err.value)
    assert [c.field for c in err.value.conflicts] == ["phone"]
    assert _log(a) == log  # nothing written
    # Forced: the undo is written, the imported value it overwrote is an open sync conflict.
    with a.session() as s, s.begin():
        undo.undo(s, start, force=True)
    row = _row(a, "person", pid)
    assert (row["phone"], row["native_place"]) == (None, None)
    with a.session() as s:
        conflict = s.scalars(select(SyncConflict).where(SyncConflict.row_id == pid)).one()
        assert (conflict.field, json.loads(conflict.loser), conflict.status) == ("phone", "13700002222", "open")
        listed = conflicts.list_conflicts(s)
    assert [c.loser for c in listed] == ["13700002222"]
    # Keeping the imported value is the usual resolution, and syncs like any other.
    with a.session() as s, s.begin():
        conflicts.resolve(s, listed[0].id, "loser")
    assert _row(a, "person", pid)["phone"] == "13700002222"


def test_undoing_a_create_after_an_import_edited_the_row_is_refused(sites, tmp_path) -> None:
    a, b = sites("县委组织部", "龙场镇")
    pid = _do(a, _person_create, None)
    ship(a, b, tmp_path)
    with b.session() as s, s.begin():
        persons.save_person(s, pid, {"phone": "13700002222"})
    ship(b, a, tmp_path)
    with a.session() as s, s.begin(), pytest.raises(undo.UndoConflict):
        undo.undo(s)
    assert _row(a, "person", pid)["deleted"] == 0



def test_a_conflict_on_a_date_is_resolved_on_either_backend(sites, tmp_path) -> None:
    """Dates travel in the log as ``YYYY-MM-DD`` text on either backend: keeping the losing date
    of a conflict writes a date on the office server too."""
    a, b = sites("县委组织部", "龙场镇")
    pid = _do(a, _person_create, None)
    ship(a, b, tmp_path)
    with a.session() as s, s.begin():
        persons.save_person(s, pid, {"birth_date": date(1980, 1, 2)})
    with b.session() as s, s.begin():
        persons.save_person(s, pid, {"birth_date": date(1981, 3, 4)})
    ship(b, a, tmp_path)  # concurrent edits of the same date: the later one wins, a conflict
    with a.session() as s:
        (listed,) = conflicts.list_conflicts(s)
        assert s.get(Person, pid).birth_date == date(1981, 3, 4)
    with a.session() as s, s.begin():
        conflicts.resolve(s, listed.id, "loser")
    with a.session() as s:
        assert s.get(Person, pid).birth_date == date(1980, 1, 2)
    ship(a, b, tmp_path)
    assert content(a)["person"][pid] == content(b)["person"][pid]


def test_a_forced_undo_over_an_imported_date_keeps_it_visible(sites, tmp_path) -> None:
    a, b = sites("县委组织部", "龙场镇")
    pid = _do(a, _person_create, None)
    ship(a, b, tmp_path)
    with a.session() as s, s.begin():
        persons.save_person(s, pid, {"birth_date": date(1980, 1, 2)})
    with a.session() as s:
        start = undo.undoable(s)[0].id
    ship(a, b, tmp_path)
    with b.session() as s, s.begin():
        persons.save_person(s, pid, {"birth_date": date(1981, 3, 4)})
    ship(b, a, tmp_path)  # a later edit of the county's date
    with a.session() as s, s.begin():
        undo.undo(s, start, force=True)
    with a.session() as s:
        assert s.get(Person, pid).birth_date == date(1995, 12, 12)  # as created
        conflict = s.scalars(select(SyncConflict).where(SyncConflict.row_id == pid)).one()
        assert (conflict.field, json.loads(conflict.loser), conflict.status) == ("birth_date", "1981-03-04", "open")
        assert json.loads(conflict.winner) == "1995-12-12"

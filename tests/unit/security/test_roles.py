"""Roles through the services: a 查阅员 cannot edit, unmask, import or export anything; a
录入员 can all of that but not administer users; writes are refused centrally (ORM flush, ORM
bulk statements, raw SQL on the encrypted engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from tests.unit.security.conftest import ADMIN, CANARY_ID, CANARY_PHONE, CLERK, READER
from vcadre.domain.roles import PermissionDenied
from vcadre.services import person_card, talent, talent_excel
from vcadre.services.security import accounts, audit
from vcadre.store.models import Person, Region


def _values(village_id: str) -> dict:
    return dict(name="新人", gender="1", village_id=village_id, source="veteran", stage="reserve",
                status="active", entry_date="2024-01-02", political_status="01")


def test_reader_cannot_write_through_a_service(protected) -> None:
    db = protected["login"](READER)
    with pytest.raises(PermissionDenied, match="查阅员"):
        with db.session() as s, s.begin():
            talent.save(s, None, _values(protected["county"]["青山村"]))
    with db.session() as s:
        assert s.scalar(select(Person.name).where(Person.name == "新人")) is None


def test_reader_cannot_write_around_the_orm(protected) -> None:
    db = protected["login"](READER)
    with pytest.raises(PermissionDenied):
        with db.session() as s, s.begin():
            s.execute(update(Person).values(notes="x"))
    with pytest.raises(PermissionDenied):
        with db.session() as s, s.begin():
            s.execute(insert(Region), [{"id": "r1", "code": "1", "name": "x", "level": "county"}])
    with pytest.raises(Exception, match="not authorized"):
        with db.session() as s, s.begin():
            s.execute(text("UPDATE person SET notes = 'x'"))
    with pytest.raises(Exception, match="not authorized"):
        with db.engine.connect() as conn, conn.begin():
            conn.connection.dbapi_connection.execute("DELETE FROM person")
    with db.session() as s:
        assert s.scalar(select(Person.notes)) in (None, "")


def test_reader_cannot_unmask_export_or_import(protected, tmp_path: Path) -> None:
    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services.listing import ListQuery
    from vcadre.sync.service import export_package

    db = protected["login"](READER)
    pid = None
    with db.session() as s:
        pid = s.scalar(select(Person.id))
        card = person_card.card(s, pid)  # masked: allowed
        assert CANARY_ID not in str(card.personal) and CANARY_PHONE not in str(card.personal)
        with pytest.raises(PermissionDenied):
            person_card.card(s, pid, show_id=True)
        with pytest.raises(PermissionDenied):
            build_roster(s, "talent", ListQuery())
        with pytest.raises(PermissionDenied):
            talent_excel.export(s, tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):
        export_package(db, tmp_path / "x.vcsync", "passphrase-123", full=True)
    talent_excel.write_template(tmp_path / "t.xlsx")
    with pytest.raises(PermissionDenied):
        talent_excel.import_file(db, tmp_path / "t.xlsx")
    with pytest.raises(PermissionDenied):
        accounts.add_user(db, "某人", "查阅员", "some-pass-1")
    with db.session() as s:
        with pytest.raises(PermissionDenied):
            audit.verify(s)
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.vcsync").exists()


def test_clerk_edits_unmasks_and_exports_with_audit(protected, tmp_path: Path) -> None:
    from vcadre.reports.roster import write
    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services.listing import ListQuery

    db = protected["login"](CLERK)
    with db.session() as s, s.begin():
        talent.save(s, None, _values(protected["county"]["青山村"]))
    with db.session() as s:
        pid = s.scalar(select(Person.id).where(Person.id_number == CANARY_ID))
        assert person_card.card(s, pid, show_id=True).personal["id_number"] == CANARY_ID
        roster = build_roster(s, "talent", ListQuery(), show_id=True)
    write(roster, tmp_path / "r.pdf")
    with db.session() as s:
        n = talent_excel.export(s, tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):
        accounts.add_user(db, "某人", "查阅员", "some-pass-1")
    admin = protected["login"](ADMIN)
    with admin.session() as s:
        es = audit.entries(s, audit.AuditFilter(user=CLERK), newest_first=False)
    actions = [e.action for e in es]
    assert actions[0] == "login" and "record.create" in actions
    assert actions.count("unmask") == 3  # the card, the unmasked roster, the Excel list (full IDs)
    exports = [e for e in es if e.action == "export"]
    assert [(e.detail["rows"], Path(e.detail["where"]).name, e.detail["unmasked"]) for e in exports] == \
        [(2, "r.pdf", True), (n, "x.xlsx", True)]
    # The log says which roster was printed: its title and kind.
    assert (exports[0].detail["what"], exports[0].target, exports[0].kind) == (roster.title, roster.title, "talent")


def test_admin_manages_users_but_not_the_last_admin(protected) -> None:
    db = protected["login"](ADMIN)
    with pytest.raises(Exception, match="唯一的管理员"):
        accounts.set_role(db, ADMIN, "录入员")
    with pytest.raises(Exception, match="不能停用自己"):
        accounts.set_disabled(db, ADMIN)
    accounts.set_disabled(db, READER)
    from vcadre.store.db import LoginFailed, open_database
    from vcadre.store.protect.login import Login

    with pytest.raises(LoginFailed):
        open_database(protected["path"], login=Login(READER, "reader-pass-3"))
    accounts.set_role(db, CLERK, "查阅员")
    names = {u.name: (u.role, u.disabled) for u in accounts.list_users(db)}
    assert names == {ADMIN: ("管理员", False), CLERK: ("查阅员", False), READER: ("查阅员", True)}
    clerk_now_reader = protected["login"](CLERK)
    with pytest.raises(PermissionDenied):
        with clerk_now_reader.session() as s, s.begin():
            s.get(Person, s.scalar(select(Person.id))).notes = "x"


def test_database_without_accounts_stays_open(db, small_county) -> None:
    """Old databases and the tests' own: no accounts, no login, everything allowed (and audited)."""
    with db.session() as s, s.begin():
        talent.save(s, None, _values(small_county["青山村"]))
    with db.session() as s:
        assert audit.verify(s).ok
        assert any(e.action == "record.create" and e.kind == "person" for e in audit.entries(s))


def test_excel_export_with_a_password_is_encrypted(protected, tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    from vcadre.reports.excel_protect import open_workbook_bytes

    db = protected["login"](CLERK)
    out = tmp_path / "名单.xlsx"
    with db.session() as s:
        assert talent_excel.export(s, out, password="excel-pw-1") == 1
    data = out.read_bytes()
    assert data[:4] == b"\xd0\xcf\x11\xe0" and CANARY_ID.encode() not in data  # an encrypted OLE file
    assert not list(tmp_path.glob("*.part"))
    rows = list(load_workbook(io.BytesIO(open_workbook_bytes(out, "excel-pw-1"))).active.iter_rows(values_only=True))
    assert rows[1][2] == CANARY_ID


def test_edit_form_values_are_masked_for_a_reader(protected) -> None:
    for name, masked in ((READER, True), (CLERK, False)):
        db = protected["login"](name)
        with db.session() as s:
            values = talent.get(s, protected["entry"])
        assert (values["id_number"] != CANARY_ID) is masked and (values["phone"] != CANARY_PHONE) is masked
        if masked:
            assert values["id_number"] == CANARY_ID[:6] + "********" + CANARY_ID[-4:]
            assert values["phone"] == CANARY_PHONE[:3] + "****" + CANARY_PHONE[-4:]


def test_cadre_forms_need_the_roles_and_are_audited(protected, tmp_path: Path) -> None:
    from vcadre.services.documents import lrmx, person_form

    pid = None
    reader = protected["login"](READER)
    with reader.session() as s:
        pid = s.scalar(select(Person.id))
        assert CANARY_ID not in str(person_form.form_of(s, pid, show_id=False).values)
        with pytest.raises(PermissionDenied):
            person_form.form_of(s, pid, show_id=True)
        with pytest.raises(PermissionDenied):
            lrmx.export_person(s, pid, tmp_path / "r.lrmx")
    assert not (tmp_path / "r.lrmx").exists()
    clerk = protected["login"](CLERK)
    with clerk.session() as s:
        lrmx.export_person(s, pid, tmp_path / "c.lrmx")
    admin = protected["login"](ADMIN)
    with admin.session() as s:
        e = audit.entries(s, audit.AuditFilter(action="export"), limit=1)[0]
    assert (e.user, e.detail["what"], e.detail["unmasked"], Path(e.detail["where"]).name) == \
        (CLERK, "任免审批表（.lrmx）", True, "c.lrmx")

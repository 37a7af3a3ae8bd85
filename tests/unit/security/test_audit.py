"""The audit trail: what it records (never ID or phone values) and a chain that breaks on any
single change to the audit table — a changed, removed (also the last) or reordered entry."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select, text

from tests.unit.security.conftest import ADMIN, CANARY_ID, CANARY_PHONE, CLERK
from vcadre.services import talent
from vcadre.services.security import audit
from vcadre.store.models import Person


def _edit_canary(db) -> None:
    from vcadre.domain.idnumber import make_id_number
    from datetime import date

    with db.session() as s, s.begin():
        p = s.scalars(select(Person).where(Person.id_number == CANARY_ID)).one()
        p.phone = "13700001111"
        p.notes = "调整"
        p.id_number = make_id_number("520524", date(1987, 6, 5), 24)


def test_edits_are_recorded_with_field_names_not_values(protected) -> None:
    db = protected["login"](CLERK)
    _edit_canary(db)
    admin = protected["login"](ADMIN)
    with admin.session() as s:
        edits = audit.entries(s, audit.AuditFilter(action="record.edit"))
        raw = "\n".join(r for r in s.scalars(text("SELECT at || user_name || action || kind || target || detail FROM audit_log")))
    person_edit = [e for e in edits if e.kind == "person"][0]
    assert person_edit.user == CLERK
    assert set(person_edit.detail["fields"]) >= {"phone", "notes", "id_number"}
    for value in (CANARY_ID, CANARY_PHONE, "13700001111"):
        assert value not in raw


def test_record_cleans_values_passed_by_mistake(db) -> None:
    with db.session() as s, s.begin():
        audit.record(s, "export", target=f"名单 {CANARY_ID}", where=f"电话{CANARY_PHONE}.xlsx")
    with db.session() as s:
        e = audit.entries(s, limit=1)[0]
    assert CANARY_ID not in e.target and CANARY_PHONE not in json.dumps(e.detail, ensure_ascii=False)


def _chained_db(protected):
    db = protected["login"](ADMIN)
    _edit_canary(db)
    for i in range(3):
        audit.log(db, "export", what=f"名单{i}", rows=i, where=f"/tmp/{i}.pdf")
    with db.session() as s:
        res = audit.verify(s)
    assert res.ok and res.checked >= 8
    return db, res.checked


def _sql(db, sql: str) -> None:
    with db.engine.connect() as conn, conn.begin():  # one transaction: one change to the table
        for statement in sql.split(";"):
            conn.exec_driver_sql(statement)


def _verify(db):
    with db.session() as s:
        return audit.verify(s)


@pytest.mark.parametrize("tamper", [
    "UPDATE audit_log SET user_name = '别人' WHERE seq = 3",
    "UPDATE audit_log SET detail = '{}' WHERE seq = 4",
    "UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 3",
    "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
    "DELETE FROM audit_log WHERE seq = 1",
    # swap the contents of two entries (their numbers stay in order)
    "UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4); UPDATE audit_log SET seq = 4 WHERE seq = -3; "
    "UPDATE audit_log SET seq = 3 WHERE seq = -4",
    "INSERT INTO audit_log SELECT seq + 1000, at, user_name, role, action, kind, target, detail, prev_hash, hash "
    "FROM audit_log WHERE seq = 2",
])
def test_any_single_change_breaks_the_chain(protected, tamper) -> None:
    db, checked = _chained_db(protected)
    _sql(db, tamper)
    res = _verify(db)
    assert not res.ok
    assert "审计日志被改动" in res.message()


def test_recomputing_one_hash_is_caught_by_the_next_entry(protected) -> None:
    from vcadre.store.protect import chain

    db, _ = _chained_db(protected)
    with db.engine.connect() as conn, conn.begin():
        row = conn.exec_driver_sql("SELECT seq, at, user_name, role, action, kind, target, detail, prev_hash "
                                   "FROM audit_log WHERE seq = 3").one()
        new = chain.entry_hash([row[0], row[1], "别人", row[3], row[4], row[5], row[6], row[7]], row[8])
        conn.exec_driver_sql("UPDATE audit_log SET user_name = '别人', hash = ? WHERE seq = 3", (new,))
    res = _verify(db)
    assert not res.ok and res.seq == 4


def test_cli_audit_verify_prints_count(protected, capsys) -> None:
    from vcadre.cli import main

    pw = protected["path"].with_name("pw.txt")
    pw.write_text("admin-pass-1\n", encoding="utf-8")
    code = main(["audit", "verify", "--db", str(protected["path"]), "--user", ADMIN, "--password-file", str(pw)])
    out = capsys.readouterr().out
    assert code == 0 and "已检查" in out
    n = int(out.split("已检查 ")[1].split(" ")[0])
    assert n >= 5

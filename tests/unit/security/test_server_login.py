"""Accounts and roles on an office server (issue 16): a county's protected file moved to the server
with ``vcadre db copy`` keeps its users; the server asks for the same login (checked against the
argon2id hash) and enforces the same roles as the file. Every test runs on the file and on the
server (``backend``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.unit.security.conftest import ADMIN, CLERK, PASSWORDS, READER
from vcadre.cli import main
from vcadre.domain.roles import PermissionDenied
from vcadre.services import talent
from vcadre.services.security import accounts
from vcadre.store.db import LoginFailed, LoginRequired, open_database
from vcadre.store.models import Person
from vcadre.store.protect.login import Login

pytestmark = pytest.mark.both_backends


def _pw(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / f"{name}.txt"
    p.write_text(text + "\n", encoding="utf-8")
    return str(p)


@pytest.fixture
def office(request, backend: str, tmp_path: Path, capsys) -> dict:
    """A protected county file with an administrator, a clerk and a reader (made by the CLI), or
    that file copied to a new server database by ``vcadre db copy``; → {"db": path or URL, "pw": …}."""
    pw = {name: _pw(tmp_path, f"u{i}", PASSWORDS[name]) for i, name in enumerate((ADMIN, CLERK, READER))}
    path = tmp_path / "县.db"
    assert main(["init", "--db", str(path), "--site-name", "织金县委组织部", "--admin", ADMIN,
                 "--password-file", pw[ADMIN], "--recovery-key-out", str(tmp_path / "rk.txt")]) == 0
    login = ["--user", ADMIN, "--password-file", pw[ADMIN]]
    for name, role in ((CLERK, "录入员"), (READER, "查阅员")):
        assert main(["users", "add", name, "--role", role, "--login-password-file", pw[ADMIN], "--user", ADMIN,
                     "--password-file", pw[name], "--db", str(path)]) == 0
    target = str(path)
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        target = cluster.create()  # an empty database, as an office creates for vcadre
        assert main(["db", "copy", "--from", str(path), "--to", target, *login, "--quiet"]) == 0
        request.addfinalizer(lambda: cluster.drop(target.rsplit("/", 1)[1]))
    capsys.readouterr()
    return {"db": target, "pw": pw}


def test_the_server_asks_for_the_same_login(office, capsys) -> None:
    db = office["db"]
    assert main(["stats", "--db", db]) == 2
    assert "--user" in capsys.readouterr().err
    assert main(["stats", "--db", db, "--user", CLERK, "--password-file", office["pw"][READER]]) == 2
    assert "用户名或密码不正确" in capsys.readouterr().err
    assert main(["stats", "--db", db, "--user", "无此人", "--password-file", office["pw"][CLERK]]) == 2
    assert "用户名或密码不正确" in capsys.readouterr().err
    assert main(["stats", "--db", db, "--user", CLERK, "--password-file", office["pw"][CLERK], "--json"]) == 0
    with pytest.raises(LoginRequired, match="请先登录"):
        open_database(db)
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        open_database(db, login=Login(READER, "not-the-password"))


def test_the_server_enforces_the_same_roles(office, capsys) -> None:
    db = office["db"]
    reader = open_database(db, login=Login(READER, PASSWORDS[READER]))
    clerk = open_database(db, login=Login(CLERK, PASSWORDS[CLERK]))
    admin = open_database(db, login=Login(ADMIN, PASSWORDS[ADMIN]))
    try:
        values = dict(name="新人", gender="1", source="veteran", stage="reserve", status="active",
                      entry_date="2024-01-02", political_status="01")
        from vcadre.services import regions

        with admin.session() as s, s.begin():
            regions.import_regions(s, [(2, "520524", "织金县", ""), (3, "520524001", "龙场镇", "520524"),
                                       (4, "520524001001", "青山村", "520524001")])
        with admin.session() as s:
            village = s.scalar(select(regions.Region.id).where(regions.Region.code == "520524001001"))
        with pytest.raises(PermissionDenied, match="查阅员"):
            with reader.session() as s, s.begin():
                talent.save(s, None, {**values, "village_id": village})
        with pytest.raises(PermissionDenied):
            accounts.list_users(reader)
        with pytest.raises(PermissionDenied):
            accounts.add_user(clerk, "新用户丁", "查阅员", "new-user-pass-4")
        with clerk.session() as s, s.begin():
            talent.save(s, None, {**values, "village_id": village})
        with reader.session() as s:  # the reader reads what the clerk saved
            assert s.scalar(select(Person.name).where(Person.name == "新人")) == "新人"
        # The administrator adds and disables users on the server as on the file.
        accounts.add_user(admin, "新用户丁", "查阅员", "new-user-pass-4")
        open_database(db, login=Login("新用户丁", "new-user-pass-4")).close()
        accounts.set_disabled(admin, "新用户丁")
        with pytest.raises(LoginFailed):  # 已停用 (a file also drops the user's key: 用户名或密码不正确)
            open_database(db, login=Login("新用户丁", "new-user-pass-4"))
        assert {u.name for u in accounts.list_users(admin)} == {ADMIN, CLERK, READER, "新用户丁"}
    finally:
        for d in (reader, clerk, admin):
            d.close()
    pw = office["pw"]
    out = Path(office["pw"][READER]).with_name("r.pdf")
    assert main(["roster", "talent", "--db", db, "--user", READER, "--password-file", pw[READER],
                 "--out", str(out)]) == 2
    assert "不能打印或导出" in capsys.readouterr().err and not out.exists()
    assert main(["audit", "list", "--db", db, "--user", ADMIN, "--password-file", pw[ADMIN],
                 "--action", "user."]) == 0
    assert "新增用户" in capsys.readouterr().out


def test_a_reader_cannot_write_by_any_path(office) -> None:
    """Not only the ORM flush: raw SQL on a Session, a raw DB-API connection (the sync's path) and
    a write a trigger would make are refused for a 查阅员 — by SQLite's authorizer on the
    protected file, by the write guard (a read-only setting the server's triggers check) on the
    server. The reader still logs in (audited) and reads; a clerk's raw write goes through."""
    import sqlalchemy.exc

    db = office["db"]
    admin = open_database(db, login=Login(ADMIN, PASSWORDS[ADMIN]))
    try:
        from vcadre.services import regions

        with admin.session() as s, s.begin():
            regions.import_regions(s, [(2, "520524", "织金县", "")])
    finally:
        admin.close()
    reader = open_database(db, login=Login(READER, PASSWORDS[READER]))
    try:
        writes = ("UPDATE region SET name = '改名县'", "DELETE FROM region",
                  "INSERT INTO person_search_key (key, person_id) VALUES ('n张', 'x')")
        for sql in writes:
            with pytest.raises(sqlalchemy.exc.DBAPIError) as info:
                with reader.session() as s, s.begin():
                    s.execute(sqlalchemy.text(sql))
            if reader.is_server:
                assert "只能查阅" in str(info.value)
            raw = reader.engine.raw_connection()  # the DB-API path sync and copies use
            try:
                with pytest.raises(Exception) as info:
                    cur = raw.cursor()
                    cur.execute(sql)
                    raw.commit()
                assert "只能查阅" in str(info.value) or "not authorized" in str(info.value)
                raw.rollback()
            finally:
                raw.close()
        with reader.session() as s:  # reading goes on
            assert s.execute(sqlalchemy.text("SELECT name FROM region")).scalars().all() == ["织金县"]
    finally:
        reader.close()
    clerk = open_database(db, login=Login(CLERK, PASSWORDS[CLERK]))
    try:
        with clerk.session() as s, s.begin():
            s.execute(sqlalchemy.text("UPDATE region SET name = '织金县' WHERE code = '520524'"))
        with clerk.session() as s:
            assert s.execute(sqlalchemy.text("SELECT count(*) FROM region")).scalar() == 1
    finally:
        clerk.close()

"""The command line with accounts: init --admin, credentials for every command, users, audit,
recover; a reader is refused exports and imports by the commands too (exit 2, Chinese message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcadre.cli import main


def _pw(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / f"{name}.txt"
    p.write_text(text + "\n", encoding="utf-8")
    return str(p)


@pytest.fixture
def cli_db(tmp_path: Path, capsys) -> dict:
    db = tmp_path / "县.db"
    admin_pw = _pw(tmp_path, "admin", "admin-pass-1")
    rk = tmp_path / "rk.txt"
    assert main(["init", "--db", str(db), "--site-name", "织金县委组织部", "--admin", "管理员甲",
                 "--password-file", admin_pw, "--recovery-key-out", str(rk)]) == 0
    out = capsys.readouterr().out
    assert "恢复密钥" in out and rk.read_text().strip() in out
    return {"db": str(db), "admin_pw": admin_pw, "rk": str(rk), "tmp": tmp_path}


def test_commands_need_credentials(cli_db, capsys, monkeypatch) -> None:
    assert main(["stats", "--db", cli_db["db"]]) == 2
    assert "--user" in capsys.readouterr().err
    assert main(["stats", "--db", cli_db["db"], "--user", "管理员甲", "--password-file",
                 _pw(cli_db["tmp"], "bad", "wrong-pass")]) == 2
    assert "用户名或密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("VCADRE_USER", "管理员甲")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", cli_db["admin_pw"])
    assert main(["stats", "--db", cli_db["db"], "--json"]) == 0


def test_users_add_list_passwd_disable(cli_db, capsys, monkeypatch) -> None:
    monkeypatch.setenv("VCADRE_USER", "管理员甲")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", cli_db["admin_pw"])
    reader_pw = _pw(cli_db["tmp"], "reader", "reader-pass-3")
    assert main(["users", "add", "查阅员丙", "--role", "查阅员", "--password-file", reader_pw, "--db", cli_db["db"]]) == 0
    assert main(["users", "add", "短", "--role", "查阅员", "--password-file", _pw(cli_db["tmp"], "s", "short"),
                 "--db", cli_db["db"]]) == 2
    assert "密码太短" in capsys.readouterr().err
    assert main(["users", "list", "--db", cli_db["db"]]) == 0
    out = capsys.readouterr().out
    assert "查阅员丙\t查阅员\t正常" in out and "共 2 个用户" in out
    new_pw = _pw(cli_db["tmp"], "new", "reader-new-44")
    assert main(["users", "passwd", "查阅员丙", "--password-file", new_pw, "--db", cli_db["db"]]) == 0
    monkeypatch.setenv("VCADRE_USER", "查阅员丙")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", new_pw)
    assert main(["users", "list", "--db", cli_db["db"]]) == 2
    assert "权限不足" in capsys.readouterr().err
    out_pdf = cli_db["tmp"] / "r.pdf"
    assert main(["roster", "talent", "--db", cli_db["db"], "--out", str(out_pdf)]) == 2
    assert "不能打印或导出" in capsys.readouterr().err and not out_pdf.exists()
    assert main(["sync", "export", "--db", cli_db["db"], "--out", str(cli_db["tmp"] / "p.vcsync"), "--full",
                 "--passphrase-file", new_pw]) == 2
    assert "权限不足" in capsys.readouterr().err
    monkeypatch.setenv("VCADRE_USER", "管理员甲")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", cli_db["admin_pw"])
    assert main(["users", "disable", "查阅员丙", "--db", cli_db["db"]]) == 0
    assert main(["audit", "list", "--db", cli_db["db"], "--action", "user."]) == 0
    out = capsys.readouterr().out
    assert "新增用户" in out and "重设密码" in out and "停用用户" in out
    assert main(["audit", "verify", "--db", cli_db["db"]]) == 0
    assert "已检查" in capsys.readouterr().out


def test_recover_sets_a_new_admin_password(cli_db, capsys) -> None:
    new_pw = _pw(cli_db["tmp"], "new", "recovered-pass-1")
    Path(cli_db["db"] + ".keys").unlink()
    assert main(["recover", "--db", cli_db["db"], "--recovery-key-file", cli_db["rk"], "--password-file", new_pw]) == 0
    assert "管理员甲" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", cli_db["db"], "--user", "管理员甲", "--password-file", new_pw]) == 0


def test_protect_an_existing_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "old.db"
    assert main(["init", "--db", str(db), "--site-name", "旧站点"]) == 0
    assert db.read_bytes()[:6] == b"SQLite"
    pw = _pw(tmp_path, "a", "admin-pass-1")
    assert main(["protect", "--db", str(db), "--admin", "管理员", "--password-file", pw]) == 0
    assert db.read_bytes()[:6] != b"SQLite"
    assert main(["stats", "--db", str(db)]) == 2
    assert main(["stats", "--db", str(db), "--user", "管理员", "--password-file", pw]) == 0


@pytest.mark.parametrize("argv", [
    ["roster", "talent", "--out", "{tmp}/r.pdf"],
    ["roster", "posts", "--out", "{tmp}/r.xlsx"],
    ["talent", "export", "--out", "{tmp}/x.xlsx"],
    ["talent", "import", "{tmp}/t.xlsx"],
    ["regions", "import", "{tmp}/regions.csv"],
    ["sync", "export", "--out", "{tmp}/p.vcsync", "--full", "--passphrase-file", "{tmp}/phrase.txt"],
    ["backup", "--out", "{tmp}/bk"],
    ["audit", "verify"],
    ["audit", "list"],
    ["users", "list"],
    ["users", "disable", "管理员甲"],
])
def test_reader_is_refused_by_every_command(cli_db, capsys, monkeypatch, argv) -> None:
    from vcadre.services.talent_excel import write_template

    tmp = cli_db["tmp"]
    monkeypatch.setenv("VCADRE_USER", "管理员甲")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", cli_db["admin_pw"])
    reader_pw = _pw(tmp, "reader", "reader-pass-3")
    assert main(["users", "add", "查阅员丙", "--role", "查阅员", "--password-file", reader_pw, "--db", cli_db["db"]]) == 0
    write_template(tmp / "t.xlsx")
    (tmp / "regions.csv").write_text("代码,名称,上级代码\n520524,织金县,\n", encoding="utf-8")
    _pw(tmp, "phrase", "口令 correct horse")
    capsys.readouterr()
    monkeypatch.setenv("VCADRE_USER", "查阅员丙")
    monkeypatch.setenv("VCADRE_PASSWORD_FILE", reader_pw)
    before = {p.name for p in tmp.iterdir()}
    assert main([a.format(tmp=tmp) for a in argv] + ["--db", cli_db["db"]]) == 2
    assert "权限不足：查阅员丙（查阅员）不能" in capsys.readouterr().err
    assert {p.name for p in tmp.iterdir()} == before  # no file written


def test_accounts_and_audit_never_sync() -> None:
    from vcadre.store.changelog import TABLES

    assert not {"user_account", "audit_log", "audit_head"} & set(TABLES)


def test_user_option_prompts_for_the_password_on_a_terminal(cli_db, capsys, monkeypatch) -> None:
    import getpass

    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or "admin-pass-1")
    assert main(["users", "list", "--db", cli_db["db"], "--user", "管理员甲"]) == 0
    assert prompts == ["用户“管理员甲”的密码："]
    assert "共 1 个用户" in capsys.readouterr().out

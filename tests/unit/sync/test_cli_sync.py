"""``vcadre sync …`` end to end, as a clerk would type it; the county is a file or an office on
the PostgreSQL server (``--db URL``), the township a laptop file."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.store.db import open_database
from vcadre.store.models import Person
from tests.unit.test_cli import fresh  # noqa: F401 - the fixture

pytestmark = pytest.mark.both_backends


def _edit(path: "Path | str", **kw) -> str:
    db = open_database(path)
    try:
        with db.session() as s, s.begin():
            p = s.query(Person).first()
            if p is None:
                p = Person(name="张三", gender="1")
                s.add(p)
            for k, v in kw.items():
                setattr(p, k, v)
        return p.id
    finally:
        db.close()


def test_sync_commands(fresh: str, tmp_path: Path, capsys, user_data_dir, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", 2**10)  # scrypt cost is not under test
    county, town = fresh, tmp_path / "镇.db"
    assert main(["init", "--db", str(county), "--site-name", "县委组织部"]) == 0
    assert main(["init", "--db", str(town), "--site-name", "龙场镇组织办"]) == 0
    pw = tmp_path / "口令.txt"
    pw.write_text("同步口令 2026\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("不对\n", encoding="utf-8")
    _edit(county, phone="13800000000")
    capsys.readouterr()

    pkg1 = tmp_path / "县-1.vcsync"
    assert main(["sync", "export", "--db", str(county), "--out", str(pkg1), "--passphrase-file", str(pw)]) == 0
    assert "已导出同步包" in capsys.readouterr().out
    assert main(["sync", "site", "--db", str(county)]) == 0
    fingerprint = capsys.readouterr().out.split("密钥指纹：")[1].strip()

    assert main(["sync", "import", str(pkg1), "--db", str(town), "--passphrase-file", str(wrong)]) == EXIT_USER_ERROR
    assert "口令不正确" in capsys.readouterr().err
    assert main(["sync", "import", str(pkg1), "--db", str(town), "--passphrase-file", str(pw)]) == 0
    out = capsys.readouterr().out
    assert "首次收到站点“县委组织部”" in out and fingerprint in out and "新增 1 条记录" in out
    assert main(["sync", "import", str(pkg1), "--db", str(town), "--passphrase-file", str(pw)]) == 0
    assert "以前已导入过" in capsys.readouterr().out
    assert main(["sync", "peers", "--db", str(town)]) == 0
    assert "未核对" in capsys.readouterr().out
    assert main(["sync", "trust", "县委组织部", "--db", str(town)]) == 0
    assert fingerprint in capsys.readouterr().out

    # Concurrent edits of the same field → a conflict on both sides, resolved on one.
    _edit(county, phone="13800000001")
    _edit(town, phone="13800000002")
    pkg2 = tmp_path / "镇-1.vcsync"
    assert main(["sync", "export", "--db", str(town), "--out", str(pkg2), "--for", "县委组织部",
                 "--passphrase-file", str(pw)]) == 0
    pkg3 = tmp_path / "县-2.vcsync"
    assert main(["sync", "import", str(pkg2), "--db", str(county), "--passphrase-file", str(pw)]) == 0
    assert "冲突 1 个" in capsys.readouterr().out
    assert main(["sync", "export", "--db", str(county), "--out", str(pkg3), "--for", "龙场镇组织办",
                 "--passphrase-file", str(pw)]) == 0
    assert "增量" in capsys.readouterr().out
    assert main(["sync", "import", str(pkg3), "--db", str(town), "--passphrase-file", str(pw)]) == 0
    assert main(["sync", "conflicts", "--db", str(town)]) == 0
    listing = capsys.readouterr().out
    conflict_id = listing.split("#")[1].split("\t")[0]
    assert "13800000001" in listing and "13800000002" in listing
    assert main(["sync", "resolve", conflict_id, "--keep", "loser", "--db", str(town)]) == 0
    assert main(["sync", "conflicts", "--db", str(town)]) == 0
    assert "没有冲突" in capsys.readouterr().out
    assert main(["sync", "duplicates", "--db", str(town)]) == 0
    assert "没有身份证号码相同" in capsys.readouterr().out

    # Undo the last import: back to the state before it.
    # The resolution above is a local edit made since that import: the undo says so and asks.
    assert main(["sync", "undo", "--db", str(town)]) == EXIT_USER_ERROR
    assert "处修改" in capsys.readouterr().err
    assert main(["sync", "undo", "--db", str(town), "--yes"]) == 0
    assert "已撤销" in capsys.readouterr().out
    assert main(["sync", "undo", "--db", str(tmp_path / "nope.db")]) == EXIT_USER_ERROR

    bad = tmp_path / "坏.vcsync"
    bad.write_bytes(pkg3.read_bytes()[:-10])
    assert main(["sync", "import", str(bad), "--db", str(town), "--passphrase-file", str(pw)]) == EXIT_USER_ERROR
    assert "签名验证失败" in capsys.readouterr().err

"""The command line: exit codes, Chinese messages, --db on every command.

Tests that take ``fresh`` run on a file and on the PostgreSQL server (``--db URL``); refusing an
existing file and a file that is not a database are about files, so they stay on SQLite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vcadre import __version__
from vcadre.cli import EXIT_USER_ERROR, main

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.both_backends  # tests taking ``fresh`` (through ``backend``) run twice


@pytest.fixture
def fresh(request: pytest.FixtureRequest, backend: str, tmp_path: Path):
    """Where ``init`` makes this test's database: a new file, or an empty (not migrated) database
    on the test server, as an office creates it."""
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create()
        yield url
        cluster.drop(url.rsplit("/", 1)[1])
        return
    yield str(tmp_path / "村干部 数据.db")


def test_version_runs_without_loading_qt_or_sqlalchemy() -> None:
    code = ("import sys; from vcadre.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('PySide6.QtWidgets', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert f"vcadre {__version__}" in out.stdout
    assert out.stdout.strip().endswith("[]")


def test_init_then_regions_import_then_stats(fresh: str, tmp_path: Path, capsys) -> None:
    db = fresh
    assert main(["init", "--db", str(db), "--site-name", "龙场镇组织办"]) == 0
    csv_path = tmp_path / "区划.csv"
    csv_path.write_text("代码,名称,上级代码\n520524,织金县,\n520524001,龙场镇,520524\n"
                        "520524001001,青山村,520524001\n", encoding="utf-8")
    assert main(["regions", "import", str(csv_path), "--db", str(db)]) == 0
    assert "新增 3 条" in capsys.readouterr().out
    assert main(["--db", str(db), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["townships"], stats["villages"], stats["persons"]) == (1, 1, 0)


def test_init_refuses_an_existing_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    db.write_bytes(b"keep me")
    assert main(["init", "--db", str(db), "--site-name", "x"]) == EXIT_USER_ERROR
    assert "已存在" in capsys.readouterr().err
    assert db.read_bytes() == b"keep me"


def test_stats_on_a_non_database_fails_cleanly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    assert main(["stats", "--db", str(path)]) == EXIT_USER_ERROR
    assert "不是 SQLite" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "hello"


def test_bad_region_file_reports_rows_and_writes_nothing(fresh: str, tmp_path: Path, capsys) -> None:
    db = fresh
    assert main(["init", "--db", str(db), "--site-name", "x"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("代码,名称,上级代码\n520524,织金县,\n520524001001,孤村,520524999\n", encoding="utf-8")
    assert main(["regions", "import", str(bad), "--db", str(db)]) == 3  # bad rows: exit 3, as every import
    assert "第 3 行" in capsys.readouterr().err
    main(["stats", "--db", str(db), "--json"])
    assert json.loads(capsys.readouterr().out)["villages"] == 0


def test_demo_refuses_a_database_with_data(fresh: str, tmp_path: Path, capsys) -> None:
    db = fresh
    assert main(["init", "--db", str(db), "--site-name", "x"]) == 0
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("代码,名称,上级代码\n520524,织金县,\n", encoding="utf-8")
    main(["regions", "import", str(csv_path), "--db", str(db)])
    capsys.readouterr()
    assert main(["demo", "--db", str(db), "--quiet"]) == EXIT_USER_ERROR
    # Said before anything is built (on a server the demo was built whole, then the copy refused).
    assert "已有数据；演示数据只能生成到新的数据库中" in capsys.readouterr().err


def test_unknown_township_is_a_clear_error(fresh: str, tmp_path: Path, capsys) -> None:
    db = fresh
    assert main(["init", "--db", str(db), "--site-name", "x"]) == 0
    assert main(["stats", "--db", str(db), "--township", "不存在镇"]) == EXIT_USER_ERROR
    assert "找不到乡镇" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["stats"], ["regions", "import", "x.csv"]])
def test_every_command_takes_db(argv) -> None:
    from vcadre.cli import build_parser

    args = build_parser().parse_args(argv + ["--db", "some.db"])
    assert str(args.db) == "some.db"

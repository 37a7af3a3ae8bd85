"""Paths with Chinese characters and spaces (C:\\Users\\张三\\文档\\村干部 数据.db) work everywhere:
the database (new, demo, default location), the command line, and PDF output."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from vcadre import paths
from vcadre.cli import main

DOCS = Path("张三") / "我的 文档"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county, made by the CLI, in a folder with Chinese characters and spaces."""
    path = tmp_path_factory.mktemp("演示") / DOCS / "村干部 数据.db"
    assert main(["demo", "--db", str(path), "--quiet"]) == 0
    return path


def test_demo_and_stats_on_a_chinese_path(demo_path: Path, capsys) -> None:
    assert demo_path.is_file()
    capsys.readouterr()
    assert main(["stats", "--db", str(demo_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["villages"] == 578 and stats["persons"] == 15000


def test_init_makes_missing_chinese_folders(tmp_path: Path, capsys) -> None:
    path = tmp_path / DOCS / "新建 文件夹" / "龙场镇 数据.db"
    assert main(["init", "--db", str(path), "--site-name", "龙场镇组织办"]) == 0
    assert str(path) in capsys.readouterr().out
    assert main(["stats", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["villages"] == 0


def test_default_database_in_a_chinese_data_dir(tmp_path: Path, monkeypatch, capsys) -> None:
    """A Windows user name in Chinese puts %LOCALAPPDATA% itself on such a path."""
    data_dir = tmp_path / "Users" / "张三 李" / "AppData" / "Local" / "vcadre"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data_dir))
    assert main(["init", "--site-name", "县委组织部"]) == 0
    assert (data_dir / "vcadre.db").is_file()
    assert main(["stats", "--json"]) == 0


def test_selftest_writes_a_chinese_pdf_to_a_chinese_path(demo_path: Path, tmp_path: Path,
                                                          capsys) -> None:
    out_dir = tmp_path / DOCS / "导出 文件"
    out_dir.mkdir(parents=True)
    pdf = out_dir / "概况 统计（2026）.pdf"
    capsys.readouterr()
    assert main(["selftest", "--db", str(demo_path), "--out", str(pdf)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["demo_built"] is False and report["created"] is False
    assert report["headline"]["one_shoulder_villages"] == 220
    assert pdf.read_bytes().startswith(b"%PDF") and not pdf.with_name(pdf.name + ".part").exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        assert "村干部档案管理" in text and "“一肩挑”村" in text and "村干部 数据.db" in text


def test_selftest_creates_the_database_and_the_demo(tmp_path: Path, monkeypatch, capsys) -> None:
    built = []

    def fake_demo(db, scale, seed=0):  # the real build is covered above; keep this test quick
        built.append(scale)

        class Summary:
            def as_dict(self):
                return {}

        return Summary()

    monkeypatch.setattr("vcadre.services.demo.build_demo", fake_demo)
    db = tmp_path / "新 库" / "自检 数据.db"
    assert main(["selftest", "--db", str(db), "--out", str(tmp_path / "自检 报告.pdf")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["created"] and report["demo_built"] and built == ["county"]
    assert db.is_file() and (tmp_path / "自检 报告.pdf").is_file()


def test_selftest_refuses_bad_output(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    assert main(["selftest", "--db", str(db), "--out", str(tmp_path / "x.txt")]) == 2
    assert ".pdf" in capsys.readouterr().err
    assert main(["selftest", "--db", str(db), "--out", str(tmp_path / "无此目录" / "x.pdf")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert not db.exists()


def test_selftest_is_not_listed_in_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "selftest" not in capsys.readouterr().out

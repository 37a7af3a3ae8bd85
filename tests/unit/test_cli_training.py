"""``vcadre certificates`` and ``vcadre training list|short``."""

from __future__ import annotations

import pytest

from datetime import date
from pathlib import Path

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.services import training, training_attendance, training_enrol, training_settings


pytestmark = pytest.mark.both_backends  # --db is a file or a server URL


def build(db, small_county) -> str:
    from tests.unit.services.test_training_classes import add_people

    with db.session() as s, s.begin():
        cid = training.save(s, None, {"title": "2024年村干部示范培训班", "kind": "village_cadre",
                                      "organizer": "中共织金县委组织部", "start_date": date(2024, 5, 6),
                                      "end_date": date(2024, 5, 7), "planned_hours": 16})
        training_settings.save(s, {"county": "织金"})
    people = add_people(db, small_county["青山村"], ["张三", "李四"])
    with db.session() as s, s.begin():
        training_enrol.enrol(s, cid, people)
    with db.session() as s, s.begin():
        ids = [r.id for r in training_enrol.roster(s, cid)]
        training_attendance.mark(s, cid, ids, [date(2024, 5, 6), date(2024, 5, 7)], "present")
    return cid


def test_certificates_issue_then_reprint_same_numbers(db, small_county, tmp_path: Path, capsys) -> None:
    build(db, small_county)
    path = db.location
    out = tmp_path / "证书.pdf"
    assert main(["certificates", "--db", path, "--class", "示范", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "已写出 2 张结业证书" in captured.out
    assert "织金培〔2024〕001-0001号 至 织金培〔2024〕001-0002号" in captured.err
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["certificates", "--db", path, "--class", "示范", "--out", str(out)]) == 0
    assert "新颁发" not in capsys.readouterr().err  # a reprint issues nothing new


def test_certificates_bad_class_and_bad_out(db, small_county, tmp_path: Path, capsys) -> None:
    build(db, small_county)
    path = db.location
    assert main(["certificates", "--db", path, "--class", "没有这个班", "--out", str(tmp_path / "a.pdf")]) \
        == EXIT_USER_ERROR
    assert "找不到培训班" in capsys.readouterr().err
    assert main(["certificates", "--db", path, "--class", "示范", "--out", str(tmp_path / "a.txt")]) \
        == EXIT_USER_ERROR
    assert ".pdf" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()


def test_training_list_and_short(db, small_county, capsys) -> None:
    build(db, small_county)
    path = db.location
    assert main(["training", "list", "--db", path, "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2024年村干部示范培训班\t村干部培训班\t2024-05-06\t2024-05-07\t16\t2\t2\t0" in out
    assert main(["training", "list", "--db", path, "--year", "2019"]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # the header only
    assert main(["training", "short", "--db", path, "--year", "2024", "--hours", "20"]) == 0
    assert "共 0 人" in capsys.readouterr().err  # nobody holds a post or is in the pool here

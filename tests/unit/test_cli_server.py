"""Office mode from the command line: ``--db postgresql://…`` and ``vcadre db copy`` both ways."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.store.copy import digest
from vcadre.store.db import open_database
from vcadre.domain.idnumber import make_id_number
from vcadre.services import talent
from vcadre.store.models import Person, Region, ReserveEntry
from tests.today import TEST_TODAY

pytestmark = pytest.mark.both_backends  # --db is a file or a server URL


@pytest.fixture
def empty_server_db(pg_cluster):
    """A new, empty (not even migrated) database on the test server: what an office creates."""
    url = pg_cluster.create()
    yield url
    pg_cluster.drop(url.rsplit("/", 1)[1])


def _county(target: str, tmp_path: Path, capsys) -> None:
    csv_path = tmp_path / "区划.csv"
    csv_path.write_text("代码,名称,上级代码\n520524,织金县,\n520524001,龙场镇,520524\n"
                        "520524001001,青山村,520524001\n", encoding="utf-8")
    assert main(["regions", "import", str(csv_path), "--db", target]) == 0
    capsys.readouterr()


def test_init_import_and_stats_on_either_backend(db_target, backend, tmp_path: Path, capsys) -> None:
    target = str(db_target)
    _county(target, tmp_path, capsys)
    assert main(["--db", target, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["townships"], stats["villages"], stats["persons"]) == (1, 1, 0)


def test_a_bad_server_address_is_a_clear_error(capsys) -> None:
    assert main(["stats", "--db", "postgresql://vcadre@127.0.0.1:1/nothing"]) == EXIT_USER_ERROR
    assert "无法连接单位服务器" in capsys.readouterr().err


def test_copy_file_to_server_and_back_keeps_every_row(empty_template, empty_server_db, tmp_path: Path,
                                                      capsys) -> None:
    import shutil

    src = tmp_path / "县.db"
    shutil.copyfile(empty_template, src)
    _county(str(src), tmp_path, capsys)
    county = open_database(src)
    with county.session() as s, s.begin():
        village = s.scalar(select(Region.id).where(Region.name == "青山村"))
        talent.save(s, None, dict(name="张龙敏", gender="1", id_number=make_id_number("520524", date(1990, 3, 4), 11),
                                  village_id=village, source="veteran", stage="reserve", status="active",
                                  entry_date="2024-01-02", phone="13812340000"), today=TEST_TODAY)
    county.close()
    assert main(["db", "copy", "--from", str(src), "--to", empty_server_db, "--json"]) == 0
    there = json.loads(capsys.readouterr().out)
    assert (there["counts"]["region"], there["counts"]["person"], there["counts"]["site"]) == (3, 1, 1)
    assert there["counts"]["person_search_key"] > 5 and there["counts"]["sync_change"] > 0
    back = tmp_path / "回到笔记本.db"
    assert main(["db", "copy", "--from", empty_server_db, "--to", str(back), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["digest"] == there["digest"] and again["counts"] == there["counts"]
    # The same site, rows and search keys on all three.
    a, b, c = (open_database(t) for t in (src, empty_server_db, back))
    try:
        assert digest(a) == digest(b) == digest(c)
        assert a.site() == b.site() == c.site()
        for d in (b, c):
            with d.session() as s:
                assert s.scalars(select(Person.name)).all() == ["张龙敏"]
                assert len(s.scalars(select(ReserveEntry.id)).all()) == there["counts"]["reserve_entry"]
    finally:
        for d in (a, b, c):
            d.close()
    # A target that has data is refused, and left as it was.
    assert main(["db", "copy", "--from", str(src), "--to", empty_server_db]) == EXIT_USER_ERROR
    assert "已有数据" in capsys.readouterr().err
    assert main(["db", "copy", "--from", empty_server_db, "--to", str(back)]) == EXIT_USER_ERROR
    assert "已存在" in capsys.readouterr().err

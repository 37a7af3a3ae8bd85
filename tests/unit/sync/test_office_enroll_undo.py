"""A county office on a PostgreSQL server as the root of enrollment, and ``sync undo`` there
(issue 16): the office enrolls a township laptop and syncs with it; undoing an import on a server
is refused with a clear message (putting the backup back would wipe the other officers' work) and
changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS
from tests.unit.sync.helpers import export, ship
from tests.unit.sync.test_office_server import content, office  # noqa: F401 - the fixture
from vcadre.cli import main
from vcadre.services import persons
from vcadre.store import server_backup
from vcadre.store.models import Person
from vcadre.sync.enroll import enroll, read_request, revoke
from vcadre.sync.errors import SyncError
from vcadre.sync.service import import_package, join_request, peers, undo_last_import


def _person(db, name: str, phone: str) -> str:
    with db.session() as s, s.begin():
        person = persons.save_person(s, None, {"name": name, "gender": "1", "phone": phone})
        s.flush()
        return person.id


def test_the_office_server_enrolls_a_laptop_and_syncs_with_it(office, sites, tmp_path: Path) -> None:  # noqa: F811
    town, stranger = sites("龙场镇", "冒名站点")
    pid = _person(office, "张三", "13900000001")
    req = tmp_path / "town.vcjoin"
    join_request(town, req)
    welcome = tmp_path / "welcome.vcsync"
    res = enroll(office, read_request(req), welcome, PASS, kdf_n=FAST_KDF)
    assert res.name == "龙场镇"
    import_package(town, welcome, PASS, backup=False)
    with town.session() as s:  # the WELCOME carries the office's data
        assert s.get(Person, pid).phone == "13900000001"
    assert {p["name"] for p in peers(town)} == {"县委组织部"}
    other = _person(town, "李四", "13900000002")
    ship(town, office, tmp_path)
    ship(office, town, tmp_path)
    assert content(office) == content(town)
    with office.session() as s:
        assert s.get(Person, other).name == "李四"
    # The office, now the root, revokes the laptop (lost) and refuses its packages from then on.
    assert revoke(office, "龙场镇")["name"] == "龙场镇"
    _person(town, "赵六", "13900000004")
    with pytest.raises(SyncError):
        import_package(office, export(town, tmp_path), PASS, backup=False)
    # And refuses a site it did not enroll.
    _person(stranger, "王五", "13900000003")
    before = content(office)
    with pytest.raises(SyncError):
        import_package(office, export(stranger, tmp_path), PASS, backup=False)
    assert content(office) == before


def test_undo_of_an_import_is_refused_on_a_server(office, sites, tmp_path: Path, capsys) -> None:  # noqa: F811
    lap, = sites("龙场镇")
    _person(office, "张三", "13900000001")
    _person(lap, "李四", "13900000002")
    result = import_package(office, export(lap, tmp_path), PASS)
    assert result.backup is not None and result.backup.name in {b.name for b in server_backup.backups(office)}
    after = content(office)
    with pytest.raises(SyncError, match="单位服务器"):
        undo_last_import(office)
    assert content(office) == after  # nothing restored, nothing half-done
    assert main(["sync", "undo", "--db", office.location, "--yes"]) == 2
    assert "单位服务器" in capsys.readouterr().err
    assert content(office) == after

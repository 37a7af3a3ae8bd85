"""Sync in the window: File-menu actions, export, import with a report, conflicts, undo."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from vcadre.store.db import open_database
from vcadre.store.models import Person, new_id
from vcadre.sync.service import export_package

PASS = "口令"


@pytest.fixture
def other_site(county_path: Path, tmp_path: Path):
    """A second laptop holding the same county (copied before any sync), as another site."""
    path = tmp_path / "镇.db"
    shutil.copyfile(county_path, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE site SET id = ?, name = '龙场镇组织办' WHERE is_local = 1", (new_id(),))
    con.close()
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def fast_kdf(monkeypatch):
    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", 2**10)


def _menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions()]


def test_file_menu_has_the_sync_submenu_in_chinese(window) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    sync = [a.menu() for a in file_menu.actions() if a.menu() is not None and a.text().startswith("同步")]
    assert len(sync) == 1, _menu_texts(file_menu)
    texts = _menu_texts(sync[0])
    for wanted in ("导出同步包", "导入同步包", "同步冲突", "撤销最近一次导入", "站点与密钥指纹", "申请加入",
                   "登记新站点", "吊销站点"):
        assert any(wanted in t for t in texts), texts


def test_export_then_import_with_conflict_and_undo(qtbot, window, county_db, other_site, tmp_path,
                                                    monkeypatch, messages, fast_kdf) -> None:
    from vcadre.ui import sync_dialogs

    # Both offices edit the same person's phone.
    with county_db.session() as s, s.begin():
        p = s.scalars(select(Person).where(Person.name == "张龙敏")).one()
        p.phone = "13800000001"
        pid = p.id
    with other_site.session() as s, s.begin():
        s.get(Person, pid).phone = "13800000002"
        s.get(Person, pid).notes = "镇里补充"
    before = sqlite3.connect(county_db.path).execute("SELECT phone, notes FROM person WHERE id = ?", (pid,)).fetchone()

    # Export from the window (full package).
    out = tmp_path / "县.vcsync"
    monkeypatch.setattr(sync_dialogs.ExportDialog, "ask", classmethod(lambda cls, parent, peers, d: (None, out)))
    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask", classmethod(lambda cls, parent, confirm=False, optional=False: PASS))
    window.sync_actions.export_package()
    assert out.exists() and "已写入同步包" in messages.texts("info")[-1]

    # Import the township's package; the conflicts dialog opens on its own.
    package = tmp_path / "镇.vcsync"
    export_package(other_site, package, PASS, full=True)
    shown = []
    monkeypatch.setattr(sync_dialogs.ConflictsDialog, "exec", lambda self: shown.append(self) or 0)
    window.sync_actions.import_package(package)
    report = messages.texts("info")[-1]
    assert "龙场镇组织办" in report and "1 个冲突" in report
    assert any("密钥指纹" in t for t in messages.texts("confirm"))
    assert len(shown) == 1
    dlg = shown[0]
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1
    cells = [dlg.table.item(0, j).text() for j in range(dlg.table.columnCount())]
    assert "张龙敏" in cells and {"13800000001", "13800000002"} <= set(cells)
    with county_db.session() as s:
        assert s.get(Person, pid).notes == "镇里补充"  # the other field merged without conflict

    # Keep the value that lost for now.
    dlg.table.selectRow(0)
    loser = dlg.rows[0].loser
    qtbot.mouseClick(dlg.keep_loser, Qt.MouseButton.LeftButton)
    assert dlg.table.rowCount() == 0
    with county_db.session() as s:
        assert s.get(Person, pid).phone == loser

    # Undo the import: back to the backup taken before it.
    window.sync_actions.undo_import()  # on a worker: the GUI stays responsive while it waits
    qtbot.waitUntil(lambda: bool(messages.texts("info")) and "已撤销" in messages.texts("info")[-1], timeout=20000)
    con = sqlite3.connect(county_db.path)
    assert con.execute("SELECT phone, notes FROM person WHERE id = ?", (pid,)).fetchone() == before
    con.close()


def test_wrong_passphrase_is_a_chinese_message(window, other_site, tmp_path, monkeypatch, messages, fast_kdf) -> None:
    from vcadre.ui import sync_dialogs

    package = tmp_path / "镇.vcsync"
    export_package(other_site, package, PASS, full=True)
    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask", classmethod(lambda cls, parent, confirm=False, optional=False: "错"))
    window.sync_actions.import_package(package)
    assert "口令不正确" in messages.texts("error")[-1]


def test_conflicts_dialog_lists_possible_same_person(qtbot, county_db, chinese) -> None:
    from vcadre.ui.sync_dialogs import ConflictsDialog

    with county_db.session() as s, s.begin():
        p = s.scalars(select(Person).where(Person.name == "李红梅")).one()
        s.add(Person(name="李红梅", gender="2", id_number=p.id_number, phone="13800000009"))
    dlg = ConflictsDialog(county_db)
    qtbot.addWidget(dlg)
    assert dlg.same.rowCount() == 2
    dlg.same.selectRow(0)
    dlg._merge()
    assert dlg.same.rowCount() == 0
    with county_db.session() as s:
        assert len(s.scalars(select(Person).where(Person.name == "李红梅", Person.deleted.is_(False))).all()) == 1

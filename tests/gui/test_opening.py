"""Opening databases: refusing files that are not vcadre databases, the first-run choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtWidgets import QLabel

from vcadre.paths import default_db_path
from vcadre.ui import opening
from vcadre.ui.app import Launcher
from vcadre.ui.settings import Settings


@pytest.fixture
def not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "名册.db"
    path.write_bytes("这不是数据库，是一份名册。\n".encode("utf-8") * 50)
    return path


def wait_opened(launcher: Launcher, qtbot) -> None:
    """The launcher opens a database on a worker behind the shown window: wait for it."""
    qtbot.waitUntil(lambda: launcher._loader is None, timeout=20_000)


@pytest.fixture
def launcher(qapp, chinese):
    la = Launcher(Settings(), "zh_CN")
    yield la
    if la.window is not None:
        la.window.close()


def test_window_refuses_a_file_that_is_not_sqlite(window, not_a_database, messages):
    before = not_a_database.read_bytes()
    old_db = window.db
    assert window.open_path(not_a_database) is False
    assert not_a_database.read_bytes() == before
    assert not Path(str(not_a_database) + "-wal").exists()
    assert window.db is old_db  # still showing the database it had
    (text,) = messages.texts("error")
    assert "不是" in text and "未作任何改动" in text


def test_launcher_refuses_then_offers_the_first_run_dialog(launcher, not_a_database, messages, monkeypatch, qtbot):
    before = not_a_database.read_bytes()
    asked = []
    monkeypatch.setattr(opening.FirstRunDialog, "ask", classmethod(lambda cls, parent=None, message="": asked.append(1)))
    launcher.start(not_a_database, demo_if_new=False)
    assert launcher.window.findChild(QLabel, "openingNotice").text() == "正在打开 名册.db …"
    wait_opened(launcher, qtbot)
    assert asked == [1]  # None from ask() → the launcher quits
    assert launcher.window.db is None and not launcher.window.isVisible()
    assert not_a_database.read_bytes() == before
    assert messages.texts("error")


def test_first_run_new_empty_database(launcher, monkeypatch, qtbot, messages):
    from vcadre.store.protect import keyring
    from vcadre.ui import regions_import
    from vcadre.ui.security import dialogs

    monkeypatch.setattr(opening.FirstRunDialog, "ask", classmethod(lambda cls, parent=None, message="": "empty"))
    # A new database starts with its administrator (encrypted) and shows the recovery key once.
    monkeypatch.setattr(keyring, "ARGON2_M", 1024)
    # … and the office's name (issue 17 item 6: it was left as "本机").
    monkeypatch.setattr(dialogs.CreateAdminDialog, "ask",
                        classmethod(lambda cls, parent, converting=False, with_site=False:
                                    ("管理员", "admin-pass-1") + (("龙场镇组织办",) if with_site else ())))
    keys: list[str] = []
    monkeypatch.setattr(dialogs.RecoveryKeyDialog, "show_once", classmethod(lambda cls, p, key, name: keys.append(key)))
    asked: list[bool] = []
    monkeypatch.setattr(regions_import, "ask_file", lambda parent: asked.append(True))
    launcher.start(None, demo_if_new=False)
    # An empty county is offered the regions import at once (the file dialog is then cancelled).
    assert "还没有乡镇和村" in messages.texts("confirm")[0]
    assert asked == [True]
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    assert Path(launcher.window.db.path) == default_db_path()
    assert launcher.settings.last_database() == default_db_path().resolve()
    assert [launcher.window.tabs.tabText(i) for i in range(5)] == ["概览", "后备干部", "培训", "驻村", "一肩挑"]
    assert launcher.window.db.encrypted and launcher.window.db.auth.actor.name == "管理员" and len(keys) == 1
    assert launcher.window.db.site()[1] == "龙场镇组织办"
    assert "站点：龙场镇组织办" in launcher.window.db_label.text()


def test_first_run_open_existing(launcher, monkeypatch, county_path, qtbot):
    monkeypatch.setattr(opening.FirstRunDialog, "ask", classmethod(lambda cls, parent=None, message="": "open"))
    monkeypatch.setattr(opening, "ask_open_path", lambda parent, start=None: county_path)
    launcher.start(None, demo_if_new=False)
    qtbot.addWidget(launcher.window)
    assert launcher.window.db.path == county_path


def test_last_database_is_reopened(launcher, county_path, qtbot):
    Settings().remember_database(county_path)
    launcher.start(None, demo_if_new=False)
    qtbot.addWidget(launcher.window)
    assert launcher.window.isVisible() and launcher.window.db is None  # shown before it opens
    assert not launcher.window.export_sync_action.isEnabled()
    wait_opened(launcher, qtbot)
    assert launcher.window.db.path.resolve() == county_path.resolve()
    assert launcher.window.export_sync_action.isEnabled()
    assert [launcher.window.tabs.tabText(i) for i in range(5)] == ["概览", "后备干部", "培训", "驻村", "一肩挑"]


def test_window_closed_while_opening_closes_the_database(launcher, county_path, qtbot):
    launcher.start(county_path, demo_if_new=False)
    launcher.window.hide()  # the user closed the window before the database was open
    wait_opened(launcher, qtbot)
    assert launcher.window.db is None

    class Db:
        closed = False

        def close(self):
            self.closed = True

    late = Db()
    launcher._opened(late)
    assert late.closed and launcher.window.db is None


def test_a_bug_while_opening_is_not_explained_away(launcher, county_path, messages, monkeypatch, qtbot):
    """Only known problems get a message box; a bug goes on to the crash handler, and the
    first-run choices follow instead of a window stuck on "Opening …"."""
    asked: list[int] = []
    monkeypatch.setattr(opening.FirstRunDialog, "ask", classmethod(lambda cls, parent=None, message="": asked.append(1)))
    launcher.start(county_path, demo_if_new=False)
    wait_opened(launcher, qtbot)
    opened, launcher.window.db = launcher.window.db, None  # as if this open had failed
    with pytest.raises(RuntimeError, match="bug"):
        launcher._open_failed(county_path, RuntimeError("bug"))
    assert not messages.texts("error")
    assert not launcher.window.isVisible()
    qtbot.waitUntil(lambda: asked == [1])
    opened.close()


def test_new_database_refuses_to_overwrite(window, not_a_database, messages, monkeypatch):
    before = not_a_database.read_bytes()
    monkeypatch.setattr(opening, "ask_new_path", lambda parent, start=None: not_a_database)
    window.new_database()
    assert not_a_database.read_bytes() == before
    assert "已存在" in messages.texts("error")[0]


def test_demo_if_new_builds_the_demo_county(launcher, qtbot, tmp_path):
    target = tmp_path / "new" / "demo.db"
    launcher.start(target, demo_if_new=True)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=120_000)
    qtbot.addWidget(launcher.window)
    window = launcher.window
    window.tabs.setCurrentWidget(window.talent)
    qtbot.waitUntil(lambda: window.talent.model.total() > 0)


def test_create_admin_dialog_asks_the_office_name(qtbot, chinese, messages):
    from vcadre.ui.security.dialogs import CreateAdminDialog

    dlg = CreateAdminDialog(None, with_site=True)
    qtbot.addWidget(dlg)
    dlg.form.name.setText("管理员")
    dlg.form.password.setText("admin-pass-1")
    dlg.form.again.setText("admin-pass-1")
    dlg._accept()
    assert "请填写本单位名称" in dlg.error.text() and dlg.result() != dlg.DialogCode.Accepted
    dlg.site_name.setText("  龙场镇 组织办 ")
    dlg._accept()
    assert dlg.error.text() == "" and dlg.result() == dlg.DialogCode.Accepted
    assert "制表单位" in " ".join(w.text() for w in dlg.findChildren(type(dlg.error)))


def test_office_name_is_edited_in_the_file_menu(qtbot, window, county_db, messages, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from vcadre.ui.site_name import SiteNameDialog

    def rename(dlg: SiteNameDialog):
        assert dlg.name.text() == "测试县组织部"
        dlg.name.setText("")
        dlg.accept()
        assert "请填写本单位名称" in dlg.error.text()
        dlg.name.setText("本机")
        dlg.accept()
        assert "不是单位名称" in dlg.error.text()
        dlg.name.setText("织金县委组织部")
        dlg.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SiteNameDialog, "exec", rename)
    assert window.site_name_action.text() == "本单位名称(&F)…"
    window.site_name_action.trigger()
    assert county_db.site()[1] == "织金县委组织部"
    assert "站点：织金县委组织部" in window.db_label.text()

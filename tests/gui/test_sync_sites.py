"""文件 → 同步 (issue 14): this site's fingerprint, the known sites, joining, enrollment by the county,
revocation, and an import that asks about a new sender's fingerprint before anything is written.

The dialogs are driven as they are (buttons clicked, text typed); message boxes go through the
``messages`` seam (recorded), the passphrase prompt of an import through ``PassphraseDialog.ask``.
Each test checks what the officer sees and what the database holds after.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThread
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import type_text
from vcadre.store.db import open_database
from vcadre.store.models import new_id
from vcadre.sync.enroll import enroll, read_request
from vcadre.sync.service import export_package, join_request, site_info

PASS = "口令"
FAST_KDF = 2**10


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", FAST_KDF)


@pytest.fixture
def passphrase(monkeypatch):
    from vcadre.ui import sync_dialogs

    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask", classmethod(lambda cls, parent, confirm=False, optional=False: PASS))


def _new_site(template: Path, folder: Path, name: str):
    """A laptop of its own (a fresh database with its own site id and name)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "site.db"
    shutil.copyfile(template, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE site SET id = ?, name = ? WHERE is_local = 1", (new_id(), name))
    con.close()
    return open_database(path)


@pytest.fixture
def township(empty_template, tmp_path):
    db = _new_site(empty_template, tmp_path / "town", "龙场镇组织办")
    yield db
    db.close()


@pytest.fixture
def stranger(empty_template, tmp_path):
    db = _new_site(empty_template, tmp_path / "stranger", "金凤街道组织办")
    yield db
    db.close()


@pytest.fixture
def township_window(qtbot, township, chinese):
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "zh_CN")
    qtbot.addWidget(w)
    w.set_database(township)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.db = None


def dump(db) -> list[str]:
    con = sqlite3.connect(db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def peer_row(db, name: str):
    con = sqlite3.connect(db.path)
    try:
        return con.execute("SELECT enrolled, revoked, is_root, confirmed FROM sync_peer WHERE name = ?",
                           (name,)).fetchone()
    finally:
        con.close()


def is_root(db) -> bool:
    con = sqlite3.connect(db.path)
    try:
        return bool(con.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0])
    finally:
        con.close()


def shown(label) -> str:
    """A fingerprint as a label shows it (two lines of groups) back to the one-line form."""
    return " ".join(label.text().split())


def model_rows(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def tick(qtbot, box) -> None:
    """Click a check box on its box (its middle may be past the end of its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def shot(widget, name: str) -> None:
    """``VCADRE_SHOTS=DIR``: save what the test sees, to look at."""
    if os.environ.get("VCADRE_SHOTS"):
        widget.grab().save(str(Path(os.environ["VCADRE_SHOTS"]) / f"{name}.png"))


# ---------------------------------------------------------------------------------------------- sites


def test_sites_dialog_shows_this_sites_fingerprint_to_read_aloud_and_copy(qtbot, window, county_db) -> None:
    dlg = window.sync_actions.show_sites()
    qtbot.waitExposed(dlg)
    fp = site_info(county_db).fingerprint
    assert shown(dlg.own_fingerprint.label) == fp
    assert dlg.own_fingerprint.label.text().count("\n") == 1  # two lines of four groups
    assert dlg.name_label.text() == "测试县组织部"
    assert "尚未加入登记网络" in dlg.role_label.text()
    assert dlg.model.rowCount() == 0 and dlg.empty_label.isVisible()
    assert dlg.enroll_button.isEnabled() and dlg.join_button.isEnabled()
    assert not dlg.revoke_button.isEnabled()  # only the root revokes
    QApplication.clipboard().clear()
    qtbot.mouseClick(dlg.own_fingerprint.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == fp
    shot(dlg, "sync-sites-new")


def test_join_dialog_writes_a_request_with_this_sites_name_and_key(qtbot, township_window, township,
                                                                   tmp_path, messages) -> None:
    township_window.sync_actions.join()
    dlg = township_window.sync_actions.sites_dialog.join_dialog
    qtbot.waitExposed(dlg)
    shot(dlg, "sync-join")
    out = tmp_path / "req.vcjoin"
    dlg.path.setText(str(out))
    dlg.name.clear()
    type_text(qtbot, dlg.name, "  龙场镇党委组织办 ")
    qtbot.mouseClick(dlg.write_button, Qt.MouseButton.LeftButton)
    req = read_request(out)
    me = site_info(township)
    assert req.name == "龙场镇党委组织办" and req.site_id == me.id and req.fingerprint == me.fingerprint
    assert me.name == "龙场镇党委组织办"  # the trimmed name is this site's name from now on
    text = messages.texts("info")[-1]
    assert "已写出加入申请" in text and me.fingerprint in text and str(out) in text
    assert dlg.isHidden()


def test_join_dialog_refuses_an_empty_name_and_writes_nothing(qtbot, township, tmp_path, messages, chinese) -> None:
    from vcadre.ui.sync_sites import JoinDialog

    dlg = JoinDialog(township)
    qtbot.addWidget(dlg)
    out = tmp_path / "req.vcjoin"
    dlg.path.setText(str(out))
    dlg.name.setText("   ")
    qtbot.mouseClick(dlg.write_button, Qt.MouseButton.LeftButton)
    assert not out.exists()
    assert "请输入站点名称" in messages.texts("warning")[-1]


# --------------------------------------------------------------------------------------------- enroll


def _open_enroll(qtbot, window, request: Path):
    window.sync_actions.enroll()
    sites = window.sync_actions.sites_dialog
    dlg = sites.enroll_dialog
    qtbot.waitExposed(dlg)
    dlg.request_path.setText(str(request))
    qtbot.keyClick(dlg.request_path, Qt.Key.Key_Return)  # editingFinished: the request is read
    return sites, dlg


def test_enroll_shows_both_fingerprints_and_needs_them_compared(qtbot, window, county_db, township, tmp_path,
                                                                messages) -> None:
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    sites, dlg = _open_enroll(qtbot, window, request)

    # Side by side: the applicant's name and fingerprint, and this site's own.
    assert dlg.request_name.text() == "龙场镇组织办"
    assert shown(dlg.request_fingerprint.label) == site_info(township).fingerprint
    own = [w for w in dlg.findChildren(type(dlg.request_fingerprint)) if w is not dlg.request_fingerprint]
    assert [shown(w.label) for w in own] == [site_info(county_db).fingerprint]
    shot(dlg, "sync-enroll")

    # Not compared yet: the button does nothing, nothing is written.
    welcome = tmp_path / "welcome.vcsync"
    dlg.welcome_path.setText(str(welcome))
    dlg.passphrase.setText(PASS)
    dlg.passphrase2.setText(PASS)
    assert not dlg.enroll_button.isEnabled()
    before = dump(county_db)
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
    assert not welcome.exists() and dump(county_db) == before and peer_row(county_db, "龙场镇组织办") is None

    tick(qtbot, dlg.matches)
    assert dlg.enroll_button.isEnabled()
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
    assert welcome.exists()
    assert peer_row(county_db, "龙场镇组织办")[:3] == (1, 0, 0) and is_root(county_db)
    assert "已登记站点“龙场镇组织办”" in messages.texts("info")[-1]
    assert dlg.isHidden()
    # The list shows it, and this site is now the root.
    assert model_rows(sites.model) == [["龙场镇组织办", "已登记", site_info(township).fingerprint, "从未导入", "本机"]]
    assert "根站点" in sites.role_label.text() and sites.revoke_button.isEnabled()
    shot(sites, "sync-sites-root")


def test_the_root_lets_a_township_enroll_its_villages(qtbot, window, county_db, township_window, township,
                                                     empty_template, tmp_path, messages, qtmodeltester) -> None:
    """Delegated enrollment in the windows: the county ticks “允许该站点登记其他站点”; the township's
    sites window then enrolls a village itself (without that box: only the root grants the right),
    and both lists show who enrolled whom and who may enroll."""
    from vcadre.sync.service import import_package

    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    sites, dlg = _open_enroll(qtbot, window, request)
    assert dlg.may_enroll.isVisible() and not dlg.may_enroll.isChecked()
    tick(qtbot, dlg.matches)
    tick(qtbot, dlg.may_enroll)
    shot(dlg, "sync-enroll-delegate")
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
    assert "登记其他站点" in messages.texts("info")[-1]
    assert model_rows(sites.model)[0][:2] == ["龙场镇组织办", "已登记，可登记其他站点"]
    qtmodeltester.check(sites.model)
    import_package(township, Path(dlg.welcome_path.text()), backup=False)

    village = _new_site(empty_template, tmp_path / "village", "龙场村")
    try:
        vreq = tmp_path / "village.vcjoin"
        join_request(village, vreq)
        tsites, tdlg = _open_enroll(qtbot, township_window, vreq)
        assert "并获其授权登记其他站点" in tsites.role_label.text()
        assert not tdlg.may_enroll.isVisible()  # a delegate cannot pass the right on
        tick(qtbot, tdlg.matches)
        qtbot.mouseClick(tdlg.enroll_button, Qt.MouseButton.LeftButton)
        assert "已登记站点“龙场村”" in messages.texts("info")[-1]
        rows = {r[0]: r for r in model_rows(tsites.model)}
        assert rows["测试县组织部"][1] == "根站点" and rows["龙场村"][1:2] + rows["龙场村"][4:] == ["已登记", "本机"]
        qtmodeltester.check(tsites.model)
        shot(tsites, "sync-sites-delegate")
        # The village's package reaches the county: it lists the village as enrolled by the township.
        import_package(village, Path(tdlg.welcome_path.text()), backup=False)
        out = tmp_path / "village.vcsync"
        export_package(village, out, full=True)
        import_package(county_db, out, backup=False)
        sites.reload()
        rows = {r[0]: r for r in model_rows(sites.model)}
        assert rows["龙场村"][1] == "已登记" and rows["龙场村"][4] == "龙场镇组织办"
        qtmodeltester.check(sites.model)
        shot(sites, "sync-sites-root-delegated")
    finally:
        village.close()


def test_enroll_needs_the_same_passphrase_twice(qtbot, window, county_db, township, tmp_path, messages) -> None:
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    _sites, dlg = _open_enroll(qtbot, window, request)
    tick(qtbot, dlg.matches)
    dlg.passphrase.setText(PASS)
    dlg.passphrase2.setText("别的")
    welcome = Path(dlg.welcome_path.text())
    assert welcome.name == "欢迎包-龙场镇组织办.vcsync"  # proposed next to the request
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
    assert "两次输入的口令不一致" in messages.texts("warning")[-1]
    assert not welcome.exists() and peer_row(county_db, "龙场镇组织办") is None


def test_a_damaged_join_request_is_named_and_cannot_be_enrolled(qtbot, window, county_db, township, tmp_path,
                                                                messages) -> None:
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    request.write_text(request.read_text(encoding="utf-8").replace("龙场镇", "冒名镇"), encoding="utf-8")
    _sites, dlg = _open_enroll(qtbot, window, request)
    assert "“req.vcjoin”不是有效的加入申请" in messages.texts("error")[-1]
    assert dlg.request_name.text() == "—"
    tick(qtbot, dlg.matches)
    assert not dlg.enroll_button.isEnabled()


def test_a_site_that_joined_cannot_enroll_others(qtbot, county_db, township_window, township, tmp_path, messages,
                                                 passphrase) -> None:
    request = tmp_path / "town.vcjoin"
    join_request(township, request)
    welcome = tmp_path / "welcome.vcsync"
    enroll(county_db, read_request(request), welcome, PASS)
    township_window.sync_actions.import_package(welcome)  # asks the county's fingerprint first: yes
    township_window.sync_actions.enroll()
    sites = township_window.sync_actions.sites_dialog
    assert sites.enroll_dialog is None and not sites.enroll_button.isEnabled()
    assert "只有根站点（县委组织部）和经它授权的站点能登记新站点；本机已加入“测试县组织部”，但未获此授权" in (
        messages.texts("info")[-1])


def test_enroll_runs_off_the_gui_thread(qtbot, window, county_db, township, tmp_path, messages, monkeypatch) -> None:
    from PySide6.QtCore import QThreadPool

    from vcadre.sync import enroll as enroll_mod
    from vcadre.ui import jobs

    threads = []
    real = enroll_mod.enroll
    monkeypatch.setattr(enroll_mod, "enroll", lambda *a, **k: threads.append(QThread.currentThread()) or real(*a, **k))
    pool = QThreadPool()
    jobs.set_pool(pool)
    try:
        request = tmp_path / "req.vcjoin"
        join_request(township, request)
        _sites, dlg = _open_enroll(qtbot, window, request)
        tick(qtbot, dlg.matches)
        dlg.passphrase.setText(PASS)
        dlg.passphrase2.setText(PASS)
        qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(dlg.job.done, timeout=30000):
            pass
    finally:
        pool.waitForDone(30000)
        jobs.set_pool(jobs.SyncPool())
    assert threads and threads[0] is not QApplication.instance().thread()
    assert peer_row(county_db, "龙场镇组织办")[:3] == (1, 0, 0)
    assert "已登记站点" in messages.texts("info")[-1]


# --------------------------------------------------------------------------------------------- revoke


def test_revoke_needs_the_name_typed_then_the_sites_packages_are_refused(
        qtbot, window, county_db, township, tmp_path, messages, passphrase) -> None:
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    enroll(county_db, read_request(request), tmp_path / "welcome.vcsync", PASS)
    package = tmp_path / "town.vcsync"
    export_package(township, package, PASS, full=True)  # written before the laptop was lost

    window.sync_actions.revoke()
    sites = window.sync_actions.sites_dialog
    dlg = sites.revoke_dialog
    qtbot.waitExposed(dlg)
    assert dlg.peer.currentText() == "龙场镇组织办"
    assert shown(dlg.fingerprint.label) == site_info(township).fingerprint
    explained = " ".join(label.text() for label in dlg.findChildren(type(dlg.confirm_label)))
    assert "其他站点导入后也一律拒绝" in explained and "不能撤回" in explained
    type_text(qtbot, dlg.confirm_name, "龙场镇")
    assert not dlg.revoke_button.isEnabled()
    qtbot.mouseClick(dlg.revoke_button, Qt.MouseButton.LeftButton)
    assert peer_row(county_db, "龙场镇组织办")[1] == 0
    type_text(qtbot, dlg.confirm_name, "组织办")
    shot(dlg, "sync-revoke")
    assert dlg.revoke_button.isEnabled()
    qtbot.mouseClick(dlg.revoke_button, Qt.MouseButton.LeftButton)
    assert peer_row(county_db, "龙场镇组织办")[:2] == (0, 1)
    assert "已吊销站点“龙场镇组织办”" in messages.texts("info")[-1]
    assert [row[:2] for row in model_rows(sites.model)] == [["龙场镇组织办", "已吊销"]]

    # Its package (even one written before) is refused, nothing written.
    before = dump(county_db)
    window.sync_actions.import_package(package)
    error = messages.texts("error")[-1]
    assert f"同步包“{package}”未导入" in error and "已被县委组织部吊销" in error
    assert not messages.texts("confirm")
    assert dump(county_db) == before


def test_peers_model_passes_the_model_tester(qtbot, qtmodeltester, window, county_db, township, stranger,
                                             tmp_path) -> None:
    for site, name in ((township, "a"), (stranger, "b")):
        join_request(site, tmp_path / f"{name}.vcjoin")
        enroll(county_db, read_request(tmp_path / f"{name}.vcjoin"), tmp_path / f"{name}.vcsync", PASS)
    from vcadre.sync.enroll import revoke

    revoke(county_db, "金凤街道组织办")
    dlg = window.sync_actions.show_sites()
    qtmodeltester.check(dlg.model)
    assert [row[:2] for row in model_rows(dlg.model)] == [["龙场镇组织办", "已登记"], ["金凤街道组织办", "已吊销"]]


# --------------------------------------------------------------------------------------------- import


def test_first_package_asks_the_fingerprint_before_anything_is_written_and_no_keeps_nothing(
        window, county_db, township, tmp_path, messages, passphrase, monkeypatch) -> None:
    from vcadre.services import persons
    from vcadre.ui import messages as msg

    with township.session() as s, s.begin():
        persons.save_person(s, None, {"name": "镇里新人", "gender": "1", "phone": "13900000001"})
    package = tmp_path / "town.vcsync"
    export_package(township, package, PASS, full=True)
    before = dump(county_db)
    backups_before = sorted(p.name for p in Path(county_db.path).parent.rglob("*") if p.is_file())

    at_question = []
    asked = msg.confirm

    def confirm(parent, text, title=""):
        at_question.append(dump(county_db))
        return asked(parent, text, title)

    monkeypatch.setattr(msg, "confirm", confirm)
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    messages.confirm_answer = False
    window.sync_actions.import_package(package)
    assert list(scratch.iterdir()) == []  # the private copy is removed

    question = messages.texts("confirm")
    assert len(question) == 1 and "龙场镇组织办" in question[0]
    assert " ".join(site_info(township).fingerprint.split()) in " ".join(question[0].split())
    assert at_question == [before]  # asked before the merge
    assert dump(county_db) == before  # 否: nothing written
    assert sorted(p.name for p in Path(county_db.path).parent.rglob("*") if p.is_file()) == backups_before
    assert "未导入" in messages.texts("info")[-1]


def test_first_package_merged_after_yes_and_the_sender_recorded_as_checked(
        window, county_db, township, tmp_path, messages, passphrase, monkeypatch) -> None:
    from vcadre.services import persons
    from vcadre.ui import messages as msg

    with township.session() as s, s.begin():
        persons.save_person(s, None, {"name": "镇里新人", "gender": "1", "phone": "13900000001"})
    package = tmp_path / "town.vcsync"
    export_package(township, package, PASS, full=True)
    before = dump(county_db)
    at_question = []
    asked = msg.confirm
    monkeypatch.setattr(msg, "confirm", lambda p, t, title="": at_question.append(dump(county_db)) or asked(p, t, title))
    window.sync_actions.import_package(package)

    assert at_question == [before]
    con = sqlite3.connect(county_db.path)
    assert con.execute("SELECT phone FROM person WHERE name = '镇里新人'").fetchone() == ("13900000001",)
    con.close()
    assert peer_row(county_db, "龙场镇组织办")[3] == 1  # confirmed: the next package does not ask
    assert "已导入" in messages.texts("info")[-1] and "龙场镇组织办" in messages.texts("info")[-1]
    export_package(township, tmp_path / "again.vcsync", PASS, full=True)
    window.sync_actions.import_package(tmp_path / "again.vcsync")
    assert len(messages.texts("confirm")) == 1


def test_the_root_refuses_a_site_it_did_not_enroll_without_asking(
        window, county_db, township, stranger, tmp_path, messages, passphrase) -> None:
    join_request(township, tmp_path / "req.vcjoin")
    enroll(county_db, read_request(tmp_path / "req.vcjoin"), tmp_path / "welcome.vcsync", PASS)
    package = tmp_path / "stranger.vcsync"
    export_package(stranger, package, PASS, full=True)
    before = dump(county_db)
    window.sync_actions.import_package(package)
    assert not messages.texts("confirm")
    error = messages.texts("error")[-1]
    assert f"同步包“{package}”未导入" in error and "尚未由本机登记" in error
    assert dump(county_db) == before


def test_welcome_imported_by_the_new_site_shows_the_countys_fingerprint_first(
        qtbot, window, county_db, township_window, township, tmp_path, messages, passphrase) -> None:
    """The whole flow in the window: join request, enrollment at the county, WELCOME imported."""
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    _sites, dlg = _open_enroll(qtbot, window, request)
    tick(qtbot, dlg.matches)
    dlg.passphrase.setText(PASS)
    dlg.passphrase2.setText(PASS)
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)
    welcome = Path(dlg.welcome_path.text())

    township_window.sync_actions.import_package(welcome)
    question = messages.texts("confirm")[-1]
    assert "测试县组织部" in question and "\n".join(
        "  ".join(site_info(county_db).fingerprint.split()[i:i + 4]) for i in (0, 4)) in question
    con = sqlite3.connect(township.path)
    assert con.execute("SELECT count(*) FROM person WHERE name = '张龙敏'").fetchone() == (1,)  # the county's data
    con.close()
    sites = township_window.sync_actions.show_sites()
    assert model_rows(sites.model)[0][:2] == ["测试县组织部", "根站点"]
    assert "已由“测试县组织部”登记加入" in sites.role_label.text()
    assert not sites.enroll_button.isEnabled() and not sites.revoke_button.isEnabled()
    shot(sites, "sync-sites-township")


def test_no_passphrase_has_to_travel_between_enrolled_sites(
        qtbot, window, county_db, township_window, township, tmp_path, messages, monkeypatch) -> None:
    """Enroll, welcome, a township's export and the county's import, with no passphrase at all:
    every package is encrypted to the keys of the sites it is for, and nobody is asked for one."""
    from vcadre.services import persons
    from vcadre.ui import sync_dialogs

    asked: list[bool] = []

    def ask(cls, parent, confirm=False, optional=False):
        asked.append(optional)
        return "" if optional else None  # leave the optional field empty; refuse anything else

    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask", classmethod(ask))
    request = tmp_path / "req.vcjoin"
    join_request(township, request)
    _sites, dlg = _open_enroll(qtbot, window, request)
    tick(qtbot, dlg.matches)
    qtbot.mouseClick(dlg.enroll_button, Qt.MouseButton.LeftButton)  # both passphrase fields empty
    welcome = Path(dlg.welcome_path.text())
    assert welcome.exists() and not messages.texts("warning")

    township_window.sync_actions.import_package(welcome)
    assert asked == []  # encrypted to the township's key: nothing to ask
    con = sqlite3.connect(township.path)
    assert con.execute("SELECT count(*) FROM person WHERE name = '张龙敏'").fetchone() == (1,)
    con.close()

    with township.session() as s, s.begin():
        persons.save_person(s, None, {"name": "镇里新人", "gender": "1", "phone": "13900000001"})
    out = tmp_path / "镇.vcsync"
    monkeypatch.setattr(sync_dialogs.ExportDialog, "ask", classmethod(lambda cls, parent, peers, d: (None, out)))
    township_window.sync_actions.export_package()
    assert asked == [True] and out.exists()  # offered, left empty
    window.sync_actions.import_package(out)
    assert asked == [True]  # the county was not asked either
    con = sqlite3.connect(county_db.path)
    assert con.execute("SELECT phone FROM person WHERE name = '镇里新人'").fetchone() == ("13900000001",)
    con.close()


def test_a_package_with_a_passphrase_layer_asks_for_it(window, township, tmp_path, messages, monkeypatch) -> None:
    from vcadre.ui import sync_dialogs

    package = tmp_path / "镇.vcsync"
    export_package(township, package, PASS, full=True)
    asked: list[bool] = []
    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask",
                        classmethod(lambda cls, parent, confirm=False, optional=False: asked.append(optional) or None))
    window.sync_actions.import_package(package)
    assert asked == [False]  # asked (not optional); cancelled: nothing imported, no error
    assert not messages.texts("error")


def test_import_checks_and_merges_off_the_gui_thread(qtbot, window, county_db, township, tmp_path, messages,
                                                     passphrase, monkeypatch) -> None:
    from PySide6.QtCore import QThreadPool

    from vcadre.services import persons
    from vcadre.sync import service, sites
    from vcadre.ui import jobs

    with township.session() as s, s.begin():
        persons.save_person(s, None, {"name": "镇里新人", "gender": "1", "phone": "13900000001"})
    package = tmp_path / "town.vcsync"
    export_package(township, package, PASS, full=True)
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the private copy goes
    threads = {}
    for module, name in ((sites, "check_package"), (service, "import_package")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k:
                            threads.setdefault(_name, QThread.currentThread()) and _real(*a, **k))
    pool = QThreadPool()
    jobs.set_pool(pool)
    try:
        window.sync_actions.import_package(package)
        qtbot.waitUntil(lambda: any("已导入" in t for t in messages.texts("info")), timeout=30000)
    finally:
        pool.waitForDone(30000)
        jobs.set_pool(jobs.SyncPool())
    gui = QApplication.instance().thread()
    assert set(threads) == {"check_package", "import_package"} and gui not in threads.values()
    assert len(messages.texts("confirm")) == 1  # asked between the two jobs, on the GUI thread
    con = sqlite3.connect(county_db.path)
    assert con.execute("SELECT phone FROM person WHERE name = '镇里新人'").fetchone() == ("13900000001",)
    con.close()
    assert list(scratch.iterdir()) == []  # the private copy is removed


def test_an_export_that_cannot_be_written_says_what_and_where(window, tmp_path, messages, passphrase,
                                                              monkeypatch) -> None:
    from vcadre.ui import sync_dialogs

    out = tmp_path / "拔出的U盘" / "县.vcsync"  # the folder is gone
    monkeypatch.setattr(sync_dialogs.ExportDialog, "ask", classmethod(lambda cls, parent, peers, d: (None, out)))
    window.sync_actions.export_package()
    error = messages.texts("error")[-1]
    assert error.startswith(f"未能写出同步包“{out}”") and "无法写入" in error
    assert not out.exists() and not messages.texts("info")


def test_a_copied_database_is_told_to_join_under_a_new_name(qtbot, county_db, tmp_path, messages, chinese) -> None:
    import shutil

    from vcadre.ui.sync_sites import JoinDialog, SitesDialog

    from tests.gui.conftest import _checkpoint

    export_package(county_db, tmp_path / "first.vcsync", PASS, full=True)  # binds the site to this file
    _checkpoint(county_db)  # the whole file, as a copy on a USB stick would be
    copy_path = tmp_path / "copy" / "county.db"
    copy_path.parent.mkdir()
    shutil.copyfile(county_db.path, copy_path)
    copy = open_database(copy_path)
    try:
        sites = SitesDialog(copy)
        qtbot.addWidget(sites)
        assert "复制来的" in sites.role_label.text()
        assert sites.join_button.isEnabled() and not sites.enroll_button.isEnabled()
        assert [row[:2] for row in model_rows(sites.model)] == [["测试县组织部", "未登记（已核对指纹）"]]  # the original

        join = JoinDialog(copy)
        qtbot.addWidget(join)
        join.path.setText(str(tmp_path / "req.vcjoin"))
        shot(join, "sync-join-copy")
        assert any("不能与原站点“测试县组织部”相同" in label.text() for label in join.findChildren(type(sites.role_label)))
        qtbot.mouseClick(join.write_button, Qt.MouseButton.LeftButton)  # the original's name: refused
        error = messages.texts("error")[-1]
        assert error.startswith(f"未能写出加入申请“{tmp_path / 'req.vcjoin'}”") and "已被其他站点使用" in error
        assert not (tmp_path / "req.vcjoin").exists()
        join.name.setText("县委组织部备用机")
        qtbot.mouseClick(join.write_button, Qt.MouseButton.LeftButton)
        assert read_request(tmp_path / "req.vcjoin").name == "县委组织部备用机"
        sites.reload()
        assert "尚未加入登记网络" in sites.role_label.text()
    finally:
        copy.close()

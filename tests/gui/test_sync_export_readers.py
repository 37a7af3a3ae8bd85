"""Who can read an exported package, chosen in the export window (issue 14: encryption to the
recipients' keys, ``sync export --to`` in the GUI).

The real ``ExportDialog`` and ``PassphraseDialog`` are driven inside their own ``exec`` loops by a
timer (``Dialogs``), which closes every dialog it found on every path, also when an assertion
inside the timer fails, and fails the test then: a modal dialog left open would hang the run.
Each test then opens the written package with the sites' databases: a ticked site imports it, a
site left out is refused "…不是发给本机…" with its database unchanged.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from vcadre.store.db import open_database
from vcadre.store.models import new_id
from vcadre.sync import package as pkg
from vcadre.sync import sites
from vcadre.sync.enroll import enroll, read_request, revoke
from vcadre.sync.errors import SiteKeyError
from vcadre.sync.service import export_package, import_package, join_request, peers
from vcadre.ui import sync_dialogs

FAST_KDF = 2**10
OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", FAST_KDF)


class Dialogs:
    """Drive modal dialogs from a timer: ``expect(cls, act)`` runs ``act(dialog)`` once a ``cls``
    is the active modal widget (inside its ``exec`` loop; as ``tests/gui/modal.when_shown``).
    Whatever ``act`` does or raises, the dialog is closed afterwards (rejected if ``act`` left it
    open, which is itself a failure); errors are raised by ``check()`` on the test's side."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.seen: list = []
        self.stopped = False

    def expect(self, cls: type, act: Callable, tries: int = 3000) -> None:
        left = [tries]

        def poll() -> None:
            if self.stopped:
                return
            dlg = QApplication.activeModalWidget()
            if not (isinstance(dlg, cls) and dlg.isVisible()):
                left[0] -= 1
                if left[0] > 0:
                    QTimer.singleShot(10, poll)
                else:
                    self.errors.append(AssertionError(f"{cls.__name__} was never shown"))
                return
            self.seen.append(dlg)
            try:
                act(dlg)
            except BaseException as exc:  # noqa: BLE001 - re-raised by check() on the test's side
                self.errors.append(exc)
            finally:
                if dlg.isVisible():
                    if not self.errors:
                        self.errors.append(AssertionError(f"{cls.__name__} was left open"))
                    dlg.reject()

        QTimer.singleShot(0, poll)

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]

    def close(self) -> None:
        self.stopped = True
        for dlg in self.seen:
            if dlg.isVisible():
                dlg.reject()
            dlg.deleteLater()


@pytest.fixture
def dialogs():
    d = Dialogs()
    yield d
    d.close()


def _new_site(template: Path, folder: Path, name: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "site.db"
    shutil.copyfile(template, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE site SET id = ?, name = ? WHERE is_local = 1", (new_id(), name))
    con.close()
    return open_database(path)


def _join(county, site, folder: Path) -> None:
    req = folder / "req.vcjoin"
    join_request(site, req)
    welcome = folder / "welcome.vcsync"
    enroll(county, read_request(req), welcome, None, kdf_n=FAST_KDF)
    import_package(site, welcome, None, backup=False)


@pytest.fixture
def network(county_db, empty_template, tmp_path):
    """The county (root) with 龙场镇 and 茅坪镇 enrolled, 金凤街道 enrolled by an old version (no
    encryption key known) and 猫场镇 revoked."""
    made = {}
    for key, name in (("town1", "龙场镇组织办"), ("town2", "茅坪镇组织办"), ("old", "金凤街道组织办"),
                      ("lost", "猫场镇组织办")):
        made[key] = _new_site(empty_template, tmp_path / key, name)
        _join(county_db, made[key], tmp_path / key)
    revoke(county_db, "猫场镇组织办")
    con = sqlite3.connect(county_db.path)
    with con:
        con.execute("UPDATE sync_peer SET box_key = NULL WHERE name = '金凤街道组织办'")
    con.close()
    yield made
    for db in made.values():
        db.close()


def dump(db) -> list[str]:
    con = sqlite3.connect(db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def site_id(db) -> str:
    return db.site()[0]


def items(dlg) -> list[tuple[str, bool, bool]]:
    """(text, can be ticked, ticked) of each row of the readers list."""
    out = []
    for i in range(dlg.readers.count()):
        it = dlg.readers.item(i)
        out.append((it.text(), bool(it.flags() & Qt.ItemFlag.ItemIsUserCheckable),
                    it.checkState() == Qt.CheckState.Checked))
    return out


def toggle(qtbot, dlg, text: str) -> None:
    """Click the check box of the row named ``text``, as a user does."""
    item = next(dlg.readers.item(i) for i in range(dlg.readers.count()) if dlg.readers.item(i).text() == text)
    before = item.checkState()
    rect = dlg.readers.visualItemRect(item)
    qtbot.mouseClick(dlg.readers.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))
    assert item.checkState() != before, f"the click did not toggle {text}"


def ok(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(OK), Qt.MouseButton.LeftButton)


def shot(widget, name: str) -> None:
    """``VCADRE_SHOTS=DIR``: save what the test sees, to look at."""
    if os.environ.get("VCADRE_SHOTS"):
        widget.grab().save(str(Path(os.environ["VCADRE_SHOTS"]) / f"{name}.png"))


def recipients_of(path: Path) -> set[str]:
    header, _end = pkg.read_header(path.read_bytes())
    return set(header.recipients)


def refused_here(db, path: Path) -> str:
    before = dump(db)
    with pytest.raises(SiteKeyError) as info:
        import_package(db, path, None, backup=False)
    assert dump(db) == before, "nothing written"
    return str(info.value)


def test_the_export_window_lists_who_can_read_and_only_the_ticked_sites_can(
        qtbot, window, county_db, network, tmp_path, dialogs, messages) -> None:
    out = tmp_path / "只给龙场镇.vcsync"
    asked: list = []

    def export(dlg):
        assert items(dlg) == [
            ("茅坪镇组织办", True, True),
            ("金凤街道组织办 — 尚未得知其加密公钥", False, False),
            ("龙场镇组织办", True, True),
        ], items(dlg)  # the revoked site and this site itself are not offered
        note = dlg.readers_note.text()
        assert "只有勾选的站点能打开此同步包" in note and "灰色" in note, note
        shot(dlg, "sync-export-readers")
        toggle(qtbot, dlg, "茅坪镇组织办")
        dlg.path.setText(str(out))
        ok(qtbot, dlg)

    def passphrase(dlg):
        asked.append(dlg.optional)
        ok(qtbot, dlg)  # left empty: the keys of the ticked sites lock the package

    dialogs.expect(sync_dialogs.ExportDialog, export)
    dialogs.expect(sync_dialogs.PassphraseDialog, passphrase)
    window.sync_actions.export_package()
    dialogs.check()
    assert asked == [True]
    assert recipients_of(out) == {site_id(network["town1"])}
    assert "只有这些站点能打开：龙场镇组织办" in messages.texts("info")[-1]

    msg = refused_here(network["town2"], out)
    assert "不是发给本机" in msg and "茅坪镇组织办" in msg and "可读取的站点" in msg  # where to tick it
    refused_here(network["old"], out)
    result = import_package(network["town1"], out, None, backup=False)
    assert not result.already_imported and result.manifest.site_id == site_id(county_db)


def test_changes_for_one_site_tick_that_site_and_at_least_one_reader_is_needed(
        qtbot, window, county_db, network, tmp_path, dialogs, messages) -> None:
    out = tmp_path / "给茅坪镇.vcsync"
    steps: list = []

    def export(dlg):
        dlg.peer.setCurrentIndex(dlg.peer.findData(site_id(network["town2"])))
        assert [ticked for _t, _c, ticked in items(dlg)] == [True, False, False]  # 茅坪镇 alone
        toggle(qtbot, dlg, "茅坪镇组织办")  # nobody left
        dlg.path.setText(str(out))
        ok(qtbot, dlg)
        steps.append(dlg.isVisible())
        dlg.peer.setCurrentIndex(0)  # back to everything: its default readers again
        assert [ticked for _t, _c, ticked in items(dlg)] == [True, False, True]
        dlg.peer.setCurrentIndex(dlg.peer.findData(site_id(network["town2"])))
        ok(qtbot, dlg)

    dialogs.expect(sync_dialogs.ExportDialog, export)
    dialogs.expect(sync_dialogs.PassphraseDialog, lambda dlg: ok(qtbot, dlg))
    window.sync_actions.export_package()
    dialogs.check()
    assert steps == [True]  # refused with nobody ticked, the window stayed open
    assert messages.texts("warning") == ["请至少勾选一个能读取此同步包的站点。"]
    assert recipients_of(out) == {site_id(network["town2"])}
    assert "不是发给本机" in refused_here(network["town1"], out)
    import_package(network["town2"], out, None, backup=False)


def test_cancel_writes_nothing(qtbot, window, network, tmp_path, dialogs, messages) -> None:
    def export(dlg):
        dlg.path.setText(str(tmp_path / "x.vcsync"))
        qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(CANCEL), Qt.MouseButton.LeftButton)

    dialogs.expect(sync_dialogs.ExportDialog, export)
    window.sync_actions.export_package()
    dialogs.check()
    assert not list(tmp_path.glob("*.vcsync")) and messages.shown == []


def test_without_any_known_key_the_passphrase_alone_locks_it_and_may_not_stay_empty(
        qtbot, window, county_db, tmp_path, dialogs, messages) -> None:
    """A county not yet in an enrolled network, with no other site known: nothing to tick, the
    window says the passphrase alone protects the package, and the passphrase is not optional."""
    out = tmp_path / "口令.vcsync"
    seen: list = []

    def export(dlg):
        assert dlg.readers.count() == 0 and dlg.readers.isHidden()
        seen.append(dlg.readers_note.text())
        shot(dlg, "sync-export-no-readers")
        dlg.path.setText(str(out))
        ok(qtbot, dlg)

    def passphrase(dlg):
        seen.append(dlg.optional)
        qtbot.keyClicks(dlg.first, "pass word")
        qtbot.keyClicks(dlg.second, "pass word")
        ok(qtbot, dlg)

    dialogs.expect(sync_dialogs.ExportDialog, export)
    dialogs.expect(sync_dialogs.PassphraseDialog, passphrase)
    window.sync_actions.export_package()
    dialogs.check()
    assert "仅由口令保护" in seen[0] and seen[1] is False
    header, _end = pkg.read_header(out.read_bytes())
    assert not header.recipients and header.has_passphrase
    assert "只由口令保护" in messages.texts("info")[-1]


def test_the_window_ticks_what_the_export_service_chooses_by_default(county_db, network, tmp_path) -> None:
    """``sites.default_readers`` (what the window ticks) and ``export_package`` without ``to``
    (what the CLI does) agree: everything goes to the root's enrolled sites with a known key, a
    delta to its peer."""
    known = peers(county_db)
    full = tmp_path / "full.vcsync"
    export_package(county_db, full, None)
    assert set(sites.default_readers(known, None)) == recipients_of(full)
    assert recipients_of(full) == {site_id(network["town1"]), site_id(network["town2"])}
    delta = tmp_path / "delta.vcsync"
    export_package(county_db, delta, None, for_peer=site_id(network["town1"]))
    assert set(sites.default_readers(known, site_id(network["town1"]))) == recipients_of(delta)


# ------------------------------------------------------------------------------------ progress


def test_export_shows_its_steps_and_a_cancel_leaves_no_file(qtbot, window, county_db, tmp_path, messages,
                                                            monkeypatch) -> None:
    """The export runs on the real thread pool; the progress window names the step and counts
    (here held at the first report of writing the changes); 取消 stops it: no package, no
    temporary file, and the officer is told nothing was written."""
    import threading

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QPushButton

    from vcadre.sync import service
    from vcadre.ui import jobs

    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "县.vcsync"
    monkeypatch.setattr(sync_dialogs.ExportDialog, "ask",
                        classmethod(lambda cls, parent, peers, d: sync_dialogs.ExportChoice(None, out, [])))
    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask",
                        classmethod(lambda cls, parent, confirm=False, optional=False: "口令"))
    monkeypatch.setattr(jobs, "PROGRESS_DELAY_MS", 0)
    reached, release = threading.Event(), threading.Event()
    real_update = jobs.Progress.update

    def held_update(self, done, total, phase=None):
        going_on = real_update(self, done, total, phase)
        if phase == service.WRITE and not release.is_set():
            reached.set()
            release.wait(30)  # until the test has clicked 取消 (or gives up)
            return not self.cancelled
        return going_on

    monkeypatch.setattr(jobs.Progress, "update", held_update)
    pool = QThreadPool()
    jobs.set_pool(pool)
    try:
        window.sync_actions.export_package()
        job = window.sync_actions.last_job
        qtbot.waitUntil(lambda: reached.is_set() and job._dialog is not None
                        and job._dialog.labelText().startswith("正在把变更写入同步包"), timeout=30000)
        label = job._dialog.labelText()
        shot(job._dialog, "sync-export-progress")
        cancel = job._dialog.findChild(QPushButton)
        assert cancel.text() == "取消"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        release.set()
        qtbot.waitUntil(lambda: job.finished, timeout=30000)
    finally:
        release.set()
        pool.waitForDone(30000)
        jobs.set_pool(jobs.SyncPool())
    assert messages.texts("info") == ["已取消导出：没有写入同步包。"] and not messages.texts("error")
    assert list(folder.iterdir()) == []
    again = export_package(county_db, tmp_path / "again.vcsync", "口令")  # what the cancelled one held
    assert label == f"正在把变更写入同步包：0 / {again.manifest.changes:,}…", label


def test_enrollment_reports_the_welcome_packages_steps(qtbot, county_db, empty_template, tmp_path, monkeypatch,
                                                       messages, chinese) -> None:
    """The enroll dialog's job gets the export steps (labels of ``export_phases``); at its end
    the progress stands at the saved file's size."""
    from vcadre.ui.sync_sites import EnrollDialog

    town = _new_site(empty_template, tmp_path / "town", "龙场镇组织办")
    try:
        req = tmp_path / "req.vcjoin"
        join_request(town, req)
        dlg = EnrollDialog(county_db)
        qtbot.addWidget(dlg)
        dlg.request_path.setText(str(req))
        dlg.load_request()
        dlg.matches.setChecked(True)
        dlg.welcome_path.setText(str(tmp_path / "welcome.vcsync"))
        dlg.enroll()
        job = dlg.job
        assert job.finished
        done, total, phase = job._last
        size = (tmp_path / "welcome.vcsync").stat().st_size
        assert (phase, done, total) == ("save", size, size)
        assert job.label_text() == f"正在保存文件：{size / 2**20:.1f} / {size / 2**20:.1f} MB…"
        assert any("已登记站点" in t for t in messages.texts("info"))
    finally:
        town.close()


# ------------------------------------------------------------------------- messages in Chinese


def test_a_full_disk_during_export_is_said_in_chinese_in_the_window(window, tmp_path, messages, monkeypatch) -> None:
    import errno

    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "县.vcsync"
    monkeypatch.setattr(sync_dialogs.ExportDialog, "ask",
                        classmethod(lambda cls, parent, peers, d: sync_dialogs.ExportChoice(None, out, [])))
    monkeypatch.setattr(sync_dialogs.PassphraseDialog, "ask",
                        classmethod(lambda cls, parent, confirm=False, optional=False: "口令"))
    real_open = open

    def full_disk(path, mode="r", *a, **k):
        if Path(path).parent == folder and "w" in mode:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", full_disk)
    window.sync_actions.export_package()
    monkeypatch.undo()
    error = messages.texts("error")[-1]
    assert error.startswith(f"未能写出同步包“{out}”") and "磁盘空间不足" in error, error
    assert "Errno" not in error and "No space" not in error
    assert list(folder.iterdir()) == []


def test_an_os_error_of_any_job_is_said_in_chinese_naming_the_file(qtbot, messages, chinese) -> None:
    import errno

    from vcadre.ui import jobs

    def op(_db, _progress):
        raise PermissionError(errno.EACCES, "Permission denied", "D:/名册/花名册.xlsx")

    jobs.run_job(None, op, lambda _r: None)
    assert messages.texts("error") == ["“D:/名册/花名册.xlsx”：没有读写权限（文件设为只读，或本用户无权访问该文件夹）"]


def test_a_revoked_site_is_offered_no_changes_only_package(qtbot, chinese, tmp_path) -> None:
    """A lost laptop gets nothing more: no "changes not yet received by …" for a revoked site."""
    listed = [{"name": "龙场镇组织办", "site_id": "s1", "revoked": 0},
              {"name": "丢失的笔记本", "site_id": "s2", "revoked": 1}]
    dlg = sync_dialogs.ExportDialog(None, listed, tmp_path)
    qtbot.addWidget(dlg)
    assert [dlg.peer.itemData(i) for i in range(dlg.peer.count())] == [None, "s1"]

"""The modal dialogs other tests answer by monkeypatching ``ask``, driven for real: ``ask`` runs
``exec()``, a timer finds the dialog once it is on screen and clicks and types as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from vcadre.ui import opening, sync_dialogs

from .conftest import type_text
from .modal import when_shown

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def box_button(dlg, which):
    return dlg.findChild(QDialogButtonBox).button(which)


@pytest.mark.parametrize("choice", ["demo", "empty", "open", None])
def test_first_run_dialog_returns_the_button_clicked(qtbot, chinese, choice) -> None:
    def act(dlg):
        assert dlg.windowTitle() == "欢迎使用村干部档案管理"
        assert "上次的数据库无法打开。" in [lbl.text() for lbl in dlg.findChildren(QLabel)]
        assert dlg.demo_button.text() == "创建演示数据"
        buttons = {"demo": dlg.demo_button, "empty": dlg.empty_button, "open": dlg.open_button}
        target = buttons.get(choice) or next(b for b in dlg.findChildren(QPushButton) if b.text() == "退出")
        click(qtbot, target)

    seen = when_shown(opening.FirstRunDialog, act)
    assert opening.FirstRunDialog.ask(None, "上次的数据库无法打开。") == choice
    assert len(seen) == 1 and not seen[0].isVisible()
    seen[0].deleteLater()


def test_export_passphrase_must_be_typed_twice_alike(qtbot, chinese, messages) -> None:
    steps: list[str] = []

    def act(dlg):
        assert dlg.second is not None  # exporting: asked twice
        click(qtbot, box_button(dlg, OK))  # nothing typed
        steps.append("empty" if dlg.isVisible() else "closed")
        qtbot.keyClicks(dlg.first, "correct horse")
        qtbot.keyClicks(dlg.second, "correct hors")
        click(qtbot, box_button(dlg, OK))
        steps.append("differ" if dlg.isVisible() else "closed")
        qtbot.keyClicks(dlg.second, "e")
        click(qtbot, box_button(dlg, OK))

    seen = when_shown(sync_dialogs.PassphraseDialog, act)
    assert sync_dialogs.PassphraseDialog.ask(None, confirm=True) == "correct horse"
    assert steps == ["empty", "differ"]
    assert messages.texts("warning") == ["口令不能为空。", "两次输入的口令不一致。"]
    assert seen[0].first.echoMode() == seen[0].first.EchoMode.Password  # never shown on screen
    seen[0].deleteLater()


def test_an_optional_export_passphrase_may_stay_empty_but_not_half_typed(qtbot, chinese, messages) -> None:
    steps: list[str] = []

    def act(dlg):
        assert "可以不填" in dlg.note.text()
        qtbot.keyClicks(dlg.second, "x")  # only the repetition typed
        click(qtbot, box_button(dlg, OK))
        steps.append("half" if dlg.isVisible() else "closed")
        dlg.second.clear()
        click(qtbot, box_button(dlg, OK))  # both empty: fine

    seen = when_shown(sync_dialogs.PassphraseDialog, act)
    assert sync_dialogs.PassphraseDialog.ask(None, confirm=True, optional=True) == ""
    assert steps == ["half"] and messages.texts("warning") == ["口令不能为空。"]
    seen[0].deleteLater()


@pytest.mark.parametrize("cancel", [False, True])
def test_import_passphrase_is_asked_once_and_cancel_is_none(qtbot, chinese, messages, cancel) -> None:
    def act(dlg):
        assert dlg.second is None
        qtbot.keyClicks(dlg.first, "abc")
        click(qtbot, box_button(dlg, CANCEL if cancel else OK))

    seen = when_shown(sync_dialogs.PassphraseDialog, act)
    assert sync_dialogs.PassphraseDialog.ask(None) == (None if cancel else "abc")
    assert messages.shown == []
    seen[0].deleteLater()


def test_export_dialog_offers_full_or_per_peer_and_returns_the_file(qtbot, chinese, tmp_path: Path) -> None:
    peers = [{"name": "龙场镇组织办", "site_id": "site-1"}, {"name": "金凤街道", "site_id": "site-2"}]
    target = tmp_path / "给龙场镇.vcsync"

    def act(dlg):
        items = [dlg.peer.itemText(i) for i in range(dlg.peer.count())]
        assert items == ["全部变更（完整同步包，总是安全的）", "“龙场镇组织办”尚未收到的变更", "“金凤街道”尚未收到的变更"]
        assert dlg.path.text() == str(tmp_path / "同步包.vcsync")
        dlg.peer.setCurrentIndex(1)
        dlg.path.clear()
        type_text(qtbot, dlg.path, str(target))  # Chinese through the input method
        click(qtbot, box_button(dlg, OK))

    seen = when_shown(sync_dialogs.ExportDialog, act)
    assert sync_dialogs.ExportDialog.ask(None, peers, tmp_path) == ("site-1", target)
    seen[0].deleteLater()


@pytest.mark.parametrize("how", ["cancel", "no file"])
def test_export_dialog_cancelled_or_without_a_file_is_none(qtbot, chinese, tmp_path: Path, how) -> None:
    def act(dlg):
        if how == "no file":
            dlg.path.clear()
            click(qtbot, box_button(dlg, OK))
        else:
            click(qtbot, box_button(dlg, CANCEL))

    seen = when_shown(sync_dialogs.ExportDialog, act)
    assert sync_dialogs.ExportDialog.ask(None, [], tmp_path) is None
    seen[0].deleteLater()


def test_export_from_the_window_through_the_real_dialogs(qtbot, window, county_db, tmp_path, messages,
                                                          monkeypatch) -> None:
    """File → 导出同步包 with nothing monkeypatched but the key derivation cost: the package is
    written where the user typed, and the other site can read it with the passphrase typed."""
    import shutil
    import sqlite3

    from vcadre.store.db import open_database
    from vcadre.store.models import new_id
    from vcadre.sync.service import import_package

    monkeypatch.setattr("vcadre.sync.package.DEFAULT_KDF_N", 2**10)
    out = tmp_path / "县 导出.vcsync"
    other_path = tmp_path / "镇.db"
    shutil.copyfile(county_db.path, other_path)

    def export(dlg):
        dlg.path.clear()
        type_text(qtbot, dlg.path, str(out))
        when_shown(sync_dialogs.PassphraseDialog, passphrase)
        click(qtbot, box_button(dlg, OK))

    def passphrase(dlg):
        qtbot.keyClicks(dlg.first, "pass word")
        qtbot.keyClicks(dlg.second, "pass word")
        click(qtbot, box_button(dlg, OK))

    when_shown(sync_dialogs.ExportDialog, export)
    window.sync_actions.export_package()
    assert out.exists() and "已写入同步包" in messages.texts("info")[-1]
    con = sqlite3.connect(other_path)
    with con:
        con.execute("UPDATE site SET id = ?, name = '龙场镇组织办' WHERE is_local = 1", (new_id(),))
    con.close()
    other = open_database(other_path)
    try:
        result = import_package(other, out, "pass word", backup=False)
        assert result.stats.conflicts == 0 and result.stats.changes > 0
    finally:
        other.close()

"""The window with accounts: first start creates the administrator and shows the recovery key
once; login (wrong password asks again); roles in the menu; user management; audit view; the
idle lock hides the windows and keeps what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from tests.gui.conftest import type_text
from vcadre.store.protect import keyring as kr

ADMIN, ADMIN_PW = "管理员甲", "admin-pass-1"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kr, "ARGON2_T", 1)
    monkeypatch.setattr(kr, "ARGON2_M", 1024)


@pytest.fixture
def protected_path(county_path: Path) -> Path:
    from vcadre.services.security import accounts
    from vcadre.store.db import open_database

    db, _ = accounts.protect_database(open_database(county_path), ADMIN, ADMIN_PW)
    accounts.add_user(db, "查阅员丙", "查阅员", "reader-pass-3")
    db.close()
    return county_path


def test_create_admin_dialog_checks_the_passwords(qtbot, chinese) -> None:
    from vcadre.ui.security.dialogs import CreateAdminDialog

    dlg = CreateAdminDialog(None)
    qtbot.addWidget(dlg)
    dlg.form.name.clear()
    type_text(qtbot, dlg.form.name, "管理员")
    qtbot.keyClicks(dlg.form.password, "short")
    dlg._accept()
    assert "密码太短" in dlg.error.text() and dlg.result() != QDialog.DialogCode.Accepted
    dlg.form.password.clear()
    qtbot.keyClicks(dlg.form.password, "long-enough-1")
    qtbot.keyClicks(dlg.form.again, "long-enough-2")
    dlg._accept()
    assert dlg.error.text() == "两次输入的密码不一致。"
    dlg.form.again.clear()
    qtbot.keyClicks(dlg.form.again, "long-enough-1")
    dlg._accept()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_recovery_key_dialog_cannot_be_skipped(qtbot, chinese) -> None:
    from vcadre.ui.security.dialogs import RecoveryKeyDialog

    dlg = RecoveryKeyDialog(None, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "县.db")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.key_label.text() == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert not dlg.ok.isEnabled()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible()  # Esc does not lose the only chance to keep the key
    dlg.kept.setChecked(True)
    assert dlg.ok.isEnabled()
    assert "ABCD-EFGH" in dlg.page_html() and "vcadre recover" in dlg.page_html()


def test_new_database_is_encrypted_with_its_administrator(qtbot, chinese, tmp_path, monkeypatch) -> None:
    from vcadre.ui import opening
    from vcadre.ui.security import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs.CreateAdminDialog, "ask", classmethod(lambda cls, parent, converting=False, with_site=False: (ADMIN, ADMIN_PW)))
    monkeypatch.setattr(dialogs.RecoveryKeyDialog, "show_once", classmethod(lambda cls, p, key, name: shown.append(key)))
    path = tmp_path / "新县.db"
    db = opening.create_new(None, path)
    try:
        assert db.encrypted and db.auth.actor.name == ADMIN
        assert len(shown) == 1 and len(shown[0]) == 39
        assert path.read_bytes()[:6] != b"SQLite"
    finally:
        db.close()


def test_login_asks_again_after_a_wrong_password(qtbot, chinese, protected_path, monkeypatch) -> None:
    from vcadre.store.protect.login import Login
    from vcadre.ui import opening

    asked: list[str] = []
    answers = iter([Login(ADMIN, "wrong-password"), Login(ADMIN, ADMIN_PW)])

    def ask(parent, path, message=""):
        asked.append(message)
        return next(answers)

    monkeypatch.setattr(opening, "ask_login", ask)
    db = opening.try_open(None, protected_path)
    try:
        assert asked == ["", "用户名或密码不正确。"]
        assert db.auth.actor.name == ADMIN
    finally:
        db.close()


def test_login_dialog_builds_the_login(qtbot, chinese, protected_path) -> None:
    from vcadre.ui.security.dialogs import LoginDialog

    dlg = LoginDialog(None, protected_path, "用户名或密码不正确。")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.error.isVisible() and dlg.password.echoMode() == QLineEdit.EchoMode.Password
    dlg._accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    type_text(qtbot, dlg.user, ADMIN)
    qtbot.keyClicks(dlg.password, ADMIN_PW)
    dlg._accept()
    login = dlg.login()
    assert (login.user, login.password, login.recovery_key) == (ADMIN, ADMIN_PW, "")


def _window(qtbot, db):
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "zh_CN")
    qtbot.addWidget(w)
    w.set_database(db)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_menu_follows_the_role(qtbot, chinese, protected_path) -> None:
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login

    db = open_database(protected_path, login=Login("查阅员丙", "reader-pass-3"))
    w = _window(qtbot, db)
    sec = w.security
    assert sec.user_label.text() == "查阅员丙（查阅员）"
    assert not sec.users_action.isEnabled() and not sec.audit_action.isEnabled()
    assert not sec.backup_action.isEnabled() and not sec.protect_action.isEnabled()
    assert sec.password_action.isEnabled() and sec.lock_action.isEnabled()
    w.close()
    db2 = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    w2 = _window(qtbot, db2)
    assert w2.security.users_action.isEnabled() and w2.security.audit_action.isEnabled()
    w2.close()


def test_unprotected_database_offers_protection(window) -> None:
    sec = window.security
    assert sec.protect_action.isEnabled() and not sec.users_action.isEnabled()
    assert sec.user_action.text() == "未设置用户账户"


def test_users_dialog_adds_a_user(qtbot, chinese, protected_path, qtmodeltester, monkeypatch) -> None:
    from vcadre.services.security import accounts
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login
    from vcadre.ui.security import users

    db = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    try:
        dlg = users.UsersDialog(None, db)
        qtbot.addWidget(dlg)
        qtmodeltester.check(dlg.model)
        assert [dlg.model.index(r, 0).data() for r in range(dlg.model.rowCount())] == [ADMIN, "查阅员丙"]

        def fill(add: users.AddUserDialog) -> int:
            add.form.name.setText("录入员乙")
            add.form.password.setText("clerk-pass-2")
            add.form.again.setText("clerk-pass-2")
            add.role.setCurrentIndex(1)
            add._accept()
            return add.result()

        monkeypatch.setattr(users.AddUserDialog, "exec", fill)
        dlg.add_user()
        rows = {u.name: u.role for u in accounts.list_users(db)}
        assert rows["录入员乙"] == "录入员"
        assert dlg.model.rowCount() == 3
        dlg.view.selectRow(1)
        dlg.toggle_disabled()
        assert dlg.model.index(1, 2).data() == "已停用"
    finally:
        db.close()


def test_audit_view_filters_and_verifies(qtbot, chinese, protected_path, qtmodeltester, messages) -> None:
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login
    from vcadre.ui.security.audit_view import AuditDialog

    db = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    try:
        dlg = AuditDialog(None, db)
        qtbot.addWidget(dlg)
        qtmodeltester.check(dlg.model)
        total = dlg.model.rowCount()
        assert total >= 4
        assert dlg.model.headerData(3, Qt.Orientation.Horizontal) == "操作"
        dlg.action.setCurrentIndex(dlg.action.findData("login"))
        shown = [dlg.model.index(r, 3).data() for r in range(dlg.model.rowCount())]
        assert shown and set(shown) == {"登录"} and len(shown) < total
        dlg.verify()
        assert "审计日志完好" in dlg.status.text() and messages.texts("info")
    finally:
        db.close()


def test_idle_lock_hides_the_windows_and_keeps_the_typed_text(qtbot, chinese, protected_path) -> None:
    from vcadre.services.security import audit
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login
    from vcadre.ui.security.idle import IdleLock

    db = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    w = _window(qtbot, db)
    editor = QLineEdit(None)
    qtbot.addWidget(editor)
    editor.setText("未保存的内容")
    editor.show()
    now = [1000.0]
    lock = IdleLock(db, 15, clock=lambda: now[0])
    seen: dict = {}

    def unlock() -> None:
        dlg = QApplication.activeModalWidget()
        seen["dialog"] = dlg.objectName() if dlg else None
        seen["window_visible"] = w.isVisible()
        dlg.password.setText("wrong-one-1")
        dlg.try_unlock()
        seen["error"] = dlg.error.text()
        dlg.password.setText(ADMIN_PW)
        dlg.try_unlock()

    now[0] += 14 * 60
    lock.check()
    assert not lock.locked
    now[0] += 61
    QTimer.singleShot(0, unlock)
    lock.check()
    assert seen == {"dialog": "lockDialog", "window_visible": False, "error": "密码不正确。"}
    assert w.isVisible() and editor.text() == "未保存的内容"
    with db.session() as s:
        actions = [e.action for e in audit.entries(s, limit=5)]
    assert actions[:3] == ["unlock", "unlock.failed", "lock"]
    lock.stop()
    w.close()


def test_a_window_deleted_while_locked_does_not_break_the_unlock(qtbot, chinese, protected_path) -> None:
    """A dialog hidden by the lock and deleted meanwhile (deleted on close, or a deleteLater
    that the lock dialog's event loop ran) must not crash the unlock."""
    import shiboken6
    from PySide6.QtWidgets import QDialog

    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login
    from vcadre.ui.security.idle import IdleLock

    db = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    w = _window(qtbot, db)
    card = QDialog(None)
    card.show()
    now = [1000.0]
    lock = IdleLock(db, 15, clock=lambda: now[0])

    def unlock() -> None:
        shiboken6.delete(card)  # gone while the lock dialog is up
        dlg = QApplication.activeModalWidget()
        dlg.password.setText(ADMIN_PW)
        dlg.try_unlock()

    now[0] += 16 * 60
    QTimer.singleShot(0, unlock)
    lock.check()
    assert not lock.locked and w.isVisible() and not shiboken6.isValid(card)
    lock.stop()
    w.close()


def test_launcher_shows_the_window_then_asks_for_the_login(qtbot, chinese, protected_path, monkeypatch) -> None:
    """Start-up on an encrypted database: the window first, then the login (argon2 on the loading
    thread); a wrong password asks again with the reason; the right one fills the window."""
    from vcadre.store.protect.login import Login
    from vcadre.ui import opening
    from vcadre.ui.app import Launcher
    from vcadre.ui.settings import Settings

    asked: list[tuple[bool, str]] = []
    answers = iter([Login(ADMIN, "wrong-password"), Login(ADMIN, ADMIN_PW)])

    launcher = Launcher(Settings(), "zh_CN")

    def ask(parent, path, message=""):
        asked.append((parent is launcher.window and parent.isVisible(), message))
        return next(answers)

    monkeypatch.setattr(opening, "ask_login", ask)
    launcher.open_in_window(protected_path)
    w = launcher.window
    qtbot.addWidget(w)
    assert w.isVisible()
    qtbot.waitUntil(lambda: w.db is not None, timeout=20_000)
    assert asked == [(True, ""), (True, "用户名或密码不正确。")]
    assert w.security.user_label.text() == f"{ADMIN}（管理员）"
    w.close()


def test_person_card_shows_the_full_id_only_to_a_clerk_and_audits_it(qtbot, chinese, protected_path) -> None:
    from sqlalchemy import select

    from vcadre.services.security import accounts, audit
    from vcadre.store.db import open_database
    from vcadre.store.models import Person
    from vcadre.store.protect.login import Login
    from vcadre.ui.person_card import PersonCardDialog

    admin = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    accounts.add_user(admin, "录入员乙", "录入员", "clerk-pass-2")
    with admin.session() as s:
        pid, number = s.execute(select(Person.id, Person.id_number).where(Person.id_number.is_not(None))).first()
    admin.close()
    for user, pw, allowed in (("查阅员丙", "reader-pass-3", False), ("录入员乙", "clerk-pass-2", True)):
        db = open_database(protected_path, login=Login(user, pw))
        try:
            dlg = PersonCardDialog(db, pid)
            qtbot.addWidget(dlg)
            assert number not in dlg.browser.toPlainText()
            assert number[:6] + "********" + number[-4:] in dlg.browser.toPlainText()
            assert dlg.show_button.isEnabled() is allowed
            bar = dlg.documents
            assert [b.isEnabled() for b in (bar.show_id, bar.print_button, bar.lrmx_export_button,
                                            bar.lrmx_import_button, bar.photo_button)] == [allowed] * 5
            if allowed:
                qtbot.mouseClick(dlg.show_button, Qt.MouseButton.LeftButton)
                assert number in dlg.browser.toPlainText()
        finally:
            db.close()
    db = open_database(protected_path, login=Login(ADMIN, ADMIN_PW))
    with db.session() as s:
        unmasks = audit.entries(s, audit.AuditFilter(action="unmask"))
    db.close()
    assert [(e.user, e.target) for e in unmasks] == [("录入员乙", pid)]


def test_protecting_the_open_database_encrypts_it_and_logs_in(window, qtbot, monkeypatch) -> None:
    from vcadre.ui.security import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs.CreateAdminDialog, "ask", classmethod(lambda cls, parent, converting=False, with_site=False: (ADMIN, ADMIN_PW)))
    monkeypatch.setattr(dialogs.RecoveryKeyDialog, "show_once", classmethod(lambda cls, p, key, name: shown.append(key)))
    path = Path(window.db.path)
    window.security.protect()
    assert window.db is not None and window.db.encrypted and len(shown) == 1
    assert path.read_bytes()[:6] != b"SQLite" and kr.keyring_path(path).exists()
    assert window.security.user_label.text() == f"{ADMIN}（管理员）"
    assert not window.security.protect_action.isEnabled() and window.security.users_action.isEnabled()
    qtbot.waitUntil(lambda: window.region_tree.model().rowCount() == 1)

"""The 账户 menu of the main window and 文件 → 备份到… (installed by ``MainWindow``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMainWindow

from vcadre.ui import messages
from vcadre.ui import settings as settings_mod


class SecurityMenu(QObject):
    def __init__(self, window: QMainWindow, settings: Any) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.db: Any = None
        self.idle: Any = None
        bar = window.menuBar()
        file_menu = bar.actions()[0].menu()
        self.backup_action = file_menu.addAction(self.tr("&Back up to…"), self.backup)
        file_menu.insertAction(window.quit_action, self.backup_action)
        file_menu.insertSeparator(window.quit_action)
        menu = bar.addMenu(self.tr("&Account"))
        menu.setObjectName("accountMenu")
        self.menu = menu
        self.user_action = menu.addAction("")
        self.user_action.setEnabled(False)
        menu.addSeparator()
        self.password_action = menu.addAction(self.tr("Change &password…"), self.change_password)
        self.lock_action = menu.addAction(self.tr("&Lock now"), self.lock_now)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        menu.addSeparator()
        self.users_action = menu.addAction(self.tr("&Users…"), self.users)
        self.audit_action = menu.addAction(self.tr("&Audit trail…"), self.audit)
        self.idle_action = menu.addAction(self.tr("&Idle lock time…"), self.idle_time)
        menu.addSeparator()
        self.protect_action = menu.addAction(self.tr("&Protect this database (administrator, encryption)…"),
                                             self.protect)
        self.user_label = QLabel(window)
        self.user_label.setObjectName("userLabel")
        window.statusBar().addPermanentWidget(self.user_label)
        self.database_changed(None)

    # -------------------------------------------------------------- state

    def database_changed(self, db: Any) -> None:
        from vcadre.domain.roles import Permission

        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        self.db = db
        auth = getattr(db, "auth", None)
        accounts = bool(auth and auth.accounts)
        actor = auth.actor if auth else None
        self.user_action.setText(self.tr("Logged in: {user} ({role})").format(user=actor.name, role=actor.role.value)
                                 if actor else self.tr("No user accounts"))
        self.user_label.setText(f"{actor.name}（{actor.role.value}）" if actor else "")
        self.password_action.setEnabled(actor is not None)
        self.lock_action.setEnabled(actor is not None)
        admin = bool(db is not None and auth.permits(Permission.USERS) and accounts)
        self.users_action.setEnabled(admin)
        self.audit_action.setEnabled(db is not None and auth.permits(Permission.AUDIT))
        self.idle_action.setEnabled(db is not None and auth.permits(Permission.SETTINGS))
        self.protect_action.setEnabled(db is not None and not accounts)
        self.backup_action.setEnabled(db is not None and auth.permits(Permission.BACKUP))
        if actor is not None:
            from vcadre.ui.security.idle import IdleLock

            self.idle = IdleLock(db, self.settings.get(settings_mod.IDLE_LOCK_MINUTES), self)

    # -------------------------------------------------------------- actions

    @Slot()
    def change_password(self) -> None:
        from vcadre.ui.security.dialogs import ChangePasswordDialog

        if ChangePasswordDialog(self.window, self.db).exec():
            messages.info(self.window, self.tr("The password has been changed."))

    @Slot()
    def lock_now(self) -> None:
        if self.idle is not None:
            self.idle.lock()

    @Slot()
    def users(self) -> None:
        from vcadre.ui.security.users import UsersDialog

        UsersDialog(self.window, self.db).exec()

    @Slot()
    def audit(self) -> None:
        from vcadre.ui.security.audit_view import AuditDialog

        AuditDialog(self.window, self.db).exec()

    @Slot()
    def idle_time(self) -> None:
        from vcadre.services.security import Permission, audit, require

        require(self.db, Permission.SETTINGS)
        current = self.settings.get(settings_mod.IDLE_LOCK_MINUTES)
        minutes, ok = QInputDialog.getInt(self.window, self.tr("Idle lock"), self.tr(
            "Lock the window after this many minutes without use (0: never):"), current, 0, 240)
        if ok and minutes != current:
            self.settings.set(settings_mod.IDLE_LOCK_MINUTES, minutes)
            self.settings.sync()
            audit.log(self.db, "settings", target="空闲锁定时间", what=f"{current} → {minutes} 分钟")
            if self.idle is not None:
                self.idle.minutes = minutes
                if minutes > 0:
                    self.idle.timer.start()
                else:
                    self.idle.timer.stop()

    @Slot()
    def protect(self) -> None:
        from vcadre.services.security import accounts
        from vcadre.ui.security.dialogs import CreateAdminDialog, RecoveryKeyDialog

        answer = CreateAdminDialog.ask(self.window, converting=True)
        if answer is None:
            return
        name, password = answer
        path = Path(self.db.path)
        db = self.db
        self.window.db = None
        try:
            new_db, key = accounts.protect_database(db, name, password)
        except Exception as exc:  # noqa: BLE001 - known errors explained, the old file is untouched
            if not messages.is_known_error(exc):
                raise
            messages.error(self.window, str(exc))
            from vcadre.store.db import open_database

            self.window.set_database(open_database(path))
            return
        RecoveryKeyDialog.show_once(self.window, key, path.name)
        self.window.set_database(new_db)

    @Slot()
    def backup(self) -> None:
        from vcadre.services.security import Permission, audit, require
        from vcadre.store.backup import backup_database

        require(self.db, Permission.BACKUP)
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Back up to folder (e.g. a USB stick)"))
        if not folder:
            return
        try:
            path = backup_database(self.db, "manual", dest_dir=Path(folder))
        except Exception as exc:  # noqa: BLE001
            if not messages.is_known_error(exc):
                raise
            messages.error(self.window, str(exc))
            return
        audit.log(self.db, "backup", where=str(path), encrypted=bool(self.db.key))
        text = self.tr("Backed up to {path}.").format(path=path)
        if self.db.key is not None:
            text += "\n" + self.tr("The copy is encrypted: it opens with a user's password (keep the .keys file "
                                   "beside it) or with the recovery key.")
        else:
            text += "\n" + self.tr("This database is not encrypted: so is the copy. Protect it from the Account menu.")
        messages.info(self.window, text)

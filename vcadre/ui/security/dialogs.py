"""Login, create-the-administrator, recovery key (shown once, printable) and change password."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class LoginDialog(QDialog):
    """User name and password for a database with accounts (登录)."""

    def __init__(self, parent: Optional[QWidget], path: Path, message: str = "", user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in — {name}").format(name=Path(path).name))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("This database is encrypted. Log in with your user name and password."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.user = QLineEdit(user, self)
        self.user.setObjectName("loginUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        lay.addLayout(form)
        self.error = QLabel(message, self)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(message))
        lay.addWidget(self.error)
        self.recovery = QCheckBox(self.tr("Use the recovery key instead of a password"), self)
        self.recovery.toggled.connect(self._on_recovery)
        lay.addWidget(self.recovery)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        (self.password if user else self.user).setFocus()
        self.resize(420, self.sizeHint().height())

    @Slot(bool)
    def _on_recovery(self, on: bool) -> None:
        self.password.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" if on else "")

    @Slot()
    def _accept(self) -> None:
        if not self.password.text() or (not self.recovery.isChecked() and not self.user.text().strip()):
            self.error.setText(self.tr("Enter the user name and the password."))
            self.error.setVisible(True)
            return
        self.accept()

    def login(self) -> Any:
        from vcadre.store.protect.login import Login

        if self.recovery.isChecked():
            return Login(user=self.user.text().strip(), recovery_key=self.password.text(), via="gui")
        return Login(user=self.user.text().strip(), password=self.password.text(), via="gui")

    @classmethod
    def ask(cls, parent: Optional[QWidget], path: Path, message: str = "", user: str = "") -> Any:
        """A ``Login``, or None if the user cancelled."""
        dlg = cls(parent, path, message, user)
        return dlg.login() if dlg.exec() == QDialog.DialogCode.Accepted else None


class NewPasswordForm(QWidget):
    """Password twice, with the rules checked by the accounts service."""

    def __init__(self, parent: Optional[QWidget] = None, with_name: bool = False, name: str = "") -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.with_name = with_name
        self.name = QLineEdit(name, self)
        self.name.setObjectName("newName")
        self.name.setVisible(with_name)
        if with_name:
            form.addRow(self.tr("User name:"), self.name)
        self.password = QLineEdit(self)
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("newPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password (at least 8 characters):"), self.password)
        form.addRow(self.tr("Password again:"), self.again)

    def problem(self) -> str:
        from vcadre.services.errors import ValidationError
        from vcadre.services.security import accounts

        try:
            if self.with_name:
                accounts.check_name(self.name.text())
            accounts.check_password(self.password.text(), self.name.text())
        except ValidationError as exc:
            return str(exc)
        if self.password.text() != self.again.text():
            return self.tr("The two passwords differ.")
        return ""


class CreateAdminDialog(QDialog):
    """First start of a new database (or protecting an old one): the administrator (管理员)."""

    def __init__(self, parent: Optional[QWidget] = None, converting: bool = False, with_site: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("createAdminDialog")
        self.setWindowTitle(self.tr("Create the administrator"))
        lay = QVBoxLayout(self)
        text = self.tr(
            "The database will be encrypted. Choose the administrator's user name and password. "
            "The administrator adds the other users (clerks, readers) later.")
        if converting:
            text = self.tr(
                "This database is not protected: anyone who copies the file can read it. Create the "
                "administrator now and the database is encrypted (a checked copy replaces the old file).")
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        #: A new database is one office's (站点): its name is asked here, never left as "本机".
        self.site_name: Optional[QLineEdit] = None
        if with_site:
            from vcadre.ui.site_name import explanation

            self.site_name = QLineEdit(self)
            self.site_name.setObjectName("siteName")
            self.site_name.setPlaceholderText(self.tr("e.g. 龙场镇组织办"))
            lay.addWidget(QLabel(self.tr("Office name:"), self))
            lay.addWidget(self.site_name)
            note = QLabel(explanation(), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(mid);")
            lay.addWidget(note)
        self.form = NewPasswordForm(self, with_name=True, name=self.tr("admin"))
        lay.addWidget(self.form)
        self.error = QLabel(self)
        self.error.setObjectName("adminError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    @Slot()
    def _accept(self) -> None:
        problem = ""
        if self.site_name is not None:
            from vcadre.services import site
            from vcadre.services.errors import ValidationError

            try:
                site.check_name(self.site_name.text())
            except ValidationError as exc:
                problem = str(exc)
        problem = problem or self.form.problem()
        self.error.setText(problem)
        if not problem:
            self.accept()

    @classmethod
    def ask(cls, parent: Optional[QWidget], converting: bool = False,
            with_site: bool = False) -> Optional[tuple[str, ...]]:
        """(admin, password), or (admin, password, office name) ``with_site``; None if cancelled."""
        dlg = cls(parent, converting, with_site)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        answer = (dlg.form.name.text().strip(), dlg.form.password.text())
        return answer + (" ".join(dlg.site_name.text().split()),) if dlg.site_name is not None else answer


class RecoveryKeyDialog(QDialog):
    """The recovery key (恢复密钥), shown once: print it or write it down, keep it in the safe."""

    def __init__(self, parent: Optional[QWidget], key: str, db_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.key = key
        self.db_name = db_name
        self.setWindowTitle(self.tr("Recovery key"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This is the recovery key of “{name}”. It opens the database and its backups when every "
            "administrator password is lost. It is shown only now: print it or write it down, and keep "
            "it in the safe. Whoever has it and the file can read everything.").format(name=db_name), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.key_label = QLabel(key, self)
        self.key_label.setObjectName("recoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(15)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.key_label)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_key)
        lay.addWidget(self.print_button)
        self.kept = QCheckBox(self.tr("I have printed or written down the recovery key"), self)
        self.kept.setObjectName("recoveryKept")
        lay.addWidget(self.kept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.kept.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def reject(self) -> None:  # Esc must not skip the one chance to keep the key
        if self.kept.isChecked():
            super().reject()

    def page_html(self) -> str:
        from html import escape

        title = self.tr("vcadre recovery key")
        name = self.tr("Database: {name}").format(name=self.db_name)
        keep = self.tr("Keep this page in the safe. To set a new administrator password with it: "
                       "vcadre recover --db FILE --recovery-key-file KEYFILE --password-file NEWPASSWORD")
        return (f"<h2>{escape(title)}</h2><p>{escape(name)}</p>"
                f"<p style='font-family: monospace; font-size: 20pt'>{escape(self.key)}</p><p>{escape(keep)}</p>")

    @Slot()
    def print_key(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setHtml(self.page_html())
        doc.print_(printer)

    @classmethod
    def show_once(cls, parent: Optional[QWidget], key: str, db_name: str) -> None:
        cls(parent, key, db_name).exec()


class ChangePasswordDialog(QDialog):
    """The logged-in user changes their password (修改密码); an administrator resets another's."""

    def __init__(self, parent: Optional[QWidget], db: Any, reset_user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.db = db
        self.reset_user = reset_user
        self.setWindowTitle(self.tr("Reset password of {user}").format(user=reset_user) if reset_user
                            else self.tr("Change password"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.old = QLineEdit(self)
        self.old.setObjectName("oldPassword")
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        if not reset_user:
            form.addRow(self.tr("Current password:"), self.old)
        lay.addLayout(form)
        from vcadre.store.protect.context import context_of

        actor = context_of(db).actor
        self.form = NewPasswordForm(self, name=reset_user or (actor.name if actor else ""))
        lay.addWidget(self.form)
        self.error = QLabel(self)
        self.error.setObjectName("passwordError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    @Slot()
    def _accept(self) -> None:
        from vcadre.domain.roles import PermissionDenied
        from vcadre.services.errors import ValidationError
        from vcadre.services.security import accounts

        problem = self.form.problem()
        if not problem:
            try:
                if self.reset_user:
                    accounts.reset_password(self.db, self.reset_user, self.form.password.text())
                else:
                    accounts.change_password(self.db, self.old.text(), self.form.password.text())
            except (ValidationError, PermissionDenied) as exc:
                problem = str(exc)
        self.error.setText(problem)
        if not problem:
            self.accept()

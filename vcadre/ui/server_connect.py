"""文件 → 连接到单位服务器…: open the office's database on a PostgreSQL server (issue 16).

Host, port, database and user are remembered (``settings``); the password is asked every time
and kept only in memory for the connection (never in the settings file or the log). The
connection goes through the same ``open_database`` as ``--db postgresql://…`` (libpq's
``sslmode=prefer``: encrypted whenever the server offers TLS), on a worker so an unreachable
server does not freeze the window; what went wrong is shown in the form, in Chinese.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import settings as ui_settings
from vcadre.ui.forms import ERROR_STYLE

log = logging.getLogger(__name__)

DEFAULT_PORT = 5432


def connection_text(host: str, port: int, database: str, user: str, password: str) -> str:
    """The URL ``open_database`` takes (with the password: kept in memory only)."""
    from vcadre.store import backend

    base = f"postgresql://{user}@{host}:{port}/{database}"
    url = backend.server_url(base, password or None)
    return url.render_as_string(hide_password=False)


class ServerConnectDialog(QDialog):
    """The form; ``db`` holds the opened database after ``accept``."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverConnectDialog")
        self.setWindowTitle(self.tr("Connect to the office server"))
        self.db: Any = None
        self.job: Any = None
        self._login: Any = None
        self._settings = ui_settings.Settings()
        s = self._settings
        self.host = QLineEdit(s.get(ui_settings.SERVER_HOST), self)
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText(self.tr("e.g. 192.168.1.10 or zzb-server"))
        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(s.get(ui_settings.SERVER_PORT) or DEFAULT_PORT)
        self.database = QLineEdit(s.get(ui_settings.SERVER_DATABASE), self)
        self.database.setObjectName("serverDatabase")
        self.database.setPlaceholderText(self.tr("e.g. vcadre"))
        self.user = QLineEdit(s.get(ui_settings.SERVER_USER), self)
        self.user.setObjectName("serverUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Server address:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database name:"), self.database)
        form.addRow(self.tr("User name:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        note = QLabel(self.tr(
            "The connection is encrypted (TLS) whenever the server offers it. The password is not "
            "saved: it is asked each time. The server's administrator gives you these details "
            "(see the README, 单位服务器)."), self)
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("serverError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("Connect"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        (self.password if self.host.text() and self.user.text() else self.host).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def start(self) -> None:
        """Check the form, remember it (not the password), connect on a worker."""
        from vcadre.ui.jobs import run_job

        host, database, user = (w.text().strip() for w in (self.host, self.database, self.user))
        missing = [label for label, value in ((self.tr("server address"), host),
                                              (self.tr("database name"), database),
                                              (self.tr("user name"), user)) if not value]
        if missing:
            self.show_error(self.tr("Please fill in: {fields}.").format(fields=self.tr("、").join(missing)))
            return
        s = self._settings
        s.set(ui_settings.SERVER_HOST, host)
        s.set(ui_settings.SERVER_PORT, self.port.value())
        s.set(ui_settings.SERVER_DATABASE, database)
        s.set(ui_settings.SERVER_USER, user)
        s.sync()
        try:
            text = connection_text(host, self.port.value(), database, user, self.password.text())
        except Exception as exc:  # noqa: BLE001 - DatabaseError: the address does not make a URL
            self.show_error(str(exc))
            return
        self.error.hide()
        self.connect_button.setEnabled(False)
        login = self._login

        def op(_db: Any, _progress: Any) -> Any:
            from vcadre.store.db import open_database

            return open_database(text, login=login)

        self.job = run_job(self, op, self._connected, self._failed,
                           self.tr("Connecting to {host}…").format(host=host))

    def _connected(self, db: Any) -> None:
        self.connect_button.setEnabled(True)
        self.db = db
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from vcadre.store.db import DatabaseError, LoginFailed, LoginRequired
        from vcadre.ui import opening
        from vcadre.ui.jobs import default_failure

        self.connect_button.setEnabled(True)
        if isinstance(exc, (LoginRequired, LoginFailed)):
            # The server database has vcadre accounts: log in as on a protected file, then again.
            self._login = opening.ask_login(self, Path(self.database.text().strip()),
                                            "" if isinstance(exc, LoginRequired) else str(exc))
            if self._login is not None:
                self.start()
            return
        self._login = None
        if isinstance(exc, DatabaseError):
            log.warning("Could not connect to the office server: %s", type(exc).__name__)
            self.show_error(str(exc))
            return
        default_failure(exc, self)  # other known errors in a box, bugs to the crash handler

    @classmethod
    def ask(cls, parent: Optional[QWidget]) -> Any:
        """The opened database, or None if the user cancelled (tests monkeypatch this)."""
        dlg = cls(parent)
        return dlg.db if dlg.exec() == QDialog.DialogCode.Accepted else None

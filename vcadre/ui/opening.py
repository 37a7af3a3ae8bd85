"""Choosing, creating and opening databases from the GUI, and the first-run dialog.

Known problems (not a database, another program's SQLite file, made by a newer vcadre, no
permission) come back as ``DatabaseError`` with a Chinese message: shown in a message box,
never a crash, and the file is never written (``open_database`` checks before it touches it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcadre.paths import default_db_path
from vcadre.store import ioerrors
from vcadre.ui import messages
from vcadre.ui.jobs import Job, default_failure, run_job

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

DEMO_SITE_NAME = "演示县组织部"


def file_filter() -> str:
    return translate("opening", "vcadre databases (*.db *.sqlite *.vcadre);;All files (*)")


def ask_open_path(parent: Optional[QWidget], start: Optional[Path] = None) -> Optional[Path]:
    """File dialog for an existing database (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, translate("opening", "Open database"), str(start or default_db_path().parent), file_filter()
    )
    return Path(name) if name else None


def ask_new_path(parent: Optional[QWidget], start: Optional[Path] = None) -> Optional[Path]:
    """File dialog for a new database file (tests monkeypatch this)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, translate("opening", "New database"), str(start or default_db_path()), file_filter(),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".db")


def is_usable_file(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def try_open(parent: Optional[QWidget], path: Path, create: bool = False, site_name: str = "") -> Any:
    """Open (or create) ``path``; a known problem is shown in a message box and gives None."""
    from vcadre.store.db import LoginFailed, LoginRequired, open_database
    from vcadre.store.protect import is_protected

    login, message = None, ""
    while True:
        if not create and is_usable_file(path) and is_protected(path) and login is None:
            login = ask_login(parent, path, message)
            if login is None:
                return None
        try:
            return open_database(path, create=create, site_name=site_name, login=login)
        except (LoginRequired, LoginFailed) as exc:
            message, login = str(exc), None
            if isinstance(exc, LoginRequired) and not is_protected(path):
                login = ask_login(parent, path, "")  # a plaintext database with accounts
                if login is None:
                    return None
        except Exception as exc:  # noqa: BLE001 - known problems are explained, bugs re-raised
            if not explain_open_error(parent, path, exc):
                raise
            return None


def ask_login(parent: Optional[QWidget], path: Path, message: str = "") -> Any:
    """The login dialog (tests monkeypatch this)."""
    from vcadre.ui.security.dialogs import LoginDialog

    return LoginDialog.ask(parent, path, message)


def explain_open_error(parent: Optional[QWidget], path: Path, exc: BaseException) -> bool:
    """Show a known problem with opening ``path`` in a message box; False if ``exc`` is a bug."""
    from vcadre.store.db import DatabaseError

    title = translate("opening", "Cannot open the database")
    if isinstance(exc, DatabaseError):
        log.warning("Could not open a database: %s", type(exc).__name__)
        messages.error(parent, str(exc), title)
        return True
    if isinstance(exc, OSError):
        messages.error(parent, translate("opening", "Cannot open the database “{path}”: {error}").format(
            path=path, error=ioerrors.reason(exc)), title)
        return True
    return False


def create_new(parent: Optional[QWidget], path: Path) -> Any:
    """A new, empty, encrypted database at ``path`` with its administrator (asked first); the
    recovery key is shown once. Refuses to overwrite an existing file."""
    if is_usable_file(path):
        messages.error(parent, translate(
            "opening", "The file “{path}” already exists. Choose another name, or use Open database."
        ).format(path=path))
        return None
    from vcadre.ui.security.dialogs import CreateAdminDialog, RecoveryKeyDialog

    answer = CreateAdminDialog.ask(parent, with_site=True)
    if answer is None:
        return None
    from vcadre.services.security import accounts

    admin, password, *rest = answer
    try:
        db, key = accounts.new_database(path, admin, password, site_name=rest[0] if rest else "")
    except Exception as exc:  # noqa: BLE001
        if not explain_open_error(parent, path, exc):
            raise
        return None
    RecoveryKeyDialog.show_once(parent, key, path.name)
    return db


def build_demo_database(parent: Optional[QWidget], path: Path, done: Callable[[Any], None]) -> Optional[Job]:
    """Create ``path`` and fill it with the demo county on a worker; ``done(db or None)``.

    Cancelling (or a failure) removes the half-built file, which this function created.
    """
    if is_usable_file(path):
        messages.error(parent, translate(
            "opening", "The file “{path}” already exists. Demo data is only written to a new file."
        ).format(path=path))
        done(None)
        return None
    db = try_open(parent, path, create=True, site_name=DEMO_SITE_NAME)
    if db is None:
        done(None)
        return None

    def op(database: Any, progress: Any) -> Any:
        from vcadre.services.demo import build_demo

        build_demo(database, scale="county", seed=0, progress=progress.update)
        return database

    def discard() -> None:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def failed(exc: BaseException) -> None:
        discard()
        if messages.is_cancel(exc):
            done(None)
            return
        default_failure(exc, parent)  # a message box for known errors, the crash handler for bugs
        done(None)

    return run_job(parent, op, done, failed, label=translate("opening", "Creating the demo county…"), db=db)


class FirstRunDialog(QDialog):
    """No database yet (or the last one could not be opened): what now?"""

    DEMO, EMPTY, OPEN = "demo", "empty", "open"

    def __init__(self, parent: Optional[QWidget] = None, message: str = "") -> None:
        super().__init__(parent)
        self.choice: Optional[str] = None
        self.setWindowTitle(self.tr("Welcome to vcadre"))
        title = QLabel(self.tr("Village cadre records"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(message or self.tr("There is no database yet. How would you like to start?"), self)
        intro.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            self.tr("Create demo data"),
            self.tr("A made-up county with townships, villages, cadres and training records, to try things out."),
            self,
        )
        self.empty_button = QCommandLinkButton(
            self.tr("New empty database"), self.tr("Start your own records from scratch."), self
        )
        self.open_button = QCommandLinkButton(
            self.tr("Open an existing database"), self.tr("A database file made earlier or copied from another computer."), self
        )
        quit_button = QPushButton(self.tr("Quit"), self)
        quit_button.clicked.connect(self.reject)
        self.demo_button.clicked.connect(lambda: self._choose(self.DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(self.EMPTY))
        self.open_button.clicked.connect(lambda: self._choose(self.OPEN))
        lay = QVBoxLayout(self)
        lay.setSpacing(8)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addSpacing(8)
        lay.addWidget(self.demo_button)
        lay.addWidget(self.empty_button)
        lay.addWidget(self.open_button)
        lay.addSpacing(8)
        lay.addWidget(quit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(520)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: Optional[QWidget] = None, message: str = "") -> Optional[str]:
        """"demo", "empty", "open", or None to quit (tests monkeypatch this)."""
        dlg = cls(parent, message)
        dlg.exec()
        return dlg.choice

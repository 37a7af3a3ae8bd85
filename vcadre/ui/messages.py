"""Message boxes in one place, so tests can monkeypatch them (``monkeypatch.setattr(messages,
"error", ...)``); always call them as ``messages.error(...)``, never import the names.

Known errors carry a Chinese message meant for the user (``str(exc)``); anything else is a bug
for the crash handler.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


translate = QCoreApplication.translate


def is_cancel(exc: BaseException) -> bool:
    """The user cancelled a job (``services.demo.Cancelled`` or any ``*Cancelled``)."""
    return type(exc).__name__ in ("Cancelled", "Canceled")


def is_known_error(exc: BaseException) -> bool:
    """An error whose message is for the user: bad input, unreadable file, disk full…"""
    from vcadre.services.errors import NotFoundError, ValidationError
    from vcadre.store.db import DatabaseError

    from vcadre.store import ioerrors

    return is_cancel(exc) or isinstance(
        exc, (DatabaseError, ValidationError, NotFoundError, OSError)
    ) or ioerrors.is_environmental(exc)


def reason(exc: BaseException) -> str:
    """What to tell the user about a known error: its own (Chinese) message, or for an ``OSError``
    or SQLite error the Chinese reason naming the file; their English text goes to the log only."""
    from vcadre.store import ioerrors

    if ioerrors.is_io_error(exc):
        return ioerrors.describe(exc)
    return str(exc)


def error(parent: Optional[QWidget], text: str, title: str = "") -> None:
    QMessageBox.critical(parent, title or translate("messages", "Error"), text)


def warning(parent: Optional[QWidget], text: str, title: str = "") -> None:
    QMessageBox.warning(parent, title or translate("messages", "Warning"), text)


def info(parent: Optional[QWidget], text: str, title: str = "") -> None:
    QMessageBox.information(parent, title or translate("messages", "Information"), text)


def confirm(parent: Optional[QWidget], text: str, title: str = "") -> bool:
    """Yes/No question, No by default."""
    answer = QMessageBox.question(
        parent,
        title or translate("messages", "Please confirm"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes

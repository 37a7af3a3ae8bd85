"""Logging for the application: a rotating file in the log dir, warnings on stderr, Qt's own
messages routed into ``logging``, and personal data masked on every handler.

Personal data (resident ID numbers, mobile numbers) must never reach a log file, even by
accident (an exception message quoting a bad value, a debug line).  :class:`PersonalDataFilter`
is attached to the *handlers* (a logger's filters do not see records propagated from child
loggers), and it masks the formatted message, the traceback text and the stack text.

No Qt import at module level: the core layers and the command line may use this module.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path
from typing import Any, Callable

LOG_FILENAME = "vcadre.log"
LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

# 18-digit resident ID (GB 11643): keep the 6-digit region code and the last 4 characters.
_ID_RE = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
# Mainland mobile number, optionally with a +86 / 0086 / 86 prefix: keep 3 + last 4 digits.
_MOBILE_RE = re.compile(r"(?<![0-9])((?:\+|00)?86[- ]?)?(1[0-9]{2})[0-9]{4}([0-9]{4})(?![0-9])")


def mask_personal_data(text: str) -> str:
    """Mask ID numbers (``520524********123X``) and mobile numbers (``138****1234``) in text."""
    text = _ID_RE.sub(r"\1********\2", text)
    return _MOBILE_RE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}****{m.group(3)}", text)


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so that its message, traceback and stack text are masked.

    The record is changed in place (masking is idempotent), so every handler sees the masked
    text; it always lets the record through.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not stop logging
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = mask_personal_data(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True


def _is_ours(handler: logging.Handler) -> bool:
    return bool(getattr(handler, "_vcadre_handler", False))


def setup_logging(log_dir: str | Path, level: int = logging.INFO) -> Path:
    """Configure the root logger; returns the log file path. Calling it again replaces the
    handlers it installed before (and leaves other handlers, e.g. pytest's, alone)."""
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / LOG_FILENAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if _is_ours(h)]:
        root.removeHandler(old)
        old.close()

    formatter = logging.Formatter(LOG_FORMAT)
    masker = PersonalDataFilter()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    ]
    if sys.stderr is not None:  # None under pythonw / a Windows GUI entry point
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        handlers.append(console)
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(masker)
        handler._vcadre_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    return log_file


_qt_handler: Callable[..., None] | None = None


def install_qt_message_handler() -> Callable[..., Any] | None:
    """Route Qt's qDebug/qWarning/... messages into the ``qt`` logger.

    If a Python handler was already installed (pytest-qt installs one per test to implement
    ``qt_log_level_fail``), messages are passed on to it as well. Returns the previous handler
    so the caller can restore it with ``qInstallMessageHandler(previous)``.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    logger = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    previous: Callable[..., Any] | None = None

    def handler(mode: Any, context: Any, message: str) -> None:
        category = getattr(context, "category", None)
        where = ""
        if getattr(context, "file", None):
            where = f" ({context.file}:{context.line})"
        prefix = f"[{category}] " if category and category != "default" else ""
        logger.log(levels.get(mode, logging.WARNING), "%s%s%s", prefix, message, where)
        if previous is not None:
            previous(mode, context, message)

    global _qt_handler
    _qt_handler = handler  # keep a reference for as long as Qt may call it
    returned = qInstallMessageHandler(handler)
    # Installed twice: chain to what was there before our first handler, not to ourselves.
    previous = getattr(returned, "_vcadre_previous", returned)
    handler._vcadre_previous = previous  # type: ignore[attr-defined]
    return previous

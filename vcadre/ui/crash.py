"""Crash handler for bugs (unexpected exceptions), after Picard's ``crash_handler`` and
qutebrowser's ``crashsignal``.

Known errors (bad input, wrong passphrase, disk full) are *not* handled here: the code that
expects them shows a clear message. Everything else reaches :func:`sys.excepthook` (PySide6 also
calls it for exceptions raised in slots and virtual overrides), which

1. logs the traceback to the ``vcadre.crash`` logger,
2. writes ``crash-YYYYmmdd-HHMMSS.log`` in the log dir (personal data masked),
3. shows a message box in Chinese with the details and the file path, if a ``QApplication``
   exists and dialogs are enabled (``show_dialog=False`` or ``crash.SHOW_DIALOG = False`` in
   tests).

Hard crashes (segfaults in Qt, deadlocks killed by the OS) cannot run Python code; for those
:mod:`faulthandler` writes the Python stacks of all threads to ``faulthandler.log``.

The dialog text is Chinese literal text rather than ``tr()``: it must appear even when the crash
happens before (or inside) translator setup.
"""

from __future__ import annotations

import datetime as _dt
import faulthandler
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from vcadre.logsetup import mask_personal_data

logger = logging.getLogger("vcadre.crash")

#: Global switch; tests may set it to False instead of passing ``show_dialog=False``.
SHOW_DIALOG = True

FAULT_LOG_NAME = "faulthandler.log"

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

_fault_file: IO[str] | None = None
_bridge: _DialogBridge | None = None
_previous_hooks: tuple[Callable[..., object], Callable[..., object]] | None = None
_in_dialog = False


class _DialogBridge(QObject):
    """Lives in the GUI thread; lets a crash on a worker thread show its dialog there."""

    requested = Signal(str, str)

    @Slot(str, str)
    def show(self, details: str, crash_file: str) -> None:
        show_crash_dialog(details, crash_file)


def write_crash_file(log_dir: Path, details: str) -> Path:
    """Write ``crash-YYYYmmdd-HHMMSS[-N].log`` (masked) in ``log_dir``; returns its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_dir / f"crash-{stamp}.log"
    n = 1
    while path.exists():
        path = log_dir / f"crash-{stamp}-{n}.log"
        n += 1
    from vcadre import __version__

    header = (
        f"vcadre {__version__}\n"
        f"time: {_dt.datetime.now().isoformat(timespec='seconds')}\n"
        f"python: {sys.version.split()[0]} on {sys.platform}\n"
        f"thread: {threading.current_thread().name}\n\n"
    )
    path.write_text(header + mask_personal_data(details), encoding="utf-8")
    return path


def show_crash_dialog(details: str, crash_file: str) -> None:
    """Modal message box in Chinese with the (masked) traceback in the details area."""
    global _in_dialog
    if _in_dialog:  # a crash while the crash dialog is open: logging it is enough
        return
    _in_dialog = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "程序出现意外错误", "程序出现意外错误")
        box.setInformativeText(
            "当前操作未能完成，已保存的数据不受影响。\n\n"
            f"错误报告已保存到：\n{crash_file}\n\n"
            "请把这个文件发给技术支持人员。如果程序工作不正常，请关闭后重新打开。"
        )
        box.setDetailedText(mask_personal_data(details))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("继续使用")
        quit_button = box.addButton("退出程序", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is quit_button:
            app = QApplication.instance()
            if app is not None:
                app.exit(1)
    finally:
        _in_dialog = False


def _handle(exc_info: _ExcInfo, log_dir: Path, show_dialog: bool) -> None:
    exc_type, exc, tb = exc_info
    details = mask_personal_data("".join(traceback.format_exception(exc_type, exc, tb)))
    # Masked text rather than exc_info: safe even if logging was never set up.
    logger.critical("Unhandled exception\n%s", details.rstrip())
    try:
        crash_file = str(write_crash_file(log_dir, details))
    except OSError as err:  # disk full or read-only: still tell the user
        logger.error("Could not write the crash file: %s", err)
        crash_file = "（无法写入错误报告文件）"
    if not (show_dialog and SHOW_DIALOG):
        return
    app = QApplication.instance()
    if app is None:
        return
    if QThread.currentThread() == app.thread():
        show_crash_dialog(details, crash_file)
    elif _bridge is not None:
        _bridge.requested.emit(details, crash_file)  # queued to the GUI thread


def install_crash_handler(log_dir: str | Path, show_dialog: bool = True) -> None:
    """Install ``sys.excepthook``/``threading.excepthook`` and enable :mod:`faulthandler`.

    Call it after the ``QApplication`` exists if dialogs for crashes on worker threads are
    wanted (the bridge that carries them to the GUI thread is made here).
    """
    global _fault_file, _bridge, _previous_hooks
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            _handle((exc_type, exc, tb), log_dir, show_dialog)
        except Exception:  # the crash handler itself must never raise
            sys.__excepthook__(exc_type, exc, tb)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    if _previous_hooks is None:
        _previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook

    if _fault_file is not None:
        _fault_file.close()
    _fault_file = open(log_dir / FAULT_LOG_NAME, "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(file=_fault_file, all_threads=True)

    app = QApplication.instance()
    if app is not None and _bridge is None:
        _bridge = _DialogBridge()
        _bridge.moveToThread(app.thread())
        _bridge.requested.connect(_bridge.show)


def uninstall_crash_handler() -> None:
    """Restore the previous hooks and stop writing to the faulthandler file (for tests)."""
    global _fault_file, _previous_hooks
    if _previous_hooks is not None:
        sys.excepthook, threading.excepthook = _previous_hooks
        _previous_hooks = None
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None

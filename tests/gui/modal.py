"""Modal dialogs in GUI tests: answered by a timer while their ``exec()`` runs, and never left open.

A modal dialog nobody closes blocks its test's ``exec()`` for ever: the last stop's CI run hung
90 minutes in ``test_real_dialogs.py``. Two guards:

- ``when_shown`` answers the dialog that is *modal now* (``activeModalWidget``), not any visible
  widget of the class (a stale one from an earlier test), stops polling when its test ends (a poll
  whose dialog never came must not answer the next test's dialog), and closes the dialog when the
  answer fails (the failure is then reported instead of waiting for a click that never comes).
- ``ModalWatchdog`` (autouse in ``conftest.py``) closes any modal widget still up after
  ``LIMIT_TICKS`` of its ticks and fails the test, naming the dialog and its text. It counts its
  own ticks rather than reading a clock, so tests that move the clock do not trip or blind it.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressDialog, QWidget

#: Polls of ``when_shown`` still waiting; ``cancel_polls`` ends them at each test's end.
_waiting: list[dict] = []


def when_shown(cls: type, act: Callable, *, tries: int = 3000) -> list:
    """Run ``act(dialog)`` once a ``cls`` is the active modal widget (inside its ``exec`` loop).

    Returns a list that holds the dialog once found. Polls every 10 ms, at most ``tries`` times.
    """
    seen: list = []
    state = {"live": True, "left": tries}

    def poll() -> None:
        if not state["live"]:
            return
        dlg = QApplication.activeModalWidget()
        if not (isinstance(dlg, cls) and dlg.isVisible()):
            state["left"] -= 1
            if state["left"] > 0:
                QTimer.singleShot(10, poll)
            return
        state["live"] = False
        seen.append(dlg)
        try:
            act(dlg)
        except BaseException:
            close(dlg)  # let exec() return: pytest-qt reports the exception raised here
            raise

    _waiting.append(state)
    QTimer.singleShot(0, poll)
    return seen


def cancel_polls() -> None:
    for state in _waiting:
        state["live"] = False
    _waiting.clear()


def close_left_dialogs() -> None:
    """Hide (not reject: no "discard changes?" question after the test's seams are undone) the
    dialogs a test left on screen."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.hide()


def close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.reject()
        if widget.isVisible():  # a dialog whose reject() refuses (asks "discard changes?")
            widget.done(QDialog.DialogCode.Rejected)
    else:
        widget.close()


def describe(widget: QWidget) -> str:
    texts = [widget.text()] if isinstance(widget, QMessageBox) else [
        lbl.text() for lbl in widget.findChildren(QLabel) if lbl.text()]
    return f"{type(widget).__name__} “{widget.windowTitle()}”: {' | '.join(texts)[:300]}"


class ModalWatchdog(QObject):
    """Closes a modal widget left up for ``LIMIT_TICKS`` ticks and remembers which (not a job's
    progress dialog: a long job is pytest-timeout's business)."""

    TICK_MS = 250
    LIMIT_TICKS = 120  # 30 s: answered dialogs close within milliseconds, even on a loaded machine

    def __init__(self) -> None:
        super().__init__()
        self.closed: list[str] = []
        self._current: QWidget | None = None
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._current = None

    def _tick(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QProgressDialog):  # work in progress, not a question: jobs end by themselves
            widget = None
        if widget is None or widget is not self._current:
            self._current, self._ticks = widget, 0
            return
        self._ticks += 1
        if self._ticks >= self.LIMIT_TICKS:
            self.closed.append(describe(widget))
            self._current, self._ticks = None, 0
            close(widget)

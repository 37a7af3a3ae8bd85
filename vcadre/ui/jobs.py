"""Run slow work off the GUI thread, after Anki's ``QueryOp`` (``qt/aqt/operations``).

    run_job(parent, op, success, failure=None, label="…", db=db)

``op(db, progress)`` runs on a ``QThreadPool`` worker. It opens its own Session from the
``Database`` (a Session never crosses threads) and never touches a widget. ``success(result)``
or ``failure(exc)`` is then called on the GUI thread (the worker emits a signal; Qt queues it).

A progress dialog appears only if the job is still running after ``PROGRESS_DELAY_MS``; its
Cancel button sets a flag that the op sees as ``progress.update(done, total) -> False``.
A job of several steps names them: ``progress.update(done, total, phase)`` with a key of the
``phases`` given to ``run_job`` ({key: label}); the dialog then shows that step's label.

Tests swap the pool for :class:`SyncPool` (``set_pool(SyncPool())``), which runs the job at once
on the calling thread, so results arrive before ``run_job`` returns (Picard's ``FakeThreadPool``).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any, Callable, Generic, Optional, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from vcadre.ui.qtcompat import emit

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A job that finishes sooner shows no progress dialog at all (Anki waits 600 ms).
PROGRESS_DELAY_MS = 500
#: Progress reaches the GUI thread at most this often. Each report is a queued slot that must
#: take the GIL back from the worker (up to the 5 ms switch interval), and Qt delivers all
#: queued slots before the next timer: 577 certificates reported one by one held the window
#: ~1 s. A dialog redrawn 20 times a second looks the same.
NOTIFY_EVERY_S = 0.05
#: Qt's signal carries a C int: larger figures (bytes of a big file) are scaled down together.
_INT_MAX = 2**31 - 1


class Progress:
    """Handed to the op: report progress, learn whether the user cancelled.

    Thread-safe: ``update`` is called on the worker, ``cancel`` on the GUI thread.
    """

    def __init__(self, notify: Optional[Callable[[int, int], None]] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._cancelled = threading.Event()
        self._notify = notify
        self._clock = clock
        self._notified_at: Optional[float] = None
        #: The step being reported (a key of the job's ``phases``), "" for a job of one step.
        self.phase = ""

    def update(self, done: int, total: int, phase: Optional[str] = None) -> bool:
        """Report ``done`` of ``total`` steps (of ``phase``, when the job names its steps);
        returns False once the user asked to cancel.

        Reports closer together than ``NOTIFY_EVERY_S`` are dropped, except the last one
        (``done >= total``) and the first of a new phase, so the dialog always ends on the true
        figure and shows each step's label.
        """
        new_phase = phase is not None and phase != self.phase
        if phase is not None:
            self.phase = phase
        if self._notify is not None:
            now = self._clock()
            if (self._notified_at is None or now - self._notified_at >= NOTIFY_EVERY_S
                    or (total > 0 and done >= total) or new_phase):
                self._notified_at = now
                done, total = int(done), int(total)
                while total > _INT_MAX or done > _INT_MAX:
                    done, total = done >> 10, total >> 10
                self._notify(done, total)
        return not self._cancelled.is_set()

    __call__ = update  # so a Progress can be passed where a ``progress(done, total)`` callable is expected

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class SyncPool:
    """Runs jobs immediately on the calling thread (for tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 - QThreadPool's name
        return True


_pool: Optional[Pool] = None


def pool() -> Pool:
    return _pool if _pool is not None else QThreadPool.globalInstance()


def set_pool(new_pool: Optional[Pool]) -> None:
    """Use ``new_pool`` for later jobs (None: back to ``QThreadPool.globalInstance()``)."""
    global _pool
    _pool = new_pool


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread
            self._deliver(self._signals.failed, exc)
        else:
            self._deliver(self._signals.finished, result)

    @staticmethod
    def _deliver(signal: Any, value: Any) -> None:
        try:
            emit(signal, value)
        except RuntimeError:
            # The receiving side was destroyed while the job ran (window closed, app quitting):
            # there is nobody left to tell, which is not an error.
            log.info("job finished after its receiver was deleted; result dropped")


#: Jobs still running, so Python does not collect them (and their signal objects) early.
_running: set["Job"] = set()


class Job(QObject, Generic[T]):
    """One running op; made by :func:`run_job`."""

    done = Signal()

    def __init__(
        self,
        parent: Optional[QWidget],
        op: Callable[[Any, Progress], T],
        success: Callable[[T], None],
        failure: Optional[Callable[[BaseException], None]],
        label: str,
        db: Any,
        phases: Optional[dict[str, str]] = None,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._success = success
        self._failure = failure
        self._label = label
        self._phases = phases or {}
        self._dialog: Optional[QProgressDialog] = None
        self._last: tuple[int, int, str] = (0, 0, "")
        self.finished = False
        self._signals = _Signals()
        # Auto connection: queued when emitted on a worker, direct under SyncPool.
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progressed.connect(self._on_progress)
        self.progress = Progress(lambda done, total: emit(self._signals.progressed, done, total, self.progress.phase))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._runnable = _Runnable(lambda: op(db, self.progress), self._signals)

    def start(self) -> None:
        _running.add(self)
        self._timer.start(PROGRESS_DELAY_MS)
        pool().start(self._runnable)

    def cancel(self) -> None:
        self.progress.cancel()

    @Slot()
    def _show_dialog(self) -> None:
        if self.finished:
            return
        dlg = QProgressDialog(self._label, self.tr("Cancel"), 0, 0, self._parent)
        dlg.setWindowTitle(self.tr("Please wait"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal if self._parent else Qt.WindowModality.ApplicationModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(360)
        dlg.canceled.connect(self._on_cancel)
        self._dialog = dlg
        self._apply_progress()
        dlg.show()

    @Slot()
    def _on_cancel(self) -> None:
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, phase: str = "") -> None:
        self._last = (done, total, phase)
        self._apply_progress()

    def label_text(self) -> str:
        """What the progress dialog says: the current step's label (its ``{done}``, ``{total}``,
        ``{done_mb}``, ``{total_mb}`` filled in), else the job's."""
        done, total, phase = self._last
        text = self._phases.get(phase)
        if text is None:
            return self._label
        return text.format(done=f"{done:,}", total=f"{total:,}", done_mb=f"{done / 2**20:.1f}",
                           total_mb=f"{total / 2**20:.1f}")

    def _apply_progress(self) -> None:
        if self._dialog is None:
            return
        done, total, _phase = self._last
        if not self.progress.cancelled:
            self._dialog.setLabelText(self.label_text())
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))
        else:
            self._dialog.setMaximum(0)

    def _finish(self) -> None:
        self.finished = True
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._on_cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)

    @Slot(object)
    def _on_finished(self, result: T) -> None:
        self._finish()
        try:
            self._success(result)
        finally:
            emit(self.done)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        try:
            if self._failure is not None:
                self._failure(exc)
            else:
                default_failure(exc, self._parent)
        finally:
            emit(self.done)


def default_failure(exc: BaseException, parent: Optional[QWidget] = None) -> None:
    """Known errors (their message is for the user) in a message box; bugs to the crash handler."""
    from vcadre.ui import messages

    if messages.is_known_error(exc):
        if not messages.is_cancel(exc):
            messages.error(parent, messages.reason(exc))
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)


def run_job(
    parent: Optional[QWidget],
    op: Callable[[Any, Progress], T],
    success: Callable[[T], None],
    failure: Optional[Callable[[BaseException], None]] = None,
    label: str = "…",
    *,
    db: Any = None,
    phases: Optional[dict[str, str]] = None,
) -> Job[T]:
    """Run ``op(db, progress)`` on a worker; then ``success(result)`` or ``failure(exc)`` here.

    Without ``failure``, known errors are shown in a Chinese message box and bugs go to the
    crash handler. ``phases``: the labels of the steps the op reports (``progress.update(done,
    total, phase)``). Returns the :class:`Job` (its ``done`` signal fires after either callback
    has run; tests can ``qtbot.waitSignal(job.done)``).
    """
    job: Job[T] = Job(parent, op, success, failure, label, db, phases)
    job.start()
    return job

"""The job runner: work on a pool thread, results on the GUI thread, delayed progress, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread, QThreadPool, Qt
from PySide6.QtWidgets import QPushButton

from vcadre.ui import jobs


@pytest.fixture
def real_pool():
    pool = QThreadPool()
    jobs.set_pool(pool)
    yield pool
    pool.waitForDone(5000)
    jobs.set_pool(jobs.SyncPool())


def test_result_arrives_on_the_gui_thread(qtbot, real_pool):
    seen = {}

    def op(db, progress):
        seen["op_thread"] = QThread.currentThread()
        return db * 2

    def success(result):
        seen["result"] = result
        seen["success_thread"] = QThread.currentThread()

    job = jobs.run_job(None, op, success, db=21)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["op_thread"] is not qtbot_thread(qtbot)
    assert seen["success_thread"] is qtbot_thread(qtbot)


def qtbot_thread(qtbot):
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_failure_is_delivered(qtbot, real_pool):
    errors = []

    def op(db, progress):
        raise ValueError("坏了")

    job = jobs.run_job(None, op, lambda r: None, errors.append)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert isinstance(errors[0], ValueError)


def test_quick_job_shows_no_progress_dialog(qtbot, real_pool):
    job = jobs.run_job(None, lambda db, p: 1, lambda r: None)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert job._dialog is None


def test_slow_job_shows_progress_and_can_be_cancelled(qtbot, real_pool, monkeypatch, chinese):
    monkeypatch.setattr(jobs, "PROGRESS_DELAY_MS", 50)
    started = threading.Event()
    release = threading.Event()
    outcome = []

    class Cancelled(Exception):
        pass

    def op(db, progress):
        started.set()
        i = 0
        while progress.update(i, 100):
            release.wait(0.01)
            i = min(i + 1, 99)
        raise Cancelled()

    job = jobs.run_job(None, op, outcome.append, outcome.append, label="慢")
    qtbot.waitUntil(lambda: job._dialog is not None and job._dialog.isVisible(), timeout=5000)
    assert job._dialog.labelText() == "慢"
    qtbot.waitUntil(lambda: job._dialog.maximum() == 100, timeout=5000)
    cancel = job._dialog.findChild(QPushButton)
    assert cancel.text() == "取消"
    with qtbot.waitSignal(job.done, timeout=5000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert type(outcome[0]).__name__ == "Cancelled"
    assert job._dialog is None


def test_sync_pool_runs_at_once():
    got = []
    jobs.run_job(None, lambda db, p: "done", got.append)
    assert got == ["done"]


def test_progress_reports_cancel():
    p = jobs.Progress()
    assert p.update(1, 2) is True
    p.cancel()
    assert p.update(2, 2) is False
    assert p(2, 2) is False


def test_progress_reaches_the_gui_thread_at_most_every_interval_and_always_at_the_end():
    """A worker reporting every item must not queue one GUI-thread slot per item."""
    now = [0.0]
    seen = []
    p = jobs.Progress(lambda done, total: seen.append(done), clock=lambda: now[0])
    for i in range(1, 1001):  # 1,000 items, 1 ms apart: one second of work
        now[0] = i / 1000
        p.update(i, 1000)
    assert len(seen) <= 1 / jobs.NOTIFY_EVERY_S + 2
    assert seen[-1] == 1000
    assert seen == sorted(seen) and len(seen) >= 1 / jobs.NOTIFY_EVERY_S - 1


def test_many_emits_do_not_exhaust_true(qtbot):
    """PySide6 6.12.0 under-references emit()'s result; qtcompat.emit gives it back."""
    import sys

    from PySide6.QtCore import QObject, Signal

    from vcadre.ui.qtcompat import emit

    class S(QObject):
        s = Signal(int)

    o = S()
    got = []
    o.s.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(o.s, i)
    assert len(got) == 2000
    assert abs(sys.getrefcount(True) - before) < 50

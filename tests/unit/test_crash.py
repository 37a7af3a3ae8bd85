import faulthandler
import sys

import pytest

from vcadre.ui import crash

ID = "52052419900101123X"


@pytest.fixture
def handler(tmp_path):
    was_enabled = faulthandler.is_enabled()
    crash.install_crash_handler(tmp_path, show_dialog=False)
    yield tmp_path
    crash.uninstall_crash_handler()
    if was_enabled:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)


def _raise_and_hook():
    try:
        raise RuntimeError(f"boom for {ID}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())


def test_crash_is_logged_and_written_masked(handler, caplog):
    _raise_and_hook()
    (crash_file,) = handler.glob("crash-*.log")
    text = crash_file.read_text(encoding="utf-8")
    assert "RuntimeError: boom for 520524********123X" in text
    assert ID not in text
    assert "_raise_and_hook" in text
    assert (handler / crash.FAULT_LOG_NAME).exists()
    (record,) = [r for r in caplog.records if r.name == "vcadre.crash"]
    assert ID not in record.getMessage() and "RuntimeError" in record.getMessage()


def test_two_crashes_in_one_second_get_two_files(handler):
    _raise_and_hook()
    _raise_and_hook()
    assert len(list(handler.glob("crash-*.log"))) == 2


def test_thread_exceptions_are_handled(handler):
    import threading

    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    (crash_file,) = handler.glob("crash-*.log")
    assert "ZeroDivisionError" in crash_file.read_text(encoding="utf-8")


def test_uninstall_restores_the_previous_hook(tmp_path):
    before = sys.excepthook
    crash.install_crash_handler(tmp_path, show_dialog=False)
    assert sys.excepthook is not before
    crash.uninstall_crash_handler()
    assert sys.excepthook is before
    faulthandler.enable(file=sys.__stderr__, all_threads=True)


def test_dialog_shows_details_and_file(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = {}

    def fake_exec(box):
        shown["title"] = box.windowTitle()
        shown["info"] = box.informativeText()
        shown["details"] = box.detailedText()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    crash.install_crash_handler(tmp_path, show_dialog=True)
    try:
        _raise_and_hook()
    finally:
        crash.uninstall_crash_handler()
    (crash_file,) = tmp_path.glob("crash-*.log")
    assert shown["title"] == "程序出现意外错误"
    assert str(crash_file) in shown["info"]
    assert "RuntimeError: boom for 520524********123X" in shown["details"]

"""``run_gui`` end to end (event loop, translators, font, crash handler), and English mode."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from vcadre.ui import app as app_mod


@pytest.fixture
def restore_app_state(qapp):
    hooks = __import__("sys").excepthook
    root_handlers = list(logging.getLogger().handlers)
    yield
    from vcadre.ui.crash import uninstall_crash_handler
    from vcadre.ui.i18n import remove_translators

    uninstall_crash_handler()
    remove_translators(qapp)
    __import__("sys").excepthook = hooks
    for h in list(logging.getLogger().handlers):
        if h not in root_handlers:
            logging.getLogger().removeHandler(h)
            h.close()
    qapp.setQuitOnLastWindowClosed(True)
    for w in QApplication.topLevelWidgets():
        w.close()


def main_windows():
    from vcadre.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_run_gui_opens_the_window_and_quits(qapp, county_path, restore_app_state, user_data_dir):
    seen = {}

    def look_and_quit():
        windows = main_windows()
        if windows and windows[0].db is None:  # still opening on the worker thread
            QTimer.singleShot(50, look_and_quit)
            return
        seen["titles"] = [windows[0].tabs.tabText(i) for i in range(5)] if windows else []
        seen["font"] = qapp.font().family()
        if windows:
            windows[0].close()  # closing the window ends the event loop
        else:
            qapp.quit()

    QTimer.singleShot(300, look_and_quit)
    code = app_mod.run_gui(county_path, demo_if_new=False, language=None)
    assert code == 0
    assert seen["titles"] == ["概览", "后备干部", "培训", "驻村", "一肩挑"]
    assert seen["font"] == "WenQuanYi Micro Hei"
    assert (user_data_dir / "logs" / "vcadre.log").exists()
    assert (user_data_dir / "settings.ini").exists()  # window state and last database remembered


def test_english_mode_shows_english_labels(qtbot, county_db):
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "en")
    qtbot.addWidget(w)
    w.set_database(county_db)
    w.show()
    w.tabs.setCurrentWidget(w.talent)
    qtbot.waitUntil(lambda: w.talent.model.is_loaded())
    assert w.tabs.tabText(1) == "Reserve cadres"
    col = w.talent.model.listing.column_index("gender")
    assert {w.talent.model.index(r, col).data() for r in range(w.talent.model.rowCount())} == {"Male", "Female"}
    w.db = None


def test_language_choice_is_saved_with_a_restart_notice(window, messages):
    from vcadre.ui.settings import Settings

    window.language_actions["en"].trigger()
    assert Settings().language == "en"
    assert "下次启动" in messages.texts("info")[0]


def test_window_state_is_remembered(window, qtbot):
    """The splitter and the window size the user left are there again in the next window."""
    from vcadre.ui import settings as s
    from vcadre.ui.main_window import MainWindow

    window.resize(760, 560)  # inside the offscreen screen (800 × 600)
    default = window.splitter.sizes()
    window.splitter.setSizes([330, sum(default) - 330])
    left = window.splitter.sizes()
    assert left != default and left[0] == 330
    window.close()
    assert not s.Settings().get(s.SPLITTER).isEmpty()

    again = MainWindow(s.Settings(), "zh_CN")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == left


def test_overview_figures_computed_on_a_worker_thread(qtbot, county_db, chinese):
    from PySide6.QtCore import QThreadPool

    from vcadre.ui import jobs
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    pool = QThreadPool()
    jobs.set_pool(pool)
    try:
        w = MainWindow(Settings(), "zh_CN")
        qtbot.addWidget(w)
        w.set_database(county_db)
        w.show()
        qtbot.waitUntil(lambda: w.overview.figures.get("villages") == 4, timeout=10_000)
        w.db = None
    finally:
        pool.waitForDone(5000)
        jobs.set_pool(jobs.SyncPool())


def test_import_sync_option_starts_the_import_once_the_window_is_up(
        qapp, county_path, restore_app_state, monkeypatch, tmp_path):
    """Double-clicking a .vcsync file runs ``vcadre --import-sync FILE`` (installer association)."""
    from vcadre.cli import build_parser
    from vcadre.ui.sync_dialogs import SyncActions

    package = tmp_path / "龙场镇 2026-11.vcsync"
    assert build_parser().parse_args(["--import-sync", str(package)]).import_sync == package
    asked: list = []
    monkeypatch.setattr(SyncActions, "import_package", lambda self, path=None: asked.append(path))

    def quit_when_asked():
        if asked or not main_windows():
            QTimer.singleShot(0, lambda: [w.close() for w in main_windows()] or qapp.quit())
        else:
            QTimer.singleShot(50, quit_when_asked)

    QTimer.singleShot(100, quit_when_asked)
    assert app_mod.run_gui(county_path, import_sync=package) == 0
    assert asked == [package]


def test_window_is_shown_before_the_data_layer_is_imported(county_path, tmp_path):
    """Start-up shows the window first; SQLAlchemy and the database follow on a worker."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from vcadre.ui.app import Launcher, make_app\n"
        "from vcadre.ui.settings import Settings\n"
        "app = make_app()\n"
        "la = Launcher(Settings(), 'zh_CN')\n"
        f"la.start(Path({str(county_path)!r}), demo_if_new=False)\n"
        "print('shown', la.window.isVisible(), 'sqlalchemy' in sys.modules, la.window.db is None)\n"
        "end = time.monotonic() + 60\n"
        "while la._loader is not None and time.monotonic() < end:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('opened', la.window.db is not None, la.window.tabs.count(), la.window.region_tree.model().rowCount())\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "VCADRE_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[-2] == "shown True False True"
    assert lines[-1] == "opened True 5 1"  # five tabs; the county at the root of the region tree

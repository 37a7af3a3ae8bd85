"""Starting the GUI: ``run_gui(db_path, demo_if_new, language) -> exit code``.

Order: QApplication (names for settings) → logging and the crash handler → the bundled CJK font
→ translators → the database to open (given path, else the last one, else the default one if
it exists) → the main window, shown at once with an "Opening …" notice while the data layer is
imported and the database opened on a worker (``vcadre.ui.preload``) → its tabs. With no
database yet: build the demo county, or ask with the first-run dialog.
A database that cannot be opened is explained in a message box and the first-run dialog is
offered again; nothing is ever written to a file that is not a vcadre database.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from vcadre import __version__
from vcadre.paths import default_db_path, font_path, log_dir, resource_path
from vcadre.ui import messages, opening
from vcadre.ui.settings import Settings

log = logging.getLogger(__name__)

ORGANIZATION = "vcadre"
APPLICATION = "vcadre"

translate = QCoreApplication.translate

_font_family: Optional[str] = None


def install_font(app: QGuiApplication) -> Optional[str]:
    """Register the bundled WenQuanYi Micro Hei and make it the application font.

    Always, not only where no system CJK font exists: the same metrics on every machine, and
    Chinese never falls back to boxes on a Windows install without East Asian fonts.
    """
    global _font_family
    if _font_family is None:
        path = font_path()
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("Bundled CJK font not loaded from %s", path)
            return None
        _font_family = families[0]
    font = QFont(app.font())
    font.setFamilies([_font_family, *[f for f in app.font().families() if f != _font_family]])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return _font_family


def make_app(argv: Optional[list[str]] = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    icon = resource_path("icons", "vcadre.png")  # tools/make_icon.py; the .exe has the .ico
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


class Launcher(QObject):
    """Finds or makes the database, then shows the main window (or quits if the user declines)."""

    def __init__(self, settings: Settings, language: str) -> None:
        super().__init__()
        self.settings = settings
        self.language = language
        self.window: Any = None
        self._loader: Any = None  # the DatabaseLoader at work, kept alive until it reports
        #: A sync package to import once the window is up (double-clicked .vcsync file).
        self.import_sync: Optional[Path] = None

    # -------------------------------------------------------------- choosing the database

    def candidate(self, db_path: Optional[Path]) -> Optional[Path]:
        """The database to open without asking, if there is one."""
        if db_path is not None:
            return Path(db_path)
        last = self.settings.last_database()
        if last is not None and last.exists():
            return last
        default = default_db_path()
        return default if default.exists() else None

    def start(self, db_path: Optional[Path], demo_if_new: bool) -> None:
        path = self.candidate(db_path)
        if path is not None and opening.is_usable_file(path):
            self.open_in_window(path)
            return
        target = path or default_db_path()
        if demo_if_new:
            opening.build_demo_database(None, target, self._demo_done)
        else:
            self.first_run(target)

    def first_run(self, target: Optional[Path] = None, message: str = "") -> None:
        """Ask what to do until a database is open or the user quits."""
        while True:
            choice = opening.FirstRunDialog.ask(None, message)
            if choice is None:
                self.quit()
                return
            if choice == opening.FirstRunDialog.DEMO:
                path = target or default_db_path()
                if opening.is_usable_file(path):
                    path = opening.ask_new_path(None, path.with_name("demo.db"))
                    if path is None:
                        continue
                opening.build_demo_database(None, path, self._demo_done)
                return
            if choice == opening.FirstRunDialog.EMPTY:
                path = target if target is not None and not opening.is_usable_file(target) else None
                path = path or opening.ask_new_path(None)
                if path is None:
                    continue
                db = opening.create_new(None, path)
                if db is not None:
                    self.show(db)
                    self.window.offer_region_import()
                    return
            else:
                path = opening.ask_open_path(None)
                if path is None:
                    continue
                db = opening.try_open(None, path)
            if db is not None:
                self.show(db)
                return

    def open_in_window(self, path: Path) -> None:
        """Show the window at once and open ``path`` behind it (see ``vcadre.ui.preload``)."""
        from vcadre.ui.main_window import MainWindow
        from vcadre.ui.preload import DatabaseLoader

        if self.window is None:
            self.window = MainWindow(self.settings, self.language)
        self.window.show_opening(path)
        self.window.show()
        if os.environ.get("VCADRE_BENCH_READY"):
            QTimer.singleShot(0, lambda: print("VCADRE_SHOWN", flush=True))
        from vcadre.store.protect import is_protected

        # After the first paint: started earlier, the imports compete with building the window.
        # An encrypted database asks for the login first (the window is already shown behind it).
        if is_protected(path):
            QTimer.singleShot(0, lambda: self._load(path))
            return
        self._loader = DatabaseLoader(path, self._opened, lambda exc: self._open_failed(path, exc))
        QTimer.singleShot(0, self._loader.start)

    def _load(self, path: Path, message: str = "") -> None:
        """Ask for the login, then open on the loading thread (argon2 runs there too)."""
        from vcadre.ui.preload import DatabaseLoader

        login = opening.ask_login(self.window, path, message)
        if login is None:
            self.window.hide()
            self.first_run()
            return
        self._loader = DatabaseLoader(path, self._opened, lambda exc: self._open_failed(path, exc), login=login)
        self._loader.start()

    def _opened(self, db: Any) -> None:
        self._loader = None
        if self.window is None or not self.window.isVisible():  # closed while it was opening
            db.close()
            return
        self.show(db)

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        self._loader = None
        from vcadre.store.db import LoginFailed, LoginRequired

        if isinstance(exc, (LoginFailed, LoginRequired)) and self.window is not None:
            self._load(path, str(exc))  # wrong password: ask again
            return
        known = opening.explain_open_error(self.window, path, exc)
        if self.window is not None:
            self.window.hide()
        if not known:
            # A bug: the crash handler reports it; the first-run choices follow (not a window
            # stuck on "Opening …").
            QTimer.singleShot(0, self.first_run)
            raise exc
        self.first_run()

    def _demo_done(self, db: Any) -> None:
        if db is None:
            self.first_run()
        else:
            self.show(db)

    def show(self, db: Any) -> None:
        from vcadre.ui.main_window import MainWindow  # after the translators are installed

        if self.window is None:
            self.window = MainWindow(self.settings, self.language)
        self.window.set_database(db)
        self.window.show()
        if self.import_sync is not None:
            package, self.import_sync = self.import_sync, None
            QTimer.singleShot(0, lambda: self.window.sync_actions.import_package(package))
        if os.environ.get("VCADRE_BENCH_READY"):
            # bench/startup.py: the tabs and region tree are in place once this turn has painted.
            QTimer.singleShot(0, self._bench_ready)

    def _bench_ready(self) -> None:
        print("VCADRE_READY", flush=True)
        self._bench_figures()

    def _bench_figures(self) -> None:
        """bench/startup.py: then wait for the 概览 figures (counted on a worker) and quit."""
        if self.window.db is None:  # closed meanwhile
            self.quit()
        elif self.window.overview.figures:
            print("VCADRE_FIGURES", flush=True)
            self.quit()
        else:
            QTimer.singleShot(2, self._bench_figures)

    def quit(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            QTimer.singleShot(0, app.quit)


def run_gui(db_path: Optional[Path], demo_if_new: bool = False, language: Optional[str] = None,
            import_sync: Optional[Path] = None) -> int:
    """Open the window (then start importing ``import_sync``, if given); returns the exit code."""
    from vcadre.logsetup import install_qt_message_handler, setup_logging
    from vcadre.ui.crash import install_crash_handler
    from vcadre.ui.i18n import install_translators

    app = make_app()
    logs = log_dir(ensure=True)
    setup_logging(logs)
    install_qt_message_handler()
    install_crash_handler(logs)
    install_font(app)
    settings = Settings()
    lang = language or settings.language
    install_translators(app, lang)
    log.info("vcadre %s starting (language %s)", __version__, lang)
    # Dialogs come and go before the window exists: quit only when the main window closes.
    app.setQuitOnLastWindowClosed(False)
    launcher = Launcher(settings, lang)
    launcher.import_sync = Path(import_sync) if import_sync else None
    QTimer.singleShot(0, lambda: launcher.start(Path(db_path) if db_path else None, demo_if_new))
    code = app.exec()
    if launcher.window is not None and launcher.window.db is not None:
        launcher.window.db.close()
    return code

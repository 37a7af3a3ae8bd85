"""Opening the database behind a window that is already on screen.

SQLAlchemy, its ORM and the mapped models take about twice as long to import as PySide6 needs
to show a window, so at start-up the main window appears first, empty, with "Opening …" in
place of its tabs, and ``DatabaseLoader`` imports the data layer and opens the database on a
worker thread. The GUI thread stays in the event loop meanwhile: the window paints, moves and
answers its menus. The imports run under the GIL like any Python code, but the GUI thread is
idle in C++ and gives it up.

Opening on the worker also keeps a long migration (a newer vcadre on a province database) from
freezing the window. The engine allows connections opened there to be used from the GUI thread
(``check_same_thread=False``, see ``store.db.make_engine``). The thread is a daemon: closing the
window while it works ends the process; a migration cut short that way is rolled back by SQLite
(one transaction) and runs again next time.
"""

from __future__ import annotations

import importlib
import logging
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from vcadre.ui.qtcompat import emit

log = logging.getLogger(__name__)

#: What the main window needs once a database is open, heaviest first. Importing these defines
#: classes only (no widget is created), which is safe off the GUI thread.
DATA_LAYER = (
    "vcadre.store.db",
    "vcadre.services.stats",
    "vcadre.services.dashboard",
    "vcadre.ui.region_tree",
    "vcadre.ui.tabs.overview",
    "vcadre.ui.tabs.talent",
    "vcadre.ui.tabs.training",
    "vcadre.ui.tabs.dispatch",
    "vcadre.ui.tabs.posts",
)


def import_data_layer() -> None:
    for name in DATA_LAYER:
        importlib.import_module(name)


class DatabaseLoader(QObject):
    """Import the data layer and open ``path`` on a thread; ``done(db)`` or ``failed(exc)``.

    The callbacks run on the GUI thread (queued signals). ``failed`` gets the exception that
    ``open_database`` raised — a ``DatabaseError`` or ``OSError`` the user should be told about,
    or a bug for the crash handler.
    """

    _opened = Signal(object)
    _failed = Signal(object)

    def __init__(self, path: Path, done: Callable[[Any], None], failed: Callable[[BaseException], None],
                 login: Any = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.login = login  #: credentials for a database with accounts (argon2 runs here, off the GUI thread)
        self._done = done
        self._on_failed = failed
        self._opened.connect(self._deliver)
        self._failed.connect(self._deliver_failure)
        self._thread = threading.Thread(target=self._run, name="vcadre-open", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            import_data_layer()
            from vcadre.store.db import open_database

            db = open_database(self.path, login=self.login)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            emit(self._failed, exc)
        else:
            emit(self._opened, db)

    @Slot(object)
    def _deliver(self, db: Any) -> None:
        self._done(db)

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        self._on_failed(exc)

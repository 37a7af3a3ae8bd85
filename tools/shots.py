"""What the screenshot tools share: an offscreen application set up like vcadre's own (font,
translators), jobs run synchronously so figures are in before a grab, and ``settle``."""

from __future__ import annotations

import sys
from typing import Any


def start_app(lang: str) -> Any:
    """The QApplication with the bundled font and ``lang``'s translators; jobs run in-line."""
    from vcadre.ui import jobs
    from vcadre.ui.app import install_font, make_app
    from vcadre.ui.i18n import install_translators

    app = make_app([sys.argv[0]])
    install_font(app)
    install_translators(app, lang)
    jobs.set_pool(jobs.SyncPool())  # figures ready before the grab
    return app


def settle(ms: int = 50) -> None:
    """Let the event loop run for ``ms`` (layouts, lazy pages, repaints)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()

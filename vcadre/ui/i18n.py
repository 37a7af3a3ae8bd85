"""Install the translators: our ``vcadre_<lang>.qm`` and Qt's own ``qtbase_<lang>.qm`` (so the
standard dialogs and buttons speak Chinese too), after Picard's ``picard/i18n/qt.py``.

Source strings are English in ``self.tr()``; ``tools/i18n.py`` extracts and compiles them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from vcadre.paths import translations_dir

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
SOURCE_LANGUAGE = "en"

# Strong references: a QTranslator that Python garbage-collects silently stops translating.
_installed: list[QTranslator] = []


def _normalise(language: str | None) -> str:
    return (language or DEFAULT_LANGUAGE).strip().replace("-", "_") or DEFAULT_LANGUAGE


def remove_translators(app: QCoreApplication) -> None:
    """Remove every translator installed by :func:`install_translators`."""
    while _installed:
        app.removeTranslator(_installed.pop())


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install translators for ``language`` (default ``zh_CN``); ``"en"`` installs none.

    Replaces the translators a previous call installed. Returns the installed translators
    (the module keeps references to them too).
    """
    remove_translators(app)
    lang = _normalise(language)
    if lang == SOURCE_LANGUAGE or lang.startswith(SOURCE_LANGUAGE + "_"):
        return []
    candidates = [
        (f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (f"vcadre_{lang}", str(translations_dir())),
    ]
    for name, directory in candidates:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            logger.warning("No translation %s.qm in %s", name, directory)
    return list(_installed)

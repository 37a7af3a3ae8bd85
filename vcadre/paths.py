"""Every filesystem location vcadre uses, in one place.

User data (the database, logs, backups) lives in the platformdirs user data directory:

- Linux: ``~/.local/share/vcadre/``
- Windows: ``%LOCALAPPDATA%\\vcadre\\`` (local, not roaming: the database must not follow a
  roaming profile around a domain)

The environment variable ``VCADRE_DATA_DIR`` overrides it (tests redirect it to a temporary
directory; an officer can point it at another disk).  Logs and backups are kept *inside* the data
directory, not in the platform's separate log/state dirs, so that one folder holds everything an
officer may need to copy or send to support, and so the override redirects all of it.

Read-only resources (fonts, translations, icons) live in the top-level ``resources/`` folder of the
repository.  They are found

- from source or an editable install (``pip install -e .``): ``<repo>/resources``;
- in a PyInstaller bundle: ``sys._MEIPASS/resources`` (the spec must add the folder as data).

A regular (non-editable) wheel does not contain ``resources/`` and is not a supported install.

This module imports no Qt, so every layer may use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "vcadre"
DATA_DIR_ENV = "VCADRE_DATA_DIR"
DB_FILENAME = "vcadre.db"
FONT_FILENAME = "wqy-microhei.ttc"
#: Kai (楷体) and Song/Ming (宋体) faces for official documents (AR PL UKai / UMing, index 0 = CN).
KAI_FONT_FILENAME = "ukai.ttc"
SONG_FONT_FILENAME = "uming.ttc"


def _ensure(path: Path, ensure: bool) -> Path:
    if ensure:
        path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir(*, ensure: bool = False) -> Path:
    """The per-user data directory (honours ``$VCADRE_DATA_DIR``); created if ``ensure``."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    return _ensure(path, ensure)


def default_db_path() -> Path:
    """Where the database lives when no ``--db PATH`` is given."""
    return user_data_dir() / DB_FILENAME


def log_dir(*, ensure: bool = False) -> Path:
    """Rotating log files and crash reports."""
    return _ensure(user_data_dir() / "logs", ensure)


def backup_dir(*, ensure: bool = False) -> Path:
    """Automatic backups (e.g. taken before every sync import)."""
    return _ensure(user_data_dir() / "backups", ensure)


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_dir() -> Path:
    """The ``resources/`` folder, from source/editable install or from a PyInstaller bundle."""
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under ``resources/`` (not checked for existence)."""
    return resources_dir().joinpath(*parts)


def font_path() -> Path:
    """The bundled CJK TrueType collection (WenQuanYi Micro Hei; use subfont index 0)."""
    return resource_path("fonts", FONT_FILENAME)


def kai_font_path() -> Path:
    """AR PL UKai (Kai face) for certificate bodies; use subfont index 0 (CN)."""
    return resource_path("fonts", KAI_FONT_FILENAME)


def song_font_path() -> Path:
    """AR PL UMing (Song/Ming face) for titles and forms; use subfont index 0 (CN)."""
    return resource_path("fonts", SONG_FONT_FILENAME)


def translations_dir() -> Path:
    """Compiled ``.qm`` translations of our own strings."""
    return resource_path("i18n")

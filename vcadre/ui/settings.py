"""Settings, each declared once with its type and default (after Picard's ``options.py``).

User *preferences* (what the user chose: language) are kept apart from remembered *state*
(window geometry, splitter, last and recent databases), as Picard keeps ``setting`` apart from
``persist``: resetting one never loses the other.

Both live in one INI file in the user data dir (``settings.ini``), next to the database and
logs — one folder holds everything, it is readable on any system, and tests redirect it with
``VCADRE_DATA_DIR`` like everything else (the registry would escape that redirection).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Optional, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from vcadre.paths import user_data_dir

T = TypeVar("T")

SETTINGS_FILENAME = "settings.ini"
MAX_RECENT = 8
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    type: type
    default: T


# Preferences ----------------------------------------------------------------------------------
LANGUAGE = Option("preferences/language", str, "zh_CN")
#: 驻村提醒 thresholds (passed to ``services.dispatch_alerts.Thresholds``).
DISPATCH_TERM_DAYS = Option("preferences/dispatch_term_days", int, 60)
DISPATCH_MIN_DAYS = Option("preferences/dispatch_min_days", int, 20)
DISPATCH_RECENT_MONTHS = Option("preferences/dispatch_recent_months", int, 3)
DISPATCH_TERM_YEARS = Option("preferences/dispatch_term_years", int, 2)
#: Minutes without keyboard or mouse before the window locks (0: never); administrators set it.
IDLE_LOCK_MINUTES = Option("preferences/idle_lock_minutes", int, 15)

# Remembered state -----------------------------------------------------------------------------
GEOMETRY = Option("state/main_window_geometry", QByteArray, QByteArray())
WINDOW_STATE = Option("state/main_window_state", QByteArray, QByteArray())
SPLITTER = Option("state/main_splitter", QByteArray, QByteArray())
LAST_DATABASE = Option("state/last_database", str, "")
RECENT_DATABASES = Option("state/recent_databases", list, [])
#: 连接到单位服务器: the last server's address, database and user (never the password).
SERVER_HOST = Option("state/server_host", str, "")
SERVER_PORT = Option("state/server_port", int, 5432)
SERVER_DATABASE = Option("state/server_database", str, "vcadre")
SERVER_USER = Option("state/server_user", str, "")
#: Column mappings chosen in the import wizard, as JSON: {"kind/header signature": {column: field}}.
IMPORT_MAPPINGS = Option("state/import_mappings", str, "{}")


def settings_path() -> Path:
    return user_data_dir() / SETTINGS_FILENAME


class Settings:
    """Typed access to the declared options."""

    def __init__(self, path: Optional[Path] = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        if not self._q.contains(option.key):
            return option.default
        value: Any = self._q.value(option.key)
        if option.type is list:
            if value is None:
                return []  # type: ignore[return-value]
            return list(value) if isinstance(value, (list, tuple)) else [value]  # type: ignore[return-value]
        if option.type is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()  # type: ignore[return-value]
        try:
            return option.type(value)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        self._q.setValue(option.key, value)

    def sync(self) -> None:
        self._q.sync()

    # convenience --------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        lang = self.get(LANGUAGE)
        return lang if lang in LANGUAGES else LANGUAGE.default

    def dispatch_thresholds(self) -> Any:
        """The 驻村提醒 thresholds as ``services.dispatch_alerts.Thresholds``."""
        from vcadre.services.dispatch_alerts import Thresholds

        def bounded(option: Option[int], lo: int, hi: int) -> int:
            value = self.get(option)
            return value if lo <= value <= hi else option.default

        return Thresholds(term_days=bounded(DISPATCH_TERM_DAYS, 0, 730),
                          min_days=bounded(DISPATCH_MIN_DAYS, 0, 31),
                          recent_months=bounded(DISPATCH_RECENT_MONTHS, 1, 24),
                          term_years=bounded(DISPATCH_TERM_YEARS, 1, 10))

    def set_dispatch_thresholds(self, t: Any) -> None:
        self.set(DISPATCH_TERM_DAYS, int(t.term_days))
        self.set(DISPATCH_MIN_DAYS, int(t.min_days))
        self.set(DISPATCH_RECENT_MONTHS, int(t.recent_months))
        self.set(DISPATCH_TERM_YEARS, int(t.term_years))
        self.sync()

    def last_database(self) -> Optional[Path]:
        text = self.get(LAST_DATABASE)
        return Path(text) if text else None

    def recent_databases(self) -> list[Path]:
        return [Path(p) for p in self.get(RECENT_DATABASES) if p]

    def remember_database(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self.set(LAST_DATABASE, text)
        recent = [p for p in self.get(RECENT_DATABASES) if p and p != text]
        self.set(RECENT_DATABASES, [text, *recent][:MAX_RECENT])
        self.sync()

"""Errors of sync: ``str(err)`` is a Chinese message for the user; nothing was written."""

from __future__ import annotations

from vcadre.store.db import DatabaseError


class SyncError(DatabaseError):
    """A package was refused (or could not be written); the database is unchanged."""


class NotAPackageError(SyncError):
    pass


class DamagedPackageError(SyncError):
    pass


class WrongPassphraseError(SyncError):
    pass


class SiteKeyError(SyncError):
    pass


class FormatVersionError(SyncError):
    pass


class InvalidChangeError(SyncError):
    pass


class Cancelled(SyncError):
    """The user cancelled an import; nothing was written (the GUI shows no error for it)."""

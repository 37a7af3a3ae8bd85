"""Protection of the personal data at the store level: who acts (``context``), the write guard
and audit capture (``hooks``), accounts and audit tables (``models``), SQLCipher at rest
(``cipher``, SQLite only) and the key file (``keyring``), logging in (``login``). See
``docs/security.md``. Importing this package is cheap (no SQLAlchemy): the window asks
``is_protected`` before the data layer is loaded.
"""

from __future__ import annotations

import os


def is_protected(path: "os.PathLike | str") -> bool:
    """The database at ``path`` is encrypted (it has a key file, or its header is not plain SQLite)."""
    from vcadre.store.protect.cipher import is_encrypted_file
    from vcadre.store.protect.keyring import keyring_path

    return keyring_path(path).exists() or is_encrypted_file(path)

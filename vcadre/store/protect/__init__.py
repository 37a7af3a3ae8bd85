"""Protection of the personal data at the store level: who acts (``context``), the write guard
and audit capture (``hooks``), accounts and audit tables (``models``), SQLCipher at rest
(``cipher``, SQLite only) and the key file (``keyring``), logging in (``login``). See
``docs/security.md``. Importing this package is cheap (no SQLAlchemy): the window asks
``is_protected`` before the data layer is loaded.
"""

from __future__ import annotations

import os


def is_protected(path: "os.PathLike | str") -> bool:
    """The database at ``path`` has a key file beside it: it is encrypted and needs a login.

    (An encrypted file whose key file was lost cannot be told from any other non-SQLite file:
    it opens with the recovery key only, ``Login(recovery_key=…)``.)
    """
    from vcadre.store.protect.keyring import keyring_path

    return keyring_path(path).exists()

"""Protection of the personal data at the store level: who acts (``context``), the write guard
and audit capture (``hooks``), accounts and audit tables (``models``), SQLCipher at rest
(``cipher``, SQLite only) and the key file (``keyring``). See ``docs/security.md``."""

from vcadre.store.protect.context import Actor, AuthContext, context_of, require  # noqa: F401
from vcadre.store.protect.login import Login  # noqa: F401

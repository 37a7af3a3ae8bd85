"""Accounts, roles and the audit trail — the API other services call (see ``docs/security.md``).

    from vcadre.services.security import Permission, require, audit

    require(session, Permission.UNMASK)          # raises PermissionDenied (Chinese message)
    audit.record(session, "export.excel", kind="person", rows=n, where=str(path))

Writes need no call at all: the store's guard refuses them for 查阅员 (and for nobody logged in
when the database has accounts), and the flush hook writes record create/edit/delete entries.
"""

from vcadre.domain.roles import Permission, PermissionDenied, Role  # noqa: F401
from vcadre.store.protect.context import Actor, AuthContext, context_of, require  # noqa: F401
from vcadre.services.security import audit  # noqa: F401,E402


def current_actor(target) -> "Actor | None":
    """The logged-in user of a Session/Database (None: nobody, or a database without accounts)."""
    return context_of(target).actor


def may(target, permission: Permission) -> bool:
    """Whether the acting user may do ``permission`` (to enable or hide GUI actions)."""
    return context_of(target).permits(permission)

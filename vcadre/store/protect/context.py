"""Who is acting on an open database (``AuthContext``) — shared by every Session of it.

``Database.auth`` is one ``AuthContext``; every Session made by ``Database.session()`` (or its
``session_factory``) carries it as ``session.info["auth"]``. The write guard (``hooks``) and
``require`` read it, so the role is enforced wherever a Session is made, also in code that never
heard of accounts.

- ``accounts`` False: a database without accounts (made before issue 15, tests, the demo):
  everything is allowed and the actor is anonymous, until an administrator is created.
- ``accounts`` True: every write needs an actor whose role permits ``EDIT`` (audit entries and a
  user's own password change excepted); no actor, or a locked window, may write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from vcadre.domain.roles import Permission, PermissionDenied, Role, permits


@dataclass(frozen=True)
class Actor:
    user_id: str
    name: str
    role: Role


@dataclass
class AuthContext:
    accounts: bool = False
    actor: Optional[Actor] = None
    #: Idle lock of the window: nothing may be written until the password is given again.
    locked: bool = False
    #: Extra facts for the audit trail (e.g. "cli" or "gui").
    via: str = ""
    extra: dict = field(default_factory=dict)

    def permits(self, permission: Permission) -> bool:
        if not self.accounts:
            return True
        if self.actor is None or self.locked:
            return False
        return permits(self.actor.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.permits(permission):
            raise PermissionDenied(permission, self.actor.role if self.actor and not self.locked else None,
                                   self.actor.name if self.actor else "")

    @property
    def user_name(self) -> str:
        return self.actor.name if self.actor else ""

    @property
    def role_name(self) -> str:
        return self.actor.role.value if self.actor else ""


def context_of(target: Any) -> AuthContext:
    """The ``AuthContext`` of a Session, a Database, a Connection, or the context itself."""
    if isinstance(target, AuthContext):
        return target
    auth = getattr(target, "auth", None)
    if isinstance(auth, AuthContext):
        return auth
    info = getattr(target, "info", None)
    if isinstance(info, dict) and isinstance(info.get("auth"), AuthContext):
        return info["auth"]
    return AuthContext()  # no context: a database without accounts


def require(target: Any, permission: Permission) -> None:
    """Raise ``PermissionDenied`` unless the acting user of ``target`` may do ``permission``.

    ``target``: a Session, a ``Database``, or an ``AuthContext``.
    """
    context_of(target).require(permission)

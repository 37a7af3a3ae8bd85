"""Accounts (用户): create the administrator (encrypting the database), add users, change and
reset passwords, disable, change roles; check a password again (idle lock).

Every function here checks the role (``Permission.USERS``, or the user's own account) and writes
an audit entry in the same transaction as the change. On an encrypted SQLite database each
account also has the database key wrapped under its password in the key file
(``store.protect.keyring``); the argon2id hash in ``user_account`` is what a server database
(issue 16) checks instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import func, select

from vcadre.domain.roles import Permission, PermissionDenied, Role
from vcadre.services.errors import ValidationError
from vcadre.services.security import audit
from vcadre.store.protect import keyring as kr
from vcadre.store.protect.context import context_of, require
from vcadre.store.protect.models import UserAccount

MIN_PASSWORD = 8
NAME_MAX = 40


@dataclass(frozen=True)
class UserRow:
    id: str
    name: str
    role: str
    disabled: bool
    created_at: Optional[datetime]
    last_login_at: Optional[datetime]


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=kr.ARGON2_T, memory_cost=kr.ARGON2_M, parallelism=kr.ARGON2_P).hash(password)


def check_name(name: str) -> str:
    name = kr.normalize_name(name)
    if not name:
        raise ValidationError("用户名不能为空。")
    if len(name) > NAME_MAX or any(ch in name for ch in "\r\n\t"):
        raise ValidationError(f"用户名“{name[:NAME_MAX]}”无效：最多 {NAME_MAX} 个字，不能含换行。")
    return name


def check_password(password: str, name: str = "") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"密码太短：至少 {MIN_PASSWORD} 个字符。")
    if name and password.strip() == kr.normalize_name(name):
        raise ValidationError("密码不能与用户名相同。")


# ---------------------------------------------------------------- the first administrator

def new_database(path: os.PathLike | str, admin: str, password: str, *, site_name: str = "") -> tuple[Any, str]:
    """Create a new encrypted database with its administrator; returns (open db, recovery key)."""
    from vcadre.store.db import open_database

    admin = check_name(admin)
    check_password(password, admin)
    path = Path(path)
    recovery = kr.new_recovery_key()
    key = kr.database_key(kr.parse_recovery_key(recovery))
    ring = kr.Keyring.new(path, key)
    db = open_database(path, create=True, site_name=site_name, key=key)
    try:
        ring.set_password(admin, password, key)
        _create(db, admin, Role.ADMIN, password, ring, first=True)
    finally:
        db.close()
    from vcadre.store.protect.login import Login

    return open_database(path, login=Login(admin, password)), recovery


def protect_database(db: Any, admin: str, password: str) -> tuple[Any, str]:
    """Give a database without accounts its administrator and encrypt it (plaintext → SQLCipher).

    ``db`` is closed; returns the reopened (encrypted, logged-in) database and the recovery key.
    """
    from vcadre.store.db import DatabaseError, open_database
    from vcadre.store.protect.convert import ConversionError, encrypt_in_place
    from vcadre.store.protect.login import Login, account_count

    admin = check_name(admin)
    check_password(password, admin)
    with db.session() as s:
        if account_count(s):
            raise ValidationError("这个数据库已经设置了用户。")
    path = Path(db.path)
    recovery = kr.new_recovery_key()
    key = db.key or kr.database_key(kr.parse_recovery_key(recovery))
    db.close()
    if db.key is None:
        try:
            encrypt_in_place(path, key)
        except ConversionError as exc:
            raise DatabaseError(str(exc)) from exc
    ring = kr.Keyring.new(path, key)
    ring.set_password(admin, password, key)
    db2 = open_database(path, key=key)
    try:
        _create(db2, admin, Role.ADMIN, password, ring, first=True)
        db2.close()
    except BaseException:
        db2.close()
        raise
    return open_database(path, login=Login(admin, password)), recovery


def _create(db: Any, name: str, role: Role, password: str, ring: kr.Keyring, first: bool = False) -> None:
    with db.session() as s, s.begin():
        if s.scalar(select(func.count()).select_from(UserAccount).where(UserAccount.name == name)):
            raise ValidationError(f"用户名“{name}”已存在。")
        now = datetime.now()
        s.add(UserAccount(name=name, role=role.value, password_hash=hash_password(password), disabled=False,
                          created_at=now, password_changed_at=now))
        if first:  # nobody is logged in yet: the new administrator does it
            from vcadre.store.protect.context import Actor, AuthContext

            s.info["auth"] = AuthContext(accounts=False, actor=Actor("", name, Role.ADMIN))
            audit.record(s, "database.protect", what="创建管理员并加密数据库", target=name)
        audit.record(s, "user.create", target=name, role=role.value)
        if db.key is not None:
            ring.save()


# ---------------------------------------------------------------- administration

def _ring(db: Any) -> Optional[kr.Keyring]:
    return kr.Keyring.load(db.path) if db.key is not None else None


def _user(s, name: str) -> UserAccount:
    row = s.scalars(select(UserAccount).where(UserAccount.name == kr.normalize_name(name))).first()
    if row is None:
        raise ValidationError(f"找不到用户“{name}”。")
    return row


def list_users(db_or_session: Any) -> list[UserRow]:
    def rows(s):
        require(s, Permission.USERS)
        return [UserRow(u.id, u.name, u.role, bool(u.disabled), u.created_at, u.last_login_at)
                for u in s.scalars(select(UserAccount).order_by(UserAccount.created_at, UserAccount.name))]

    if hasattr(db_or_session, "session_factory"):
        with db_or_session.session() as s:
            return rows(s)
    return rows(db_or_session)


def add_user(db: Any, name: str, role: Role | str, password: str) -> None:
    require(db, Permission.USERS)
    name = check_name(name)
    role = Role.parse(role) if isinstance(role, str) else role
    check_password(password, name)
    ring = _ring(db)
    if ring is not None:
        ring.set_password(name, password, db.key)
    _create(db, name, role, password, ring)  # type: ignore[arg-type]


def _enabled_admins(s) -> int:
    return int(s.scalar(select(func.count()).select_from(UserAccount).where(
        UserAccount.role == Role.ADMIN.value, UserAccount.disabled.is_(False))) or 0)


def reset_password(db: Any, name: str, password: str) -> None:
    """An administrator sets another user's password (the user should change it at next login)."""
    require(db, Permission.USERS)
    _set_password(db, name, password, "user.reset")


def change_password(db: Any, old: str, new: str) -> None:
    """The logged-in user changes their own password (the old one is checked)."""
    auth = context_of(db)
    if auth.actor is None:
        raise PermissionDenied(Permission.EDIT)
    if not verify_password(db, old, audit_failure=False):
        raise ValidationError("原密码不正确。")
    _set_password(db, auth.actor.name, new, "user.passwd")


def _set_password(db: Any, name: str, password: str, action: str) -> None:
    ring = _ring(db)
    with db.session() as s, s.begin():
        row = _user(s, name)
        check_password(password, row.name)
        row.password_hash = hash_password(password)
        row.password_changed_at = datetime.now()
        audit.record(s, action, target=row.name)
        if ring is not None and not row.disabled:
            ring.set_password(row.name, password, db.key)
            ring.save()


def set_disabled(db: Any, name: str, disabled: bool = True) -> None:
    """Disable (or enable) an account. Never the last enabled administrator, never oneself."""
    require(db, Permission.USERS)
    auth = context_of(db)
    ring = _ring(db)
    with db.session() as s, s.begin():
        row = _user(s, name)
        if disabled and auth.actor is not None and row.id == auth.actor.user_id:
            raise ValidationError("不能停用自己的账户。")
        if disabled and row.role == Role.ADMIN.value and not row.disabled and _enabled_admins(s) <= 1:
            raise ValidationError("这是唯一的管理员账户，不能停用。")
        row.disabled = disabled
        audit.record(s, "user.disable" if disabled else "user.enable", target=row.name)
        if ring is not None and disabled:
            ring.remove_user(row.name)
            ring.save()
    if not disabled and ring is not None and not ring.has_user(name):
        pass  # an enabled account gets its key back with a new password (reset_password)


def set_role(db: Any, name: str, role: Role | str) -> None:
    require(db, Permission.USERS)
    role = Role.parse(role) if isinstance(role, str) else role
    with db.session() as s, s.begin():
        row = _user(s, name)
        if row.role == Role.ADMIN.value and role != Role.ADMIN and _enabled_admins(s) <= 1:
            raise ValidationError("这是唯一的管理员账户，不能改为其他角色。")
        old = row.role
        row.role = role.value
        audit.record(s, "user.role", target=row.name, role=f"{old} → {role.value}")


def verify_password(db: Any, password: str, *, audit_failure: bool = True) -> bool:
    """Check the logged-in user's password again (unlocking the window), with the same delays."""
    from vcadre.store.protect.login import _verify_hash

    auth = context_of(db)
    if auth.actor is None:
        return False
    ok = False
    if db.key is not None:
        ring = kr.Keyring.load(db.path)
        try:
            ok = ring.unwrap(auth.actor.name, password) == db.key
        except kr.LockedOut as exc:
            raise ValidationError(str(exc)) from exc
        except kr.WrongPassword:
            ok = False
    else:
        with db.session() as s:
            ok = _verify_hash(_user(s, auth.actor.name).password_hash, password)
    if not ok and audit_failure:
        audit.log(db, "unlock.failed", target=auth.actor.name)
    return ok


def recover(path: os.PathLike | str, recovery_key: str, new_password: str, admin: str = "") -> str:
    """With the recovery key: set a new password for an administrator (the first one, or ``admin``),
    re-create the key file if it was lost; returns the administrator's name."""
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login

    db = open_database(path, login=Login(user=admin, recovery_key=recovery_key, via="recover"))
    try:
        auth = context_of(db)
        name = auth.actor.name if auth.actor else ""
        with db.session() as s:
            row = s.scalars(select(UserAccount).where(UserAccount.name == name)).first()
            if row is None or row.role != Role.ADMIN.value:
                raise ValidationError(f"找不到管理员“{admin or name}”。")
        check_password(new_password, name)
        ring = kr.Keyring.load(db.path) if kr.Keyring.exists_for(db.path) else kr.Keyring.new(db.path, db.key)
        with db.session() as s, s.begin():
            row = _user(s, name)
            row.password_hash = hash_password(new_password)
            row.password_changed_at = datetime.now()
            row.disabled = False
            audit.record(s, "user.reset", target=name, what="用恢复密钥重设管理员密码")
            ring.set_password(name, new_password, db.key)
            ring.save()
    finally:
        db.close()
    return name

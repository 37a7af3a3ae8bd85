"""Logging in to a database: unlock its key, then find the acting user (store level, no services).

``open_database(path, login=Login(user, password))`` calls ``unlock`` (encrypted: unwrap the key
from the key file; wrong password → ``LoginFailed``, growing delay → ``LoginFailed`` saying how
long) and then ``attach_actor`` (the account must exist and be enabled; its role goes into
``db.auth``; the login and the failures since the last login are written to the audit trail).

A plaintext database with accounts (not made by vcadre on SQLite, but the path the office
server of issue 16 takes) checks the password against the argon2id hash in ``user_account``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import func, select

from vcadre.domain.roles import Role
from vcadre.store.protect import cipher
from vcadre.store.protect.context import Actor
from vcadre.store.protect.hooks import new_entry
from vcadre.store.protect.keyring import (
    Keyring,
    KeyringError,
    LockedOut,
    WrongPassword,
    database_key,
    normalize_name,
    parse_recovery_key,
)
from vcadre.store.protect.models import UserAccount

RECOVERY_USER = "恢复密钥"


@dataclass(frozen=True)
class Login:
    """Credentials for one open: a user and password, or the recovery key (then ``user`` is the
    administrator whose password is being reset, if given)."""

    user: str = ""
    password: str = field(default="", repr=False)
    recovery_key: str = field(default="", repr=False)
    via: str = ""


from vcadre.store.protect import is_protected  # noqa: E402,F401  (one definition, re-exported)


def unlock(path: Path, login: Optional[Login]) -> tuple[bytes, Optional[Keyring]]:
    from vcadre.store.db import DatabaseError, LoginFailed, LoginRequired

    if login is None or not (login.password or login.recovery_key):
        raise LoginRequired(
            f"数据库“{path.name}”已加密并设置了用户：请先登录。命令行可用 --user 用户名（随后输入密码）、"
            "--password-file 密码文件，或环境变量 VCADRE_USER、VCADRE_PASSWORD_FILE。")
    keyring = None
    if login.recovery_key:
        try:
            secret = parse_recovery_key(login.recovery_key)
            key = database_key(secret)
            if Keyring.exists_for(path):
                keyring = Keyring.load(path)
                keyring.check_recovery(secret)
            else:
                _probe(path, key)
        except KeyringError as exc:
            raise LoginFailed(str(exc)) from exc
        return key, keyring
    try:
        keyring = Keyring.load(path)
        key = keyring.unwrap(login.user, login.password)
    except (WrongPassword, LockedOut) as exc:
        raise LoginFailed(str(exc)) from exc
    except KeyringError as exc:
        raise DatabaseError(str(exc)) from exc
    return key, keyring


def _probe(path: Path, key: bytes) -> None:
    con = cipher.connect(path, key, readonly=True)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:  # noqa: BLE001 - "file is not a database": a wrong key
        raise WrongPassword("恢复密钥不正确：它打不开这个数据库。") from exc
    finally:
        con.close()


def account_count(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(UserAccount)
                              .where(UserAccount.disabled.is_(False))) or 0)


def attach_actor(db: Any, login: Optional[Login], keyring: Optional[Keyring]) -> None:
    """Set ``db.auth`` from the accounts of the open database and ``login``."""
    from vcadre.store.db import LoginFailed, LoginRequired

    auth = db.auth
    with db.session() as s:
        if account_count(s) == 0:
            auth.accounts = False  # a database without accounts: open to whoever opens it
            return
        auth.accounts = True
        if login is None or not (login.password or login.recovery_key):
            raise LoginRequired("此数据库设置了用户：请先登录。")
        if login.recovery_key:
            q = select(UserAccount).where(UserAccount.role == Role.ADMIN.value).order_by(UserAccount.created_at)
            if login.user:
                q = select(UserAccount).where(UserAccount.name == normalize_name(login.user))
            row = s.scalars(q).first()
            actor = Actor(row.id if row else "", row.name if row else RECOVERY_USER, Role.ADMIN)
            action = "login.recovery"
        else:
            row = s.scalars(select(UserAccount).where(UserAccount.name == normalize_name(login.user))).first()
            if row is not None and db.key is None and not _verify_hash(row.password_hash, login.password):
                row = None
            if row is None:
                raise LoginFailed("用户名或密码不正确。")
            if row.disabled:
                raise LoginFailed(f"用户“{row.name}”已停用，请与管理员联系。")
            actor = Actor(row.id, row.name, Role(row.role))
            action = "login"
    auth.actor = actor
    pending = keyring.take_pending_audit() if keyring is not None else []
    with db.session() as s, s.begin():
        for p in pending:
            entry = new_entry(auth, "login.failed", target=str(p.get("user", ""))[:40],
                              detail={"failures": p.get("failures", 0), "known_user": bool(p.get("known"))})
            entry.at = str(p.get("at", ""))[:26]
            entry.user_name, entry.role = str(p.get("user", ""))[:40], ""
            s.add(entry)
        s.add(new_entry(auth, action))
        if actor.user_id:
            me = s.get(UserAccount, actor.user_id)
            if me is not None:
                me.last_login_at = datetime.now()
    if pending and keyring is not None:
        try:
            keyring.save()
        except OSError:
            pass


def _verify_hash(phc: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error

    try:
        return PasswordHasher().verify(phc, password)
    except Argon2Error:
        return False

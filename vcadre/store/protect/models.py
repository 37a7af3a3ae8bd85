"""Tables of accounts and the audit trail — plain SQLAlchemy, no SQLite-only feature.

They are *local* to one database (one laptop or, later, one office server): none of them is a
``SyncMixin`` table, so they never travel in sync packages. A site's accounts are its own
officers; its audit trail is the record of what happened on that machine.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from vcadre.store.models import Base, new_id


class UserAccount(Base):
    """An account (用户): name, role, argon2id password hash (PHC string)."""

    __tablename__ = "user_account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class AuditEntry(Base):
    """One entry of the audit trail (审计日志), chained to the one before by ``prev_hash``.

    ``detail`` is JSON of names and counts only: never an ID number's or a phone's value.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(26), index=True)  #: local wall time, ISO text (display only)
    user_name: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(10), default="")
    action: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest entry's number and hash (one row): removing the last entries is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")

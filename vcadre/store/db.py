"""Opening vcadre databases: engine, pragmas, sessions, migrations, and the local site.

One ``Database`` per open file. It owns the engine and the session factory; every user action
opens its own Session (``with db.session() as s, s.begin(): ...``) and no Session crosses threads.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from sqlalchemy import URL, create_engine, event, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from vcadre.store import ioerrors
from vcadre.store import undo_log
from vcadre.store.clock import HybridClock
from vcadre.store.models import Site, SyncMixin, new_id
from vcadre.store.protect.context import AuthContext

if TYPE_CHECKING:
    from vcadre.store.protect.login import Login

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A known problem opening a database; ``str(err)`` is a message for the user (Chinese)."""


class NotADatabaseError(DatabaseError):
    pass


class ForeignDatabaseError(DatabaseError):
    pass


class NewerSchemaError(DatabaseError):
    pass


class StampingSession(Session):
    """A Session that stamps every new or changed synced row with the site's clock on flush."""


@event.listens_for(StampingSession, "before_flush")
def _stamp_changes(session: Session, _ctx, _instances) -> None:
    # ``session.new`` builds a new set on every access: read it once (testing membership in it
    # per object made a flush of 3,000 new rows take seconds).
    pending_new = session.new
    new = [o for o in pending_new if isinstance(o, SyncMixin)]
    dirty = [
        o
        for o in session.dirty
        if isinstance(o, SyncMixin) and o not in pending_new and session.is_modified(o, include_collections=False)
    ]
    changed = new + dirty
    if not changed:
        return
    if session.get_bind().dialect.name == "postgresql":
        # Several officers write at once: number changes and tick the site clock one at a time.
        from vcadre.store import pg

        pg.writer_lock(session.connection())
        site = local_site(session)
        session.refresh(site, ["last_hlc"])
    else:
        site = local_site(session)
    from vcadre.store import changelog

    before = changelog.capture_before(session, dirty)
    clock = HybridClock(site.last_hlc)
    now = datetime.now()
    for obj in changed:
        if obj.id is None:
            obj.id = new_id()
        obj.hlc = clock.tick()
        obj.site_id = site.id
        obj.updated_at = now
        if obj.deleted is None:
            obj.deleted = False
    site.last_hlc = clock.last
    changelog.log_flush(session, site.id, new, dirty, before)


undo_log.install(StampingSession)  # one undo_action row per committed action (撤销记录)


def local_site(session: Session) -> Site:
    """This database's own site row (cached on the session)."""
    site = session.info.get("local_site")
    if site is None or site not in session:
        site = session.scalars(select(Site).where(Site.is_local.is_(True))).one()
        session.info["local_site"] = site
    return site


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy SQLite docs,
    # "Serializable isolation / Savepoints / Transactional DDL").
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path, key: Optional[bytes] = None, auth: Optional[AuthContext] = None) -> Engine:
    """The engine of one database file; with ``key`` an SQLCipher-encrypted one.

    The only place that knows SQLCipher (``store.protect.cipher``): everything above runs the
    same SQL on either. With ``auth``, an encrypted engine also gets the write authorizer.
    """
    # Said explicitly although it is SQLAlchemy's default for files: the GUI opens databases on
    # a worker thread and uses them on its own (vcadre.ui.preload), jobs the other way round.
    kwargs: dict = {}
    if key is not None:
        from vcadre.store.protect import cipher

        kwargs["module"] = cipher.dbapi()
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)),
                           connect_args={"check_same_thread": False}, **kwargs)
    if key is not None:
        from vcadre.domain.roles import Permission

        writable = (lambda: auth.permits(Permission.EDIT)) if auth is not None else None
        event.listen(engine, "connect", lambda c, _r: cipher.on_connect(c, key, writable), insert=True)
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def check_is_sqlite(path: Path) -> None:
    """Refuse, without touching it, a file that is not an SQLite database."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"无法读取文件“{path}”：{ioerrors.reason(exc)}。") from exc
    if head and head != SQLITE_MAGIC:
        raise NotADatabaseError(f"文件“{path}”不是 vcadre 数据库（不是 SQLite 数据库文件），未作任何改动。"
                                "如果它是加密的数据库而旁边的密钥文件（.keys）丢失了，请用恢复密钥恢复：vcadre recover。")


@dataclass
class Database:
    #: The SQLite file; for a server database, a folder of this user's local files for it (backups).
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    #: The SQLCipher key of an encrypted database (None: plaintext). Never logged or shown.
    key: Optional[bytes] = field(default=None, repr=False)
    #: Who is acting (shared by every Session of this database); see ``store.protect.context``.
    auth: AuthContext = field(default_factory=AuthContext)
    #: What opening found (``store.identity.check``): None, "copy" or "incarnation".
    identity_event: Optional[str] = None
    #: A PostgreSQL server database (office mode): its URL, password hidden; None for a file.
    url: Optional[str] = None

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> str:
        """What to show the user: the file's path or the server URL (never a password)."""
        return self.url if self.url is not None else str(self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A Session for one user action; use ``with db.session() as s, s.begin():`` to write."""
        with self.session_factory() as s:
            yield s

    def site(self) -> tuple[str, str]:
        """(site id, site name) of this database."""
        with self.session() as s:
            site = local_site(s)
            return site.id, site.name

    def close(self) -> None:
        self.engine.dispose()


class LoginRequired(DatabaseError):
    """The database has accounts: a user name and password (or the recovery key) are needed."""


class LoginFailed(DatabaseError):
    """Wrong name or password, a disabled account, or too many failures (the message says which)."""


def open_database(path: os.PathLike | str, *, create: bool = False, site_name: str = "",
                  login: "Optional[Login]" = None, key: Optional[bytes] = None) -> Database:
    """Open (and migrate) a vcadre database; with ``create`` make it if the file is missing.

    A database with accounts needs ``login`` (``store.protect.login.Login``: user and password,
    or the recovery key); an encrypted one is unlocked with the key it unwraps (or ``key``, when
    the caller already has it, e.g. right after creating it). Without accounts anyone may open it.

    Raises ``DatabaseError`` subclasses with a Chinese message for files that are not SQLite,
    SQLite files that are not vcadre's, databases made by a newer vcadre, and failed logins.
    """
    from vcadre.store import backend
    from vcadre.store import migrate  # alembic is only needed when a database is opened
    from vcadre.store.protect import login as login_mod

    if backend.is_server_url(path):
        return _open_server(str(path), site_name=site_name, login=login)
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"数据库文件“{path}”不存在。")
    keyring = None
    if key is None and exists and (login_mod.is_protected(path) or (login is not None and login.recovery_key)):
        key, keyring = login_mod.unlock(path, login)
    version = None
    if exists:
        if key is None:
            check_is_sqlite(path)
        version = migrate.check_compatible(path, key)
    else:
        from vcadre.store.protect.files import make_private_dir

        make_private_dir(path.parent)
    from vcadre.store.protect.files import harden_database

    harden_database(path)  # an older vcadre left it readable by others (0644)
    auth = AuthContext(via=login.via if login is not None else "")
    engine = make_engine(path, key, auth)
    if version != migrate.SCHEMA_HEAD:
        migrate.upgrade(engine)
    factory = sessionmaker(engine, class_=StampingSession, expire_on_commit=False, info={"auth": auth})
    db = Database(path, engine, factory, key=key, auth=auth)
    _ensure_site(db, site_name)
    _check_identity(db)  # file databases only: a server database is not copied around
    try:
        login_mod.attach_actor(db, login, keyring)
    except BaseException:
        db.close()
        raise
    return db


def _ensure_site(db: Database, site_name: str) -> None:
    with db.session() as s, s.begin():
        if s.scalar(select(Site.id).where(Site.is_local.is_(True))) is None:
            s.add(
                Site(
                    id=new_id(),
                    name=site_name or "本机",
                    is_local=True,
                    last_hlc="",
                    created_at=datetime.now(),
                )
            )


def _open_server(text: str, *, site_name: str, login: "Optional[Login]") -> Database:
    """Open (and migrate) a database on a PostgreSQL server (office mode, issue 16).

    The server keeps the data at rest (its disk encryption is the server's job, see the README);
    accounts and roles work as on a file: the password is checked against the argon2id hash in
    ``user_account`` and the role enforced by the same flush hook. An empty database is set up.
    The password of the connection itself comes in the URL or from libpq (``PGPASSWORD``,
    ``pgpass.conf``); it is never logged.
    """
    import sqlalchemy.exc

    from vcadre import paths
    from vcadre.store import backend, migrate
    from vcadre.store.protect import login as login_mod

    url = backend.server_url(text)
    shown = backend.display(url)
    engine = backend.make_server_engine(url)
    try:
        version = migrate.check_compatible_server(engine, shown)
        if version != migrate.SCHEMA_HEAD:
            migrate.upgrade(engine)
    except sqlalchemy.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"无法连接单位服务器“{shown}”：{_server_reason(exc)}") from exc
    except BaseException:
        engine.dispose()
        raise
    auth = AuthContext(via=login.via if login is not None else "")
    factory = sessionmaker(engine, class_=StampingSession, expire_on_commit=False, info={"auth": auth})
    local = paths.user_data_dir() / "servers" / _safe_name(f"{url.host or 'localhost'}-{url.port or 5432}-{url.database}")
    db = Database(local / f"{url.database}.db", engine, factory, auth=auth, url=shown)
    try:
        _ensure_site(db, site_name or "单位服务器")
        login_mod.attach_actor(db, login, None)
    except BaseException:
        db.close()
        raise
    return db


def _check_identity(db: Database) -> None:
    """A copied or rewound database is recognised on open (``store.identity``). A file that
    cannot be written (read-only) is still opened; its export is checked again and refused."""
    from vcadre.store import identity

    try:
        with db.engine.connect() as conn, conn.begin():
            found = identity.check(conn.connection.dbapi_connection, db.path)
    except (OSError, sa_exc.OperationalError) as exc:
        logging.getLogger(__name__).warning("site identity not checked: %s", exc)
        return
    db.identity_event = found


def _safe_name(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", text)


def _server_reason(exc: Exception) -> str:
    """The server's own words (libpq's first line), without the SQL or parameters."""
    orig = getattr(exc, "orig", exc)
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if "password authentication failed" in first or "no password supplied" in first:
        return "用户名或密码不正确（" + first + "）"
    if "does not exist" in first:
        return "数据库或用户不存在（" + first + "）"
    if "Connection refused" in first or "timeout" in first.lower() or "could not translate" in first:
        return "连接不上服务器，请检查地址、端口和网络（" + first + "）"
    return first


from vcadre.store.protect import hooks as _protect_hooks  # noqa: E402  (needs StampingSession)

_protect_hooks.install(StampingSession)

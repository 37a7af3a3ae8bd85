"""Writing many rows fast: plain DB-API ``executemany`` stamped with the site clock.

SQLAlchemy's per-row processing costs ~1 s per 30k rows and ORM ``add_all`` ~10x more; rows
written here carry their own ``hlc`` and ``site_id`` like any synced row (the change log treats a
row without entries as a whole-row change at its ``hlc``, see ``store.changelog``). Updates of
existing rows go through the ORM (few, and they must be logged field by field).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime
from sqlalchemy.orm import Session

from vcadre.store.clock import HybridClock
from vcadre.store.db import local_site
from vcadre.store.models import SYNCED_MODELS, Person, ReserveEntry, new_id


class Writer:
    def __init__(self, session: Session) -> None:
        self.session = session
        if session.get_bind().dialect.name == "postgresql":  # other officers' saves: one numberer at a time
            from vcadre.store import pg

            pg.writer_lock(session.connection())
            self.site = local_site(session)
            session.refresh(self.site, ["last_hlc"])
        else:
            self.site = local_site(session)
        self.clock = HybridClock(self.site.last_hlc)
        self.now = datetime.now()
        self._rows: dict[Any, list[dict[str, Any]]] = {}
        self._templates: dict[Any, dict[str, Any]] = {}

    def add(self, model: Any, **values: Any) -> str:
        template = self._templates.get(model)
        if template is None:
            template = {c.name: (c.default.arg if c.default is not None and getattr(c.default, "is_scalar", False)
                                 else None) for c in model.__table__.columns}
            self._templates[model] = template
        row = dict(template)
        row.update(values)
        row["id"] = row["id"] or new_id()
        row["hlc"] = self.clock.tick()
        row["site_id"] = self.site.id
        row["updated_at"] = self.now
        row["deleted"] = False
        self._rows.setdefault(model, []).append(row)
        return row["id"]

    def count(self, model: Any) -> int:
        return len(self._rows.get(model, []))

    def flush(self) -> None:
        from vcadre.store import search_index

        self.session.flush()
        conn = self.session.connection()
        if not self._rows:
            return
        suspended = Person in self._rows or ReserveEntry in self._rows
        if suspended:  # one sorted pass for the keys instead of a trigger per row; readers never wait
            search_index.pause_for_bulk(conn)
        for model in SYNCED_MODELS:
            rows = self._rows.get(model)
            if not rows:
                continue
            executemany(conn, model.__table__, rows)
            if model is Person:
                search_index.index_persons(conn, [(r["id"], r["name"], r["id_number"], r["phone"]) for r in rows])
            if model is ReserveEntry:
                search_index.index_entries(conn, [r["id"] for r in rows])
        if suspended:  # (after an error the rollback ends the pause / brings the triggers back)
            search_index.unpause_after_bulk(conn)
        self._rows.clear()
        self.site.last_hlc = self.clock.last
        self.session.flush()


def preload(session: Session, model: Any, ids: list[str]) -> dict[str, Any]:
    """The rows to update, loaded in a few queries: id → object. Keep the dict while updating
    (the session's identity map holds objects weakly)."""
    from sqlalchemy import select

    ids = sorted(set(ids))
    out: dict[str, Any] = {}
    for i in range(0, len(ids), 500):
        for obj in session.scalars(select(model).where(model.id.in_(ids[i:i + 500]))):
            out[obj.id] = obj
    return out


def _conv(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="microseconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def executemany(conn: Any, table: Any, rows: list[dict]) -> None:
    from operator import itemgetter

    cols = [c.name for c in table.columns]
    get = itemgetter(*cols)
    if conn.dialect.name == "postgresql":  # psycopg takes dates and booleans as they are
        for r in rows:
            for c in ("deleted",):
                if isinstance(r.get(c), int):
                    r[c] = bool(r[c])
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
        conn.exec_driver_sql(sql, [get(r) for r in rows])
        return
    typed = [c.name for c in table.columns if isinstance(c.type, (Boolean, Date, DateTime))]
    for r in rows:
        for c in typed:
            v = r[c]
            if v is not None:
                r[c] = _conv(v)
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    conn.exec_driver_sql(sql, [get(r) for r in rows])

"""office server: writes refused for a login that may not edit (查阅员), whatever the path

PostgreSQL only. A statement-level trigger on every table but the audit trail and the accounts
refuses INSERT/UPDATE/DELETE/TRUNCATE while the connection's ``vcadre.read_only`` setting is on;
``store.db`` turns it on at each pool checkout for a login without the edit permission. So raw
SQL and the sync's DB-API path are refused like an ORM flush — the server's counterpart of the
SQLite authorizer on a protected file (``store.protect.cipher.authorizer``). ``migrate.upgrade``
guards the tables of later migrations too (``store.pg.install_write_guard`` is idempotent).

Revision ID: 0173
Revises: 0172
Create Date: 2026-12-06
"""
from alembic import op


revision = '0173'
down_revision = '0172'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    pg.install_write_guard(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    pg.drop_write_guard(conn)

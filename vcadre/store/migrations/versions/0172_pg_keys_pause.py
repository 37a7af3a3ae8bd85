"""office server: a bulk import pauses the search-key triggers instead of dropping them

PostgreSQL only: the key trigger functions (``store.pg``) first read the transaction-local
setting ``vcadre.keys_paused``; a bulk import sets it and writes its rows' keys itself. Before,
it dropped the triggers inside its transaction, which locks ``person`` (ACCESS EXCLUSIVE) until
commit: every other officer's search waited for the whole import. The functions are redefined
in place (``CREATE OR REPLACE``); the triggers stay.

Revision ID: 0172
Revises: 0165
Create Date: 2026-12-06
"""
from alembic import op


revision = '0172'
down_revision = '0165'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    pg.install_key_functions(conn)


def downgrade() -> None:
    # The functions with the pause check behave as before whenever nothing pauses them.
    pass

"""office server: digits searches (ID and phone fragments) read their matches off one index

PostgreSQL only (SQLite is unchanged):

- ``person_order_key`` gets each live person's digit keys too (those of ``vcadre_person_keys``:
  ID number, its tail, birth date, phone, its tail), with the name: the search box gathers a
  digits search's matches in name order from index-only range reads instead of fetching every
  matching person (``store.pg_search``);
- ``reserve_digit_key``: the same keys for each live reserve entry in the 后备干部 list's order
  (village code, name, entry id), kept by the entry triggers, so the list's first page and its
  count for digits are range reads too (``services.talent``);
- a covering index of live persons in name order with their ID number and phone, for a broad
  digits search that walks the persons in name order (index-only).

The key triggers also fire when an ID number or phone changes.

Revision ID: 0174
Revises: 0173
Create Date: 2026-12-07
"""
from alembic import op


revision = '0174'
down_revision = '0173'
branch_labels = None
depends_on = None

COVER = ("CREATE INDEX IF NOT EXISTS ix_person_name_digits ON person (name, id) INCLUDE (id_number, phone) "
         "WHERE deleted IS FALSE")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    pg.install_entry_triggers(conn)  # reserve_digit_key, the key functions, triggers on ID/phone too
    pg.rebuild_digit_keys(conn)
    if pg.has_order_keys(conn):
        pg.install_order_keys(conn)
        pg.rebuild_order_keys(conn)
    op.execute(COVER)
    for table in ("reserve_digit_key", "person_order_key", "person"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    # The key functions of this version keep the digit keys (an SQL function body names its
    # tables); emptying them is all an older version needs: it reads only the name and pinyin keys.
    op.execute("DROP INDEX IF EXISTS ix_person_name_digits")
    op.execute("DELETE FROM person_order_key WHERE left(key, 1) NOT IN ('n', 'p')")

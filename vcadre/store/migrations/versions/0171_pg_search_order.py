"""office server: search in code-point order on any collation; the person search box's order keys

PostgreSQL only (SQLite compares bytes already; nothing changes there):

- The search-key columns, pinyin, initials, person names and region codes get ``COLLATE "C"``.
  A search prefix is the range ``key >= 'd410' AND key < 'd410' || U+10FFFF``: under a server's
  language collation (zh_CN.UTF-8, en_US.UTF-8, ICU) that range is not "starts with" — the
  last code point may weigh nothing and the range comes out empty — and an ``ORDER BY`` would
  differ from the laptops'. In "C" every prefix is an index range, on any server.
- ``person_order_key`` (see ``store.pg``): the search box's 50 first hits of a broad name or
  pinyin search in name order, read off one key.

Revision ID: 0171
Revises: 0162
Create Date: 2026-12-06
"""
from alembic import op


revision = '0171'
down_revision = '0162'
branch_labels = None
depends_on = None

#: (table, column, varchar length) compared by prefix or ordered like on SQLite.
COLUMNS = (
    ("person_search_key", "key", 60),
    ("reserve_search_key", "key", 60), ("reserve_search_key", "village_code", 12),
    ("reserve_search_key", "name", 40),
    ("person", "name", 40), ("person", "name_pinyin", 120), ("person", "name_initials", 40),
    ("region", "code", 12),
)


def _collate(collation: str) -> None:
    from vcadre.store import pg, search_index

    conn = op.get_bind()
    pg.drop_triggers(conn, search_index.TRIGGER_NAMES)  # "UPDATE OF name" pins the column's type
    for table, column, length in COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "{collation}"')
    search_index.install(conn)
    # A column's new type drops its planner statistics: without them the searches are planned blind.
    for table in sorted({t for t, _c, _n in COLUMNS}):
        op.execute(f"ANALYZE {table}")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    _collate("C")
    pg.install_order_keys(conn)
    pg.rebuild_order_keys(conn)
    op.execute("ANALYZE person_order_key")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from vcadre.store import pg

    pg.drop_triggers(conn, pg.ORDER_TRIGGER_NAMES)
    op.execute("DROP TABLE IF EXISTS person_order_key")
    op.execute("DROP FUNCTION IF EXISTS vcadre_person_order()")
    _collate("default")

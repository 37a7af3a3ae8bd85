"""talent: reserve-entry search keys in list order (reserve_search_key + triggers)

A name or pinyin search's first page of the 后备干部 list becomes an index range read of one key
that stops after a page, and its count a count of that key's index entries (see
``vcadre.store.search_index``). Derived, local data: built here from the live entries.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from vcadre.store import search_index

    op.create_table(
        'reserve_search_key',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('village_code', sa.String(length=12), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('entry_id', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('key', 'village_code', 'name', 'entry_id', name=op.f('pk_reserve_search_key')),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # PL/pgSQL triggers (store.pg)
        from vcadre.store import pg

        pg.install_entry_triggers(conn)
        search_index.rebuild_entries(conn)
        return
    search_index.rebuild_entries(conn)
    for sql in search_index.ENTRY_TRIGGERS:
        conn.exec_driver_sql(sql)


def downgrade() -> None:
    from vcadre.store import search_index

    if op.get_bind().dialect.name == "postgresql":
        from vcadre.store import pg

        pg.drop_triggers(op.get_bind(), search_index.ENTRY_TRIGGER_NAMES)
    else:
        for name in search_index.ENTRY_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.drop_table('reserve_search_key')

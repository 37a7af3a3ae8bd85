"""talent: person search index (person_search_key + triggers)

Revision ID: 0003
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from vcadre.store import search_index

    op.create_table(
        'person_search_key',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('key', 'person_id', name=op.f('pk_person_search_key')),
        sqlite_with_rowid=False,
    )
    op.create_index('ix_person_search_key_person', 'person_search_key', ['person_id'], unique=False)
    conn = op.get_bind()
    search_index.install_person_triggers(conn)
    search_index.rebuild(conn)


def downgrade() -> None:
    names = ('person_search_ai', 'person_search_au', 'person_search_ad')
    if op.get_bind().dialect.name == "postgresql":
        from vcadre.store import pg

        pg.drop_triggers(op.get_bind(), names)
    else:
        for name in names:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.drop_index('ix_person_search_key_person', table_name='person_search_key')
    op.drop_table('person_search_key')

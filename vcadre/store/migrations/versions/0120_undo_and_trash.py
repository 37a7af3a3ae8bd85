"""undo and recycle bin: the undo journal (undo_action) and partial indexes of tombstoned rows

``undo_action`` is local bookkeeping (never synced): which changes of the change log each user
action made, so it can be undone through the ORM (see ``vcadre.services.undo``). The partial
indexes (``WHERE deleted = 1``) let the recycle bin (回收站) list tombstoned rows without scanning
the tables; on a populated database they are built from the rows already tombstoned.

Revision ID: 0120
Revises: 0070
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0120'
down_revision = '0070'
branch_labels = None
depends_on = None

TRASH_TABLES = ('person', 'reserve_entry', 'assessment', 'village_post', 'one_shoulder_plan',
                'training_session', 'enrolment', 'dispatch', 'dispatch_month', 'visit',
                'rotation_batch')


def upgrade() -> None:
    op.create_table(
        'undo_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('direction', sa.String(length=8), nullable=False),
        sa.Column('tbl', sa.String(length=40), nullable=False),
        sa.Column('row_id', sa.String(length=36), nullable=False),
        sa.Column('op', sa.String(length=10), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('seqs', sa.Text(), nullable=False),
        sa.Column('undo_of', sa.Integer(), nullable=True),
        sa.Column('undone_by', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_undo_action')),
    )
    for table in TRASH_TABLES:
        op.create_index(f'ix_{table}_trash', table, ['updated_at'], unique=False,
                        sqlite_where=sa.text('deleted = 1'), postgresql_where=sa.text('deleted'))


def downgrade() -> None:
    for table in TRASH_TABLES:
        op.drop_index(f'ix_{table}_trash', table_name=table)
    op.drop_table('undo_action')

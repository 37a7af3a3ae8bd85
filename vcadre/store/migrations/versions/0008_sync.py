"""sync: change log, peers, imported packages, conflicts; person ID number no longer unique

Revision ID: 0008
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_change',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('origin_seq', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_change'))
    )
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.create_index('uq_sync_change_origin', ['origin', 'origin_seq'], unique=True)
        batch_op.create_index('ix_sync_change_row', ['row_id'], unique=False)

    op.create_table('sync_peer',
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('fingerprint', sa.String(length=80), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=True),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('received_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_sync_peer'))
    )
    op.create_table('sync_package',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('backup_path', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_package'))
    )
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('base', sa.Text(), nullable=True),
    sa.Column('winner', sa.Text(), nullable=True),
    sa.Column('winner_hlc', sa.String(length=24), nullable=False),
    sa.Column('winner_site', sa.String(length=36), nullable=False),
    sa.Column('loser', sa.Text(), nullable=True),
    sa.Column('loser_hlc', sa.String(length=24), nullable=False),
    sa.Column('loser_site', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflict_row', ['tbl', 'row_id', 'field', 'status'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('uq_person_id_number_live')
        batch_op.create_index('ix_person_id_number_live', ['id_number'], unique=False,
                              sqlite_where=sa.text('deleted = 0 AND id_number IS NOT NULL'), postgresql_where=sa.text('NOT deleted AND id_number IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_id_number_live')
        batch_op.create_index('uq_person_id_number_live', ['id_number'], unique=True,
                              sqlite_where=sa.text('deleted = 0 AND id_number IS NOT NULL'), postgresql_where=sa.text('NOT deleted AND id_number IS NOT NULL'))
    op.drop_table('sync_conflict')
    op.drop_table('sync_package')
    op.drop_table('sync_peer')
    op.drop_table('sync_change')

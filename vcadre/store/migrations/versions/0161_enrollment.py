"""enrollment by the root site: ``site.is_root`` (this database is the county that enrolls sites),
``sync_peer.enrolled`` (the site was enrolled by the root: by this database, or listed in the
root's roster) and ``sync_peer.is_root`` (the root this township joined). See docs/sync.md.

Revision ID: 0161
Revises: 0170
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0161'
down_revision = '0170'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_root', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('is_root', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_column('is_root')
        batch_op.drop_column('enrolled')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('is_root')

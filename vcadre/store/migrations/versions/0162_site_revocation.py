"""site revocation: ``sync_peer.revoked``, a site the root revoked (a lost laptop): its packages
are refused wherever the revocation has arrived (``sync.enroll``).

Revision ID: 0162
Revises: 0161
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0162'
down_revision = '0161'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_column('revoked')

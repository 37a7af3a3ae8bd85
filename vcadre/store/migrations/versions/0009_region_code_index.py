"""region code index for lists read in region order

Revision ID: 0009
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op

revision = '0009'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index('ix_region_code', ['code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index('ix_region_code')

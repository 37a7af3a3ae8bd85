"""encryption to recipients' keys: ``site.box_public``/``box_private`` (the site's X25519 key
pair) and ``sync_peer.box_key`` (a peer's X25519 public key): packages are encrypted to the sites
they are for, no shared passphrase needed (``sync.package``, docs/sync.md).

Revision ID: 0164
Revises: 0163
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0164'
down_revision = '0163'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('box_public', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('box_private', sa.LargeBinary(), nullable=True))
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('box_key', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_column('box_key')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('box_private')
        batch_op.drop_column('box_public')

"""site incarnations: a site's change numbers never repeat, and a copied database is recognised

``site.incarnation``: the local site's change numbers (``sync_change.seq`` and so the
``origin_seq`` of its own changes) are at least ``incarnation << 40``; a restored or rewound
database starts a new incarnation. ``site.bound_to``: the installation (user data dir) that owns
this site since its first export; ``site.copy_of``: set when this database was found to be a
copy of another site's database (it then has a new identity and must join before exporting).
``sync_peer.own_held``: what the peer says it holds of its own changes, per incarnation (JSON),
so a peer that lost some of its own changes (a restore) gets them back. See docs/sync.md.

Revision ID: 0160
Revises: 0130
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0160'
down_revision = '0130'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incarnation', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('bound_to', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('copy_of', sa.String(length=36), nullable=True))
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_held', sa.Text(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_column('own_held')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('copy_of')
        batch_op.drop_column('bound_to')
        batch_op.drop_column('incarnation')

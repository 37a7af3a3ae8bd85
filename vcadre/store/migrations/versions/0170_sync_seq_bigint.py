"""change numbers 64-bit on a server: a site's numbers start at ``incarnation << 40``

``sync_change.seq``/``origin_seq`` and ``sync_peer.acked_seq``/``received_seq`` hold change
numbers, which reach 2^40 and beyond once a site starts a new incarnation (``store.identity``).
SQLite's INTEGER is 64-bit already (and ``seq`` must stay its rowid); PostgreSQL's ``integer``
is 32-bit, so a server office could not take a restored laptop's changes: ``bigint`` there.

Revision ID: 0170
Revises: 0160
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0170'
down_revision = '0160'
branch_labels = None
depends_on = None

COLUMNS = (("sync_change", "seq"), ("sync_change", "origin_seq"),
           ("sync_peer", "acked_seq"), ("sync_peer", "received_seq"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())

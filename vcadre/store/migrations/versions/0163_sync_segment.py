"""origin-signed segments: ``sync_segment`` holds each origin site's signature over a run of its
own changes, kept and forwarded unchanged so a change's origin is proven also through relays
(``sync.segments``, docs/sync.md).

Revision ID: 0163
Revises: 0171
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0163'
down_revision = '0171'
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'sync_segment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('origin', sa.String(length=36), nullable=False),
        sa.Column('first_seq', SEQ, nullable=False),
        sa.Column('last_seq', SEQ, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_segment')),
    )
    op.create_index('uq_sync_segment', 'sync_segment', ['origin', 'first_seq', 'last_seq', 'sha256'],
                    unique=True)


def downgrade() -> None:
    op.drop_index('uq_sync_segment', table_name='sync_segment')
    op.drop_table('sync_segment')

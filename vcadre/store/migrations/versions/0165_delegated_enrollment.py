"""delegated enrollment: enrollment certificates (``sync.certs``). ``site.may_enroll``/``site.cert``:
the root allowed this site to enroll others, and the root's certificate saying so (sent with every
package so any site can check the chain root → delegate → new site). ``sync_peer.may_enroll``,
``enrolled_by`` (the site that enrolled it) and ``cert`` (the best signed certificate held for it:
its enrollment, or the root's revocation). See docs/sync.md.

Revision ID: 0165
Revises: 0164
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0165'
down_revision = '0164'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_enroll', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('cert', sa.Text(), nullable=True))
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_enroll', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('enrolled_by', sa.String(36), nullable=True))
        batch_op.add_column(sa.Column('cert', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_column('cert')
        batch_op.drop_column('enrolled_by')
        batch_op.drop_column('may_enroll')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('cert')
        batch_op.drop_column('may_enroll')

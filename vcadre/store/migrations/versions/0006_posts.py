"""one-shoulder plans (一肩挑推进计划)

Revision ID: 0006
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('one_shoulder_plan',
    sa.Column('village_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('candidate_id', sa.String(length=36), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['person.id'], name=op.f('fk_one_shoulder_plan_candidate_id_person')),
    sa.ForeignKeyConstraint(['village_id'], ['region.id'], name=op.f('fk_one_shoulder_plan_village_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_one_shoulder_plan'))
    )
    with op.batch_alter_table('one_shoulder_plan', schema=None) as batch_op:
        batch_op.create_index('uq_one_shoulder_plan_village_live', ['village_id'], unique=True,
                              sqlite_where=sa.text('deleted = 0'), postgresql_where=sa.text('NOT deleted'))


def downgrade() -> None:
    with op.batch_alter_table('one_shoulder_plan', schema=None) as batch_op:
        batch_op.drop_index('uq_one_shoulder_plan_village_live')
    op.drop_table('one_shoulder_plan')

"""documents: person photos, form details (.lrmx fields we did not hold), family members

Three synced tables (``SyncMixin`` columns): ``person_photo`` (2-inch ID photo as base64 JPEG),
``person_detail`` (出生地, 健康状况, 学位, 毕业院校, 简历, 奖惩 … one row per field) and
``family_member`` (家庭主要成员及重要社会关系). New tables only: an existing database keeps its rows.

Revision ID: 0060
Revises: 0010
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0060'
down_revision = '0010'
branch_labels = None
depends_on = None


def _sync_columns() -> list:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('hlc', sa.String(length=24), nullable=False),
        sa.Column('site_id', sa.String(length=36), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Boolean(), server_default=sa.false(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        'person_photo',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('jpeg_b64', sa.Text(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=120), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_photo_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_photo')),
    )
    op.create_index('ix_person_photo_person', 'person_photo', ['person_id', 'hlc'], unique=False)
    op.create_table(
        'person_detail',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_detail_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_detail')),
    )
    op.create_index('ix_person_detail_person', 'person_detail', ['person_id', 'field'], unique=False)
    op.create_table(
        'family_member',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('relation', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('birth', sa.String(length=10), nullable=True),
        sa.Column('political_status', sa.String(length=20), nullable=True),
        sa.Column('work', sa.String(length=200), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_family_member_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_family_member')),
    )
    op.create_index('ix_family_member_person', 'family_member', ['person_id', 'position'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_family_member_person', table_name='family_member')
    op.drop_table('family_member')
    op.drop_index('ix_person_detail_person', table_name='person_detail')
    op.drop_table('person_detail')
    op.drop_index('ix_person_photo_person', table_name='person_photo')
    op.drop_table('person_photo')

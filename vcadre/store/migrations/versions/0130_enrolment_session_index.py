"""index enrolment.session_id for the per-class counts

The partial unique index on (session_id, person_id) ``WHERE deleted = 0`` does not serve queries
written ``deleted IS 0`` (SQLAlchemy's ``is_(False)``), so the training list counted each
class's trainees by scanning the whole enrolment table: 0.4 s per page at county scale, on the
GUI thread.

Revision ID: 0130
Revises: 0120
Create Date: 2026-12-06
"""
from alembic import op


revision = '0130'
down_revision = '0120'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_enrolment_session', 'enrolment', ['session_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_enrolment_session', table_name='enrolment')

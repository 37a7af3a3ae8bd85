"""plain indexes: region code (lists in region order), and lookups by parent record

Partial unique indexes (WHERE deleted = 0) serve only queries that say "deleted = 0"; queries
written with SQLAlchemy's is_(False) say "deleted IS 0" and scanned whole tables (the yearly review
count took minutes at province scale).

Revision ID: 0009
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op

revision = '0009'
down_revision = '0003'
branch_labels = None
depends_on = None


INDEXES = [
    ('region', 'ix_region_code', ['code']),
    ('assessment', 'ix_assessment_entry', ['entry_id', 'year']),
    ('attendance', 'ix_attendance_enrolment', ['enrolment_id', 'day']),
    ('dispatch_month', 'ix_dispatch_month_dispatch', ['dispatch_id', 'month']),
]


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in INDEXES:
        op.drop_index(name, table_name=table)

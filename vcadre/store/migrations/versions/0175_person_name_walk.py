"""search box in a file: the persons in name order with what a walk tests (a covering index)

SQLite only (a server has ``ix_person_name_digits``, migration 0174, and reads its order keys):
a broad search in the search box walks the live persons in name order and tests each row
(``store.lite_search``). With ``ix_person_name`` alone every row walked was a lookup of the person
row (~15 µs); this index holds the name, id and every column the tests read, so the walk is an
index-only scan (``z``: 0.7 s → 50 ms at province scale) and the (name, id) order needs no sort of
equal names. About 50 MB at province scale (500,000 persons), 8 s to build.

Revision ID: 0175
Revises: 0174
Create Date: 2026-12-07
"""
from alembic import op


revision = '0175'
down_revision = '0174'
branch_labels = None
depends_on = None

INDEX = ("CREATE INDEX IF NOT EXISTS ix_person_name_walk ON person "
         "(name, id, deleted, name_initials, name_pinyin, id_number, phone)")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_person_name_walk")

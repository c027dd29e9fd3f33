"""search vectors: on PostgreSQL a stored, generated tsvector column of each contribution's
title and text with its GIN index, instead of an index over the expression that every search
recomputed per row; indexes for a round list's total and its kind and language filters
(issue 15)

Revision ID: 0015_search_vectors
Revises: 0014_jobs_and_storage
Create Date: 2026-12-03 16:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_search_vectors'
down_revision = '0014_jobs_and_storage'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_round_status')
        batch_op.create_index('ix_contributions_round_status_filters',
                              ['round_id', 'status', 'language', 'kind', 'author_id'],
                              unique=False)
        batch_op.create_index('ix_contributions_round_kind_language',
                              ['round_id', 'kind', 'language', 'created_at', 'id'],
                              unique=False)
    _search_vector_up()


def _search_vector_up():
    # The statements of app/core/search.py (which create_all runs in tests), written out here
    # so that this revision does not change when the code does.
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps its FTS5 table
    op.execute("ALTER TABLE contributions ADD COLUMN IF NOT EXISTS search_vector tsvector "
               "GENERATED ALWAYS AS (to_tsvector('german'::regconfig, "
               "coalesce(title, '') || ' ' || coalesce(body, ''))) STORED")
    op.execute("CREATE INDEX IF NOT EXISTS ix_contributions_search_vector ON contributions "
               "USING gin (search_vector)")
    op.execute("DROP INDEX IF EXISTS ix_contributions_fulltext")
    # The planner needs statistics of the new column before it chooses its index.
    op.execute("ANALYZE contributions")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_contributions_fulltext ON contributions "
                   "USING gin (to_tsvector('german', title || ' ' || body))")
        op.execute("DROP INDEX IF EXISTS ix_contributions_search_vector")
        op.execute("ALTER TABLE contributions DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_round_kind_language')
        batch_op.drop_index('ix_contributions_round_status_filters')
        batch_op.create_index('ix_contributions_round_status', ['round_id', 'status'],
                              unique=False)

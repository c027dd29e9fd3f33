"""topic counts: indexes that count a topic page's contributions and a round list filtered by
a field of action from the index alone (issue 15)

Revision ID: 0017_topic_counts
Revises: 0016_page_generation
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_topic_counts'
down_revision = '0016_page_generation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index('ix_contributions_topic_status_filters',
                              ['topic_id', 'status', 'round_id', 'kind', 'language',
                               'author_id'], unique=False)
        batch_op.create_index('ix_contributions_round_topic_filters',
                              ['round_id', 'topic_id', 'kind', 'status', 'language',
                               'author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_round_topic_filters')
        batch_op.drop_index('ix_contributions_topic_status_filters')

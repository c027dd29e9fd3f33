"""page performance: support and comment counters kept on each contribution (backfilled),
indexes in the order of each list's filter and sort (issue 15)

Revision ID: 0012_page_performance
Revises: 0011_participation_report
Create Date: 2026-12-02 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_page_performance'
down_revision = '0011_participation_report'
branch_labels = None
depends_on = None

INDEXES = (
    ('contributions', 'ix_contributions_round_created', ['round_id', 'created_at', 'id']),
    ('contributions', 'ix_contributions_round_supports',
     ['round_id', 'support_count', 'created_at']),
    ('contributions', 'ix_contributions_round_comments',
     ['round_id', 'comment_count', 'created_at']),
    ('contributions', 'ix_contributions_topic_created', ['topic_id', 'created_at', 'id']),
    ('contributions', 'ix_contributions_author_created', ['author_id', 'created_at', 'id']),
    ('contributions', 'ix_contributions_status_hidden', ['status', 'hidden_at']),
    ('contributions', 'ix_contributions_topic_status_outcome', ['topic_id', 'status', 'outcome']),
    ('contributions', 'ix_contributions_item_kind_status', ['item_id', 'kind', 'status']),
    ('contributions', 'ix_contributions_round_status', ['round_id', 'status']),
    ('contribution_themes', 'ix_contribution_themes_topic', ['topic_id', 'contribution_id']),
    ('comments', 'ix_comments_status_hidden', ['status', 'hidden_at']),
    ('comments', 'ix_comments_contribution_created', ['contribution_id', 'created_at']),
    ('flags', 'ix_flags_status_created', ['status', 'created_at']),
)


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_count', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('comment_count', sa.Integer(), server_default='0',
                                      nullable=False))
    # The counters as the use cases keep them from now on: all supports, published comments.
    op.execute('UPDATE contributions SET '
               'support_count = (SELECT count(*) FROM supports '
               'WHERE supports.contribution_id = contributions.id), '
               "comment_count = (SELECT count(*) FROM comments "
               "WHERE comments.contribution_id = contributions.id "
               "AND comments.status = 'published')")
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_column('comment_count')
        batch_op.drop_column('support_count')

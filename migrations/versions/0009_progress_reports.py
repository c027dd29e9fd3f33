"""yearly progress reports: frozen snapshots of measures, roll-up and entries

Revision ID: 0009_progress_reports
Revises: 0008_implementation
Create Date: 2026-12-02 15:20:50.300760

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_progress_reports'
down_revision = '0008_implementation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('progress_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('intro_html', sa.Text(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('measures', sa.Integer(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['concept_id'], ['concepts.id'], name=op.f('fk_progress_reports_concept_id_concepts')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_progress_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['previous_id'], ['progress_reports.id'], name=op.f('fk_progress_reports_previous_id_progress_reports')),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_progress_reports_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_reports')),
    sa.UniqueConstraint('concept_id', 'period_start', 'period_end', name=op.f('uq_progress_reports_concept_id'))
    )
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_reports_concept_id'), ['concept_id'], unique=False)

    op.create_table('progress_report_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('sub_goal_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=300), nullable=False),
    sa.Column('organisations', sa.Text(), nullable=False),
    sa.Column('status_code', sa.String(length=40), nullable=False),
    sa.Column('status_name', sa.String(length=80), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('counts_in_rollup', sa.Boolean(), nullable=False),
    sa.Column('in_concept', sa.Boolean(), nullable=False),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('last_entry_on', sa.Date(), nullable=True),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_progress_report_measures_item_id_items')),
    sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'], name=op.f('fk_progress_report_measures_report_id_progress_reports')),
    sa.ForeignKeyConstraint(['sub_goal_item_id'], ['items.id'], name=op.f('fk_progress_report_measures_sub_goal_item_id_items')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_progress_report_measures_topic_id_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_measures')),
    sa.UniqueConstraint('report_id', 'item_id', name=op.f('uq_progress_report_measures_report_id'))
    )
    with op.batch_alter_table('progress_report_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_measures_report_id'), ['report_id'], unique=False)

    op.create_table('progress_report_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('measures', sa.Integer(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('tagged_percent', sa.Integer(), nullable=True),
    sa.Column('tagged_measures', sa.Integer(), nullable=False),
    sa.Column('sub_goals', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'], name=op.f('fk_progress_report_topics_report_id_progress_reports')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_progress_report_topics_topic_id_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_topics'))
    )
    with op.batch_alter_table('progress_report_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_topics_report_id'), ['report_id'], unique=False)

    op.create_table('progress_report_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('status_code', sa.String(length=40), nullable=True),
    sa.Column('status_name', sa.String(length=80), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_progress_report_entries_author_id_users')),
    sa.ForeignKeyConstraint(['entry_id'], ['progress_entries.id'], name=op.f('fk_progress_report_entries_entry_id_progress_entries')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_progress_report_entries_item_id_items')),
    sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'], name=op.f('fk_progress_report_entries_report_id_progress_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_entries'))
    )
    with op.batch_alter_table('progress_report_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_entries_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('progress_report_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_entries_report_id'))

    op.drop_table('progress_report_entries')
    with op.batch_alter_table('progress_report_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_topics_report_id'))

    op.drop_table('progress_report_topics')
    with op.batch_alter_table('progress_report_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_measures_report_id'))

    op.drop_table('progress_report_measures')
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_reports_concept_id'))

    op.drop_table('progress_reports')

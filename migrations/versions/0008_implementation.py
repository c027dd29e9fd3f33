"""implementation records, progress entries, statuses, followers, notification opt-outs

Revision ID: 0008_implementation
Revises: 0007_notification_targets
Create Date: 2026-12-02 10:13:46.036039

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_implementation'
down_revision = '0007_notification_targets'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('implementation_statuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('default_progress', sa.Integer(), nullable=False),
    sa.Column('counts_in_rollup', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_implementation_statuses')),
    sa.UniqueConstraint('code', name=op.f('uq_implementation_statuses_code'))
    )
    # The default status list (staff may rename, re-weigh and add to it).
    statuses = sa.table('implementation_statuses', sa.column('code', sa.String),
                        sa.column('name', sa.String), sa.column('default_progress', sa.Integer),
                        sa.column('counts_in_rollup', sa.Boolean),
                        sa.column('position', sa.Integer), sa.column('lock_version', sa.Integer))
    op.bulk_insert(statuses, [
        {'code': code, 'name': name, 'default_progress': progress, 'counts_in_rollup': counts,
         'position': position, 'lock_version': 1}
        for position, (code, name, progress, counts) in enumerate([
            ('planned', 'geplant', 0, True), ('in_progress', 'in Umsetzung', 50, True),
            ('done', 'umgesetzt', 100, True), ('paused', 'pausiert', 25, True),
            ('dropped', 'aufgegeben', 0, False)], start=1)])
    op.create_table('notification_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_opt_outs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_opt_outs')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_opt_outs_user_id'))
    )
    with op.batch_alter_table('notification_opt_outs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_opt_outs_user_id'), ['user_id'], unique=False)

    op.create_table('implementation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('status_id', sa.Integer(), nullable=False),
    sa.Column('progress_override', sa.Integer(), nullable=True),
    sa.Column('responsible', sa.String(length=300), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('last_entry_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_implementation_records_item_id_items')),
    sa.ForeignKeyConstraint(['status_id'], ['implementation_statuses.id'], name=op.f('fk_implementation_records_status_id_implementation_statuses')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_implementation_records_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_implementation_records')),
    sa.UniqueConstraint('item_id', name=op.f('uq_implementation_records_item_id'))
    )
    with op.batch_alter_table('implementation_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_implementation_records_last_entry_on'), ['last_entry_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_implementation_records_status_id'), ['status_id'], unique=False)

    op.create_table('measure_followers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_measure_followers_item_id_items')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_followers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_followers')),
    sa.UniqueConstraint('item_id', 'user_id', name=op.f('uq_measure_followers_item_id'))
    )
    with op.batch_alter_table('measure_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_followers_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_followers_user_id'), ['user_id'], unique=False)

    op.create_table('implementation_record_organisations',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_implementation_record_organisations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['implementation_records.id'], name=op.f('fk_implementation_record_organisations_record_id_implementation_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'organisation_id', name=op.f('pk_implementation_record_organisations'))
    )
    op.create_table('progress_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('previous_status_id', sa.Integer(), nullable=True),
    sa.Column('status_id', sa.Integer(), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_progress_entries_author_id_users')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], name=op.f('fk_progress_entries_hidden_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_progress_entries_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['previous_status_id'], ['implementation_statuses.id'], name=op.f('fk_progress_entries_previous_status_id_implementation_statuses')),
    sa.ForeignKeyConstraint(['record_id'], ['implementation_records.id'], name=op.f('fk_progress_entries_record_id_implementation_records')),
    sa.ForeignKeyConstraint(['status_id'], ['implementation_statuses.id'], name=op.f('fk_progress_entries_status_id_implementation_statuses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entries'))
    )
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_entries_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_entries_record_id'), ['record_id'], unique=False)

    op.create_table('progress_entry_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['progress_entries.id'], name=op.f('fk_progress_entry_revisions_entry_id_progress_entries')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_progress_entry_revisions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entry_revisions'))
    )
    with op.batch_alter_table('progress_entry_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_entry_revisions_entry_id'), ['entry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('progress_entry_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_entry_revisions_entry_id'))

    op.drop_table('progress_entry_revisions')
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_entries_record_id'))
        batch_op.drop_index(batch_op.f('ix_progress_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_progress_entries_author_id'))

    op.drop_table('progress_entries')
    op.drop_table('implementation_record_organisations')
    with op.batch_alter_table('measure_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_followers_user_id'))
        batch_op.drop_index(batch_op.f('ix_measure_followers_item_id'))

    op.drop_table('measure_followers')
    with op.batch_alter_table('implementation_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_implementation_records_status_id'))
        batch_op.drop_index(batch_op.f('ix_implementation_records_last_entry_on'))

    op.drop_table('implementation_records')
    with op.batch_alter_table('notification_opt_outs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_opt_outs_user_id'))

    op.drop_table('notification_opt_outs')
    op.drop_table('implementation_statuses')

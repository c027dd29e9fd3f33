"""participation report: the group and page language kept with each contribution, comment
and support; the staff's introduction above the report

Revision ID: 0011_participation_report
Revises: 0010_conference_rounds
Create Date: 2026-12-02 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_participation_report'
down_revision = '0010_conference_rounds'
branch_labels = None
depends_on = None

TABLES = (('contributions', 'author_id'), ('comments', 'author_id'), ('supports', 'user_id'))


def upgrade():
    for table, _person in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('participant_group', sa.String(length=30),
                                          nullable=True))
            batch_op.add_column(sa.Column('ui_language', sa.String(length=8), nullable=True))
    # What took part before this migration: the best that is known now is the profile (the
    # group as stated today) and, for cards, the group written on the card.
    for table, person in TABLES:
        op.execute(f'UPDATE {table} SET '
                   f'participant_group = (SELECT "group" FROM users WHERE users.id = {person}), '
                   f'ui_language = (SELECT language FROM users WHERE users.id = {person}) '
                   f'WHERE {person} IS NOT NULL')
    op.execute('UPDATE contributions SET participant_group = credited_group '
               'WHERE author_id IS NULL AND credited_group IS NOT NULL')
    op.create_table(
        'participation_introductions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('concept_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['concept_id'], ['concepts.id'],
                                name=op.f('fk_participation_introductions_concept_id_concepts')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_participation_introductions_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_introductions')),
        sa.UniqueConstraint('concept_id', name=op.f('uq_participation_introductions_concept_id')),
    )


def downgrade():
    op.drop_table('participation_introductions')
    for table, _person in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('ui_language')
            batch_op.drop_column('participant_group')

"""conference rounds: a round opened on an adoption (rounds.adoption_id)

Revision ID: 0010_conference_rounds
Revises: 0008_implementation
Create Date: 2026-12-02 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_conference_rounds'
down_revision = '0009_progress_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adoption_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_rounds_adoption_id'), ['adoption_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_rounds_adoption_id_adoptions'), 'adoptions',
                                    ['adoption_id'], ['id'])


def downgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rounds_adoption_id_adoptions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_rounds_adoption_id'))
        batch_op.drop_column('adoption_id')

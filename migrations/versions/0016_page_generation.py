"""page generation: a counter every writing transaction raises, so that public pages kept for
anonymous readers are rendered anew after any change (issue 15, app/core/pagecache.py)

Revision ID: 0016_page_generation
Revises: 0015_search_vectors
Create Date: 2026-12-03 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_page_generation'
down_revision = '0015_search_vectors'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'page_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_generation')),
    )


def downgrade():
    op.drop_table('page_generation')

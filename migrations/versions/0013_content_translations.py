"""content translations: staff-written texts (topic names, round titles, chapter titles, the
timeline, reason templates, events, stations, the introduction) in further languages, one
generic table so that a new language needs no schema change (issue 16)

Revision ID: 0013_content_translations
Revises: 0012_page_performance
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_content_translations'
down_revision = '0012_page_performance'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translations')),
        sa.UniqueConstraint('object_type', 'object_id', 'field', 'language',
                            name=op.f('uq_content_translations_object_type')),
    )


def downgrade():
    op.drop_table('content_translations')

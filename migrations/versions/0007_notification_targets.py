"""notification targets: a route and its parameters instead of a stored path

Revision ID: 0007_notification_targets
Revises: 0006_trust
Create Date: 2026-12-02 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_notification_targets'
down_revision = '0006_trust'
branch_labels = None
depends_on = None


def upgrade():
    # Rows stored before keep their path in `link`; new rows name a route, built into a URL
    # with the configured base URL when shown or mailed.
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('endpoint', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('endpoint_args', sa.JSON(), nullable=False,
                                      server_default='{}'))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('endpoint_args')
        batch_op.drop_column('endpoint')

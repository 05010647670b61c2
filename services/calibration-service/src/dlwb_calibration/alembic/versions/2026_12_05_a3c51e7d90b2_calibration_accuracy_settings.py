"""calibration accuracy settings: the pre-processing and adapter a calibration ran with, and their source

Revision ID: a3c51e7d90b2
Revises: 563f07080fc8
Create Date: 2026-12-05 12:50:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = 'a3c51e7d90b2'
down_revision = '563f07080fc8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calibrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accuracy_settings', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('calibrations', schema=None) as batch_op:
        batch_op.drop_column('accuracy_settings')

"""runs: an optional queue timeout per run

Revision ID: 3c7e1a9b4d20
Revises: 3d9b2f6a1c84
Create Date: 2026-12-05 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3c7e1a9b4d20'
down_revision = '3d9b2f6a1c84'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('queue_timeout_seconds', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('queue_timeout_seconds')

"""project variant label

Revision ID: 3d9b2f6a1c84
Revises: 5b0c2e9d7a41
Create Date: 2026-12-05 12:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3d9b2f6a1c84'
down_revision = '5b0c2e9d7a41'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the project's IR named by its weights ("INT8" for an INT8 child's FP32 folder), from the model-service
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('variant_label', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('variant_label')

"""variant weight precision

Revision ID: a7c3e1f2b9d4
Revises: cfba417dacb5
Create Date: 2026-12-05 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e1f2b9d4'
down_revision = 'cfba417dacb5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # what each IR's weights are stored as, read from the IR at conversion (NULL: converted before this)
    with op.batch_alter_table('model_variants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weight_precision', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('model_variants', schema=None) as batch_op:
        batch_op.drop_column('weight_precision')

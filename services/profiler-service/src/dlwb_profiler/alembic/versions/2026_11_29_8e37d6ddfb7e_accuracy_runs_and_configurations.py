"""accuracy runs and configurations

Revision ID: 8e37d6ddfb7e
Revises: 60d9ab33c53d
Create Date: 2026-11-29 01:05:07.342948
"""
from alembic import op
import sqlalchemy as sa


revision = '8e37d6ddfb7e'
down_revision = '60d9ab33c53d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('benchmarks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accuracy_config', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('accuracy', sa.JSON(), nullable=True))

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accuracy_config', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('accuracy_config')

    with op.batch_alter_table('benchmarks', schema=None) as batch_op:
        batch_op.drop_column('accuracy')
        batch_op.drop_column('accuracy_config')


"""model lineage and origin

Revision ID: c06daf881cee
Revises: 550ce104e03e
Create Date: 2026-11-29 00:27:08.391252
"""
from alembic import op
import sqlalchemy as sa


revision = 'c06daf881cee'
down_revision = '550ce104e03e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('models', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='upload', nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('omz_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('omz_precision', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_models_parent_id'), ['parent_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_models_parent_id'))
        batch_op.drop_column('omz_precision')
        batch_op.drop_column('omz_name')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('origin')


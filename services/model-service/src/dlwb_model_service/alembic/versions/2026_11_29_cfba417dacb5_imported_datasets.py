"""imported datasets

Revision ID: cfba417dacb5
Revises: c06daf881cee
Create Date: 2026-11-29 01:00:37.360632
"""
from alembic import op
import sqlalchemy as sa


revision = 'cfba417dacb5'
down_revision = 'c06daf881cee'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('format', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('task', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('classes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('histogram', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('report', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('archive_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('archive_size', sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f('ix_datasets_archive_sha256'), ['archive_sha256'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_datasets_archive_sha256'))
        batch_op.drop_column('archive_size')
        batch_op.drop_column('archive_sha256')
        batch_op.drop_column('source_sha256')
        batch_op.drop_column('report')
        batch_op.drop_column('histogram')
        batch_op.drop_column('classes')
        batch_op.drop_column('task')
        batch_op.drop_column('format')


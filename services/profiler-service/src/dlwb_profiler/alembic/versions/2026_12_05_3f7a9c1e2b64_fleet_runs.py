"""fleet runs: one benchmark configuration on several targets

Revision ID: 3f7a9c1e2b64
Revises: 3c7e1a9b4d20
Create Date: 2026-12-05 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3f7a9c1e2b64'
down_revision = '3c7e1a9b4d20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fleet_runs',
                    sa.Column('id', sa.String(length=64), nullable=False),
                    sa.Column('name', sa.String(length=200), nullable=False),
                    sa.Column('model_id', sa.String(length=64), nullable=False),
                    sa.Column('precision', sa.String(length=8), nullable=False),
                    sa.Column('dataset_id', sa.String(length=64), nullable=False),
                    sa.Column('settings', sa.JSON(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_fleet_runs_created_at'), 'fleet_runs', ['created_at'], unique=False)
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fleet_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_runs_fleet_id'), ['fleet_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_runs_fleet_id'))
        batch_op.drop_column('fleet_id')
    op.drop_index(op.f('ix_fleet_runs_created_at'), table_name='fleet_runs')
    op.drop_table('fleet_runs')

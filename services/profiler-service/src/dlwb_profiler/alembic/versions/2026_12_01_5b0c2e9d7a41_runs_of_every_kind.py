"""runs of every kind: table benchmarks -> runs, layers -> layer_profile, errors as {code, message}

Revision ID: 5b0c2e9d7a41
Revises: 8e37d6ddfb7e
Create Date: 2026-12-01 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '5b0c2e9d7a41'
down_revision = '8e37d6ddfb7e'
branch_labels = None
depends_on = None


def rewrite_sweep_errors(to_new: bool) -> None:
    """Stored sweep points: ``error_code``/``error_message`` <-> ``error: {code, message}``."""
    runs = sa.table('runs', sa.column('id', sa.String), sa.column('sweep', sa.JSON))
    bind = op.get_bind()
    for run_id, sweep in bind.execute(sa.select(runs.c.id, runs.c.sweep).where(runs.c.sweep.isnot(None))).all():
        if not sweep:
            continue
        results = []
        for point in sweep.get('results', []):
            point = dict(point)
            if to_new:
                code, message = point.pop('error_code', None), point.pop('error_message', None)
                point['error'] = {'code': code, 'message': message or ''} if code else None
            else:
                error = point.pop('error', None) or {}
                point['error_code'], point['error_message'] = error.get('code'), error.get('message')
            results.append(point)
        bind.execute(runs.update().where(runs.c.id == run_id).values(sweep={**sweep, 'results': results}))


def upgrade() -> None:
    op.rename_table('benchmarks', 'runs')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.alter_column('layers', new_column_name='layer_profile', existing_type=sa.JSON(),
                              existing_nullable=True)
        batch_op.drop_index('ix_benchmarks_project_id')
        batch_op.create_index(batch_op.f('ix_runs_project_id'), ['project_id'], unique=False)
    op.execute("UPDATE runs SET task = 'layer_profile' WHERE task = 'layers'")
    rewrite_sweep_errors(to_new=True)


def downgrade() -> None:
    rewrite_sweep_errors(to_new=False)
    op.execute("UPDATE runs SET task = 'layers' WHERE task = 'layer_profile'")
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_runs_project_id'))
        batch_op.create_index('ix_benchmarks_project_id', ['project_id'], unique=False)
        batch_op.alter_column('layer_profile', new_column_name='layers', existing_type=sa.JSON(),
                              existing_nullable=True)
    op.rename_table('runs', 'benchmarks')

"""Datasets. Today: generated random inputs, described by a seed and a count."""

from __future__ import annotations

from sqlalchemy import func, select

from dlwb_common.api.datasets import DatasetCreate, DatasetPublic, DatasetsPublic
from dlwb_common.errors import NotFoundError
from dlwb_common.ids import new_id
from dlwb_model_service.context import Context
from dlwb_model_service.orm import DatasetRow


def create(ctx: Context, *, dataset_in: DatasetCreate) -> DatasetPublic:
    with ctx.db.session() as session:
        row = DatasetRow(id=new_id("ds"), **dataset_in.model_dump())
        session.add(row)
        session.flush()
        return DatasetPublic.model_validate(row)


def get(ctx: Context, dataset_id: str) -> DatasetPublic:
    with ctx.db.session() as session:
        row = session.get(DatasetRow, dataset_id)
        if row is None:
            raise NotFoundError(f"dataset {dataset_id} not found", code="dataset.not_found")
        return DatasetPublic.model_validate(row)


def get_all(ctx: Context, *, skip: int = 0, limit: int = 100) -> DatasetsPublic:
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(DatasetRow)) or 0
        rows = session.scalars(select(DatasetRow).order_by(DatasetRow.created_at.desc()).offset(skip).limit(limit))
        return DatasetsPublic(data=[DatasetPublic.model_validate(r) for r in rows], count=count)

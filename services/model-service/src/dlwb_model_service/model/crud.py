"""Model rows: read, list, rename, and the IR files and graph of a converted model."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from dlwb_common.api.models import ModelGraph, ModelPublic, ModelsPublic, ModelStatus, ModelUpdate, Origin, Precision
from dlwb_common.errors import NotFoundError
from dlwb_common.precision import precision_lineage, variant_label
from dlwb_model_service.context import Context
from dlwb_model_service.orm import ModelRow, VariantRow


def primary_variant(row: ModelRow) -> VariantRow | None:
    """The FP32 folder's IR (what projects use by default), else the only one."""
    return next((v for v in row.variants if v.precision == "FP32"), row.variants[0] if row.variants else None)


def weight_precision(row: ModelRow | None) -> str | None:
    variant = primary_variant(row) if row is not None else None
    return variant.weight_precision if variant is not None else None


def lineage_of(row: ModelRow) -> str | None:
    session = object_session(row)
    parent = session.get(ModelRow, row.parent_id) if row.parent_id and session is not None else None
    return precision_lineage(weight_precision(row), weight_precision(parent))


def to_public(row: ModelRow) -> ModelPublic:
    return ModelPublic(
        id=row.id, name=row.name, framework=row.framework, source_filename=row.source_filename,
        source_sha256=row.source_sha256, source_size=row.source_size, status=ModelStatus(row.status),
        conversion_job_id=row.conversion_job_id, inputs=row.inputs or [], outputs=row.outputs or [],
        analysis=row.analysis, task=row.task, conversion_settings=row.conversion_settings,
        origin=Origin(row.origin or "upload"), parent_id=row.parent_id, omz_name=row.omz_name,
        variants=[{"precision": v.precision, "weight_precision": v.weight_precision,
                   "label": variant_label(v.precision, v.weight_precision), "xml_sha256": v.xml_sha256,
                   "bin_sha256": v.bin_sha256, "size_bytes": v.xml_size + v.bin_size} for v in row.variants],
        weight_precision=weight_precision(row), precision_lineage=lineage_of(row), created_at=row.created_at)


def get_row(session: Session, model_id: str) -> ModelRow:
    row = session.get(ModelRow, model_id)
    if row is None:
        raise NotFoundError(f"model {model_id} not found", code="model.not_found")
    return row


def get(ctx: Context, model_id: str) -> ModelPublic:
    with ctx.db.session() as session:
        return to_public(get_row(session, model_id))


def get_all(ctx: Context, *, skip: int = 0, limit: int = 100) -> ModelsPublic:
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(ModelRow)) or 0
        rows = session.scalars(select(ModelRow).order_by(ModelRow.created_at.desc()).offset(skip).limit(limit))
        return ModelsPublic(data=[to_public(row) for row in rows], count=count)


def update(ctx: Context, model_id: str, *, model_in: ModelUpdate) -> ModelPublic:
    with ctx.db.session() as session:
        row = get_row(session, model_id)
        for key, value in model_in.model_dump(exclude_unset=True).items():
            setattr(row, key, value.value if hasattr(value, "value") else value)
        session.flush()
        return to_public(row)


def graph(ctx: Context, model_id: str, precision: Precision) -> ModelGraph:
    model = get(ctx, model_id)
    if not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} IR", code="model.no_ir")
    path = ctx.settings.files_dir / model_id / "ir" / precision.value / "graph.json"
    if not path.exists():
        raise NotFoundError(f"model {model_id} has no graph (convert it again)", code="model.no_graph")
    base = f"/api/v1/models/{model_id}/ir/{precision.value}"
    return ModelGraph(precision=precision, xml_url=f"{base}/model.xml", bin_url=f"{base}/model.bin",
                      **json.loads(path.read_text()))


def ir_file(ctx: Context, model_id: str, precision: Precision, filename: str) -> Path:
    model = get(ctx, model_id)
    if filename not in ("model.xml", "model.bin") or not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} {filename}", code="model.no_ir")
    return ctx.settings.files_dir / model_id / "ir" / precision.value / filename

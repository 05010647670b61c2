"""Models made from models: derived (new conversion settings), INT8 children another service registers,
and the family tree."""

from __future__ import annotations

import asyncio
import logging
import shutil

from sqlalchemy import func, select

from dlwb_common.api.models import LineageEntry, ModelDerive, ModelLineage, ModelPublic, ModelStatus, Origin
from dlwb_common.errors import ConflictError
from dlwb_common.ids import new_id
from dlwb_common.messages.models import DiscardChildReply, DiscardChildRequest, RegisterChildReply, RegisterChildRequest
from dlwb_engine.artifacts import ArtifactCache
from dlwb_model_service.context import Context
from dlwb_model_service.model.conversion_jobs import add_and_enqueue, check_inputs
from dlwb_model_service.model.convert_process import check_in_child
from dlwb_model_service.model.crud import get_row, weight_precision
from dlwb_model_service.orm import ModelRow

log = logging.getLogger(__name__)


async def derive(ctx: Context, model_id: str, model_in: ModelDerive) -> ModelPublic:
    """A child model converted from this model's FP32 IR (or its only IR) with new settings, e.g. a reshape."""
    with ctx.db.session() as session:
        parent = get_row(session, model_id)
        if parent.status != ModelStatus.ready.value or not parent.variants:
            raise ConflictError(f"model {model_id} is not ready (status {parent.status})", code="model.not_ready")
        check_inputs(parent, model_in.settings)
        variant = next((v for v in parent.variants if v.precision == "FP32"), parent.variants[0])
        parent_ir = ctx.settings.files_dir / parent.id / "ir" / variant.precision
        name = model_in.name or f"{parent.name} (derived)"
        parent_task, digest, size = parent.task, variant.xml_sha256, variant.xml_size + variant.bin_size
    child_id = new_id("mdl")
    sources = ctx.settings.files_dir / child_id / "source"
    try:
        sources.mkdir(parents=True)
        for file in ("model.xml", "model.bin"):
            shutil.copyfile(parent_ir / file, sources / file)
        row = ModelRow(id=child_id, name=name[:200], framework="openvino", source_filename="model.xml",
                       source_entry="model.xml", source_sha256=digest, source_size=size,
                       status=ModelStatus.converting.value, inputs=[], outputs=[], task=parent_task,
                       conversion_settings=model_in.settings.model_dump(mode="json", exclude_defaults=True),
                       origin=Origin.derived.value, parent_id=model_id)
        return await add_and_enqueue(ctx, row)
    except BaseException:
        shutil.rmtree(sources.parent, ignore_errors=True)
        raise


async def register_child(ctx: Context, request: RegisterChildRequest) -> RegisterChildReply:
    """A child IR made by another service (INT8 calibration): fetched, checked, converted like any IR."""
    with ctx.db.session() as session:
        parent = get_row(session, request.parent_id)
        parent_task = parent.task
    child_id = new_id("mdl")
    sources = ctx.settings.files_dir / child_id / "source"
    incoming = sources.parent / "incoming"
    headers = {"authorization": f"Bearer {ctx.settings.resolved_internal_token()}"}
    try:
        fetched = await asyncio.to_thread(ArtifactCache(incoming).fetch_all, [request.model_xml, request.model_bin],
                                          headers)
        sources.mkdir()
        for path, name in zip(fetched, ("model.xml", "model.bin"), strict=True):
            path.rename(sources / name)
        incoming.rmdir()
        await check_in_child(sources / "model.xml", "openvino")
        row = ModelRow(id=child_id, name=request.name[:200], framework="openvino", source_filename="model.xml",
                       source_entry="model.xml", source_sha256=request.model_xml.sha256,
                       source_size=request.model_xml.size + request.model_bin.size,
                       status=ModelStatus.converting.value, inputs=[], outputs=[], task=parent_task,
                       conversion_settings={}, origin=Origin(request.origin).value, parent_id=request.parent_id)
        public = await add_and_enqueue(ctx, row)
    except BaseException:
        shutil.rmtree(sources.parent, ignore_errors=True)
        raise
    assert public.conversion_job_id is not None
    return RegisterChildReply(model_id=child_id, job_id=public.conversion_job_id)


def discard_child(ctx: Context, request: DiscardChildRequest) -> DiscardChildReply:
    """Delete an INT8 child another service registered and then abandoned (its row, IR and log)."""
    with ctx.db.session() as session:
        row = session.get(ModelRow, request.model_id)
        if row is None:
            return DiscardChildReply(discarded=False)
        if row.origin != Origin.int8.value:
            raise ConflictError(f"model {request.model_id} is not a calibration's child", code="model.not_a_child")
        if session.scalar(select(func.count()).select_from(ModelRow).where(ModelRow.parent_id == row.id)):
            raise ConflictError(f"model {request.model_id} has children of its own", code="model.has_children")
        session.delete(row)
    shutil.rmtree(ctx.settings.files_dir / request.model_id, ignore_errors=True)
    log.info("discarded child model %s: %s", request.model_id, request.reason)
    return DiscardChildReply(discarded=True)


def entry_of(row: ModelRow) -> LineageEntry:
    return LineageEntry(id=row.id, name=row.name, origin=Origin(row.origin), status=ModelStatus(row.status),
                        parent_id=row.parent_id, weight_precision=weight_precision(row))


def lineage(ctx: Context, model_id: str) -> ModelLineage:
    with ctx.db.session() as session:
        row = get_row(session, model_id)
        ancestors: list[LineageEntry] = []
        seen = {row.id}
        parent_id = row.parent_id
        while parent_id and parent_id not in seen:
            parent = session.get(ModelRow, parent_id)
            if parent is None:
                break
            seen.add(parent.id)
            ancestors.insert(0, entry_of(parent))
            parent_id = parent.parent_id
        descendants: list[LineageEntry] = []
        frontier = [row.id]
        while frontier:
            children = session.scalars(select(ModelRow).where(ModelRow.parent_id.in_(frontier))
                                       .order_by(ModelRow.created_at)).all()
            children = [child for child in children if child.id not in seen]
            seen.update(child.id for child in children)
            descendants += [entry_of(child) for child in children]
            frontier = [child.id for child in children]
        return ModelLineage(ancestors=ancestors, model=entry_of(row), descendants=descendants)

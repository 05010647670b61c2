from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse
from starlette.background import BackgroundTask

from dlwb_common.api.accuracy import OutputDistancePublic, OutputDistanceRequest, Prediction
from dlwb_common.api.models import (
    ConversionSettings,
    ModelDerive,
    ModelGraph,
    ModelImport,
    ModelLineage,
    ModelPublic,
    ModelsPublic,
    ModelUpdate,
    Precision,
)
from dlwb_model_service.artifacts import service as artifacts
from dlwb_model_service.context import ContextDep
from dlwb_model_service.model import conversion_jobs, crud, imports, inference, lineage

router = APIRouter(prefix="/api/v1/models", tags=["models"])


@router.post("", response_model=ModelPublic, status_code=202)
async def create_model(request: Request, ctx: ContextDep, filename: str = Query(min_length=1, max_length=255),
                       name: str = Query(default="", max_length=200)) -> ModelPublic:
    """Receive the raw model file as the request body, streamed to disk."""
    return await imports.create(ctx, filename=filename, name=name, chunks=request.stream())


@router.post("/imports", response_model=ModelPublic, status_code=202)
async def import_model(model_in: ModelImport, ctx: ContextDep) -> ModelPublic:
    """Make a model of finished resumable uploads (one file, an archive, or a multi-file model)."""
    return await imports.create_from_uploads(ctx, model_in)


@router.get("", response_model=ModelsPublic)
def read_models(ctx: ContextDep, skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> ModelsPublic:
    return crud.get_all(ctx, skip=skip, limit=limit)


@router.get("/{model_id}", response_model=ModelPublic)
def read_model(model_id: str, ctx: ContextDep) -> ModelPublic:
    return crud.get(ctx, model_id)


@router.patch("/{model_id}", response_model=ModelPublic)
def update_model(model_id: str, model_in: ModelUpdate, ctx: ContextDep) -> ModelPublic:
    return crud.update(ctx, model_id, model_in=model_in)


@router.get("/{model_id}/ir/{precision}", response_class=FileResponse,
            responses={200: {"content": {"application/zip": {}}, "description": "the IR as a zip"}})
def download_ir(model_id: str, precision: Precision, ctx: ContextDep) -> FileResponse:
    """The IR (.xml and .bin) of one precision as a zip archive."""
    path, filename = artifacts.ir_archive(ctx, model_id, precision.value)
    return FileResponse(path, media_type="application/zip", filename=filename,
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.post("/{model_id}/conversions", response_model=ModelPublic, status_code=202)
async def reconvert_model(model_id: str, settings: ConversionSettings, ctx: ContextDep) -> ModelPublic:
    return await conversion_jobs.reconvert(ctx, model_id, settings)


@router.get("/{model_id}/conversion-log", response_class=PlainTextResponse)
def read_conversion_log(model_id: str, ctx: ContextDep) -> PlainTextResponse:
    return PlainTextResponse(conversion_jobs.read_conversion_log(ctx, model_id))


@router.post("/{model_id}/derivatives", response_model=ModelPublic, status_code=202)
async def derive_model(model_id: str, model_in: ModelDerive, ctx: ContextDep) -> ModelPublic:
    return await lineage.derive(ctx, model_id, model_in)


@router.get("/{model_id}/lineage", response_model=ModelLineage)
def read_lineage(model_id: str, ctx: ContextDep) -> ModelLineage:
    return lineage.lineage(ctx, model_id)


@router.get("/{model_id}/graph", response_model=ModelGraph)
def read_graph(model_id: str, ctx: ContextDep, precision: Precision = Precision.fp32) -> ModelGraph:
    return crud.graph(ctx, model_id, precision)


@router.get("/{model_id}/ir/{precision}/{filename}", response_class=FileResponse)
def read_ir_file(model_id: str, precision: Precision, filename: Literal["model.xml", "model.bin"],
                 ctx: ContextDep) -> FileResponse:
    media = "application/xml" if filename.endswith(".xml") else "application/octet-stream"
    return FileResponse(crud.ir_file(ctx, model_id, precision, filename), media_type=media, filename=filename)


@router.post("/{model_id}/predictions", response_model=Prediction)
async def predict_image(model_id: str, request: Request, ctx: ContextDep, precision: Precision = Precision.fp32,
                        dataset_id: str | None = None, config: str | None = Query(default=None, max_length=20000)
                        ) -> Prediction:
    """One image (the raw body) through the model on the CPU here, read by the accuracy configuration."""
    return await inference.predict_image(ctx, model_id, precision, await request.body(), config, dataset_id)


@router.post("/{model_id}/output-distance", response_model=OutputDistancePublic)
async def compare_outputs(model_id: str, request_in: OutputDistanceRequest, ctx: ContextDep) -> OutputDistancePublic:
    return await inference.output_distance(ctx, model_id, request_in)

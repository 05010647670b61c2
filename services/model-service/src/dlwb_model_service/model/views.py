from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response
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
from dlwb_service_kit.openapi import file_answer, raw_body
from dlwb_service_kit.paging import Limit, Skip

router = APIRouter(prefix="/api/v1/models", tags=["models"])


@router.post("", response_model=ModelPublic, status_code=202, openapi_extra=raw_body())
async def create_model(request: Request, ctx: ContextDep,
                       filename: str = Query(min_length=1, max_length=255,
                                             description="original file name, e.g. resnet.onnx"),
                       name: str = Query(default="", max_length=200, description="display name")) -> ModelPublic:
    """Upload a model file as the raw request body; its conversion to IR starts as a job."""
    return await imports.create(ctx, filename=filename, name=name, chunks=request.stream())


@router.post("/imports", response_model=ModelPublic, status_code=202)
async def import_model(model_in: ModelImport, ctx: ContextDep) -> ModelPublic:
    """Make a model of finished resumable uploads (each checked against its sha256): one model file, an
    archive, or the files of a multi-file model (IR, ONNX with external data, Paddle). Conversion
    settings and precisions apply from the start; the conversion runs as a job."""
    return await imports.create_from_uploads(ctx, model_in)


@router.get("", response_model=ModelsPublic)
def read_models(ctx: ContextDep, skip: Skip = 0, limit: Limit = 100) -> ModelsPublic:
    """List models, newest first."""
    return crud.get_all(ctx, skip=skip, limit=limit)


@router.get("/{model_id}", response_model=ModelPublic)
def read_model(model_id: str, ctx: ContextDep) -> ModelPublic:
    """One model with its inputs, outputs and IR variants."""
    return crud.get(ctx, model_id)


@router.patch("/{model_id}", response_model=ModelPublic)
def update_model(model_id: str, model_in: ModelUpdate, ctx: ContextDep) -> ModelPublic:
    """Rename a model or set its task (one of the nine; guessed at import where the model makes it clear)."""
    return crud.update(ctx, model_id, model_in=model_in)


@router.get("/{model_id}/ir/{precision}", response_class=Response,
            responses=file_answer("the IR as a zip", "application/zip"))
def download_ir(model_id: str, precision: Precision, ctx: ContextDep) -> FileResponse:
    """Download the IR (.xml and .bin) of one precision as a zip archive."""
    path, filename = artifacts.ir_archive(ctx, model_id, precision.value)
    return FileResponse(path, media_type="application/zip", filename=filename,
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.post("/{model_id}/conversions", response_model=ModelPublic, status_code=202)
async def reconvert_model(model_id: str, settings: ConversionSettings, ctx: ContextDep) -> ModelPublic:
    """Convert again with edited settings: input shapes (sizes, '?', 'a..b'), layout, mean/scale,
    reverse channels (PrePostProcessor), output cut (ovc's names). Follow the returned job."""
    return await conversion_jobs.reconvert(ctx, model_id, settings)


@router.get("/{model_id}/conversion-log", response_class=Response,
            responses=file_answer("the conversion log", "text/plain"))
def read_conversion_log(model_id: str, ctx: ContextDep) -> PlainTextResponse:
    """Every conversion of the model: settings, stages, the converter's errors."""
    return PlainTextResponse(conversion_jobs.read_conversion_log(ctx, model_id))


@router.post("/{model_id}/derivatives", response_model=ModelPublic, status_code=202)
async def derive_model(model_id: str, model_in: ModelDerive, ctx: ContextDep) -> ModelPublic:
    """A child model from this model's IR with new settings (reshape, pre-processing, output cut, precisions)."""
    return await lineage.derive(ctx, model_id, model_in)


@router.get("/{model_id}/lineage", response_model=ModelLineage)
def read_lineage(model_id: str, ctx: ContextDep) -> ModelLineage:
    """The model's ancestors (parent, grandparent...) and descendants (derived, INT8 children)."""
    return lineage.lineage(ctx, model_id)


@router.get("/{model_id}/graph", response_model=ModelGraph)
def read_graph(model_id: str, ctx: ContextDep, precision: Precision = Precision.fp32) -> ModelGraph:
    """The IR graph as nodes and edges, with the URLs of the raw IR files (Netron opens the .xml)."""
    return crud.graph(ctx, model_id, precision)


@router.get("/{model_id}/ir/{precision}/{filename}", response_class=Response,
            responses=file_answer("the file", "application/xml", "application/octet-stream"))
def read_ir_file(model_id: str, precision: Precision, filename: Literal["model.xml", "model.bin"],
                 ctx: ContextDep) -> FileResponse:
    """One raw IR file, for Netron or any IR reader."""
    media = "application/xml" if filename.endswith(".xml") else "application/octet-stream"
    return FileResponse(crud.ir_file(ctx, model_id, precision, filename), media_type=media, filename=filename)


@router.post("/{model_id}/predictions", response_model=Prediction, openapi_extra=raw_body("image/*"))
async def predict_image(model_id: str, request: Request, ctx: ContextDep, precision: Precision = Precision.fp32,
                        dataset_id: str | None = Query(default=None, description="class names from this dataset"),
                        config: str | None = Query(default=None, max_length=20000,
                                                   description="an AccuracyConfig as JSON")) -> Prediction:
    """Single-image test: the image (raw body) through the model, read as its task: top-5 classes with
    scores, or boxes in the image's pixels with labels and scores."""
    return await inference.predict_image(ctx, model_id, precision, await request.body(), config, dataset_id)


@router.post("/{model_id}/output-distance", response_model=OutputDistancePublic)
async def compare_outputs(model_id: str, request_in: OutputDistanceRequest, ctx: ContextDep) -> OutputDistancePublic:
    """Model A (this one) and model B on the same inputs of a dataset: per output, the mean and largest
    absolute difference, cosine similarity and relative L2 distance (e.g. an INT8 child against its parent)."""
    return await inference.output_distance(ctx, model_id, request_in)

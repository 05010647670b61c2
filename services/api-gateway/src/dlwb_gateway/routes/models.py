from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

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
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/models", tags=["models"])

BINARY_BODY = {"requestBody": {"required": True, "content": {
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}


@router.post("", response_model=ModelPublic, status_code=202, openapi_extra=BINARY_BODY)
async def create_model(request: Request, forwarder: ForwarderDep,
                       filename: str = Query(description="original file name, e.g. resnet.onnx"),
                       name: str = Query(default="", description="display name")) -> Response:
    """Upload a model file as the raw request body; its conversion to IR starts as a job."""
    return await forwarder.forward(request, "model")


@router.post("/imports", response_model=ModelPublic, status_code=202)
async def import_model(body: ModelImport, request: Request, forwarder: ForwarderDep) -> Response:
    """Make a model of finished resumable uploads (each checked against its sha256): one model file, an
    archive, or the files of a multi-file model (IR, ONNX with external data, Paddle). Conversion
    settings and precisions apply from the start; the conversion runs as a job."""
    return await forwarder.forward(request, "model")


@router.get("", response_model=ModelsPublic)
async def read_models(request: Request, forwarder: ForwarderDep) -> Response:
    """List models, newest first."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}", response_model=ModelPublic)
async def read_model(model_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One model with its inputs, outputs and IR variants."""
    return await forwarder.forward(request, "model")


@router.patch("/{model_id}", response_model=ModelPublic)
async def update_model(model_id: str, body: ModelUpdate, request: Request, forwarder: ForwarderDep) -> Response:
    """Rename a model or set its task (one of the nine; guessed at import where the model makes it clear)."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}/ir/{precision}", response_class=Response,
            responses={200: {"content": {"application/zip": {}}, "description": "the IR as a zip"}})
async def download_ir(model_id: str, precision: Precision, request: Request, forwarder: ForwarderDep) -> Response:
    """Download the IR (.xml and .bin) of one precision as a zip archive."""
    return await forwarder.forward(request, "model", stream_response=True)


@router.post("/{model_id}/conversions", response_model=ModelPublic, status_code=202)
async def reconvert_model(model_id: str, body: ConversionSettings, request: Request,
                          forwarder: ForwarderDep) -> Response:
    """Convert again with edited settings: input shapes (sizes, '?', 'a..b'), layout, mean/scale,
    reverse channels (PrePostProcessor), output cut (ovc's names). Follow the returned job."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}/conversion-log", response_class=Response,
            responses={200: {"content": {"text/plain": {}}, "description": "the conversion log"}})
async def read_conversion_log(model_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Every conversion of the model: settings, stages, the converter's errors."""
    return await forwarder.forward(request, "model", stream_response=True)


@router.post("/{model_id}/derivatives", response_model=ModelPublic, status_code=202)
async def derive_model(model_id: str, body: ModelDerive, request: Request, forwarder: ForwarderDep) -> Response:
    """A child model from this model's IR with new settings (reshape, pre-processing, output cut, precisions)."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}/lineage", response_model=ModelLineage)
async def read_lineage(model_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The model's ancestors (parent, grandparent...) and descendants (derived, INT8 children)."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}/graph", response_model=ModelGraph)
async def read_graph(model_id: str, request: Request, forwarder: ForwarderDep,
                     precision: Precision = Precision.fp32) -> Response:
    """The IR graph as nodes and edges, with the URLs of the raw IR files (Netron opens the .xml)."""
    return await forwarder.forward(request, "model")


@router.get("/{model_id}/ir/{precision}/{filename}", response_class=Response,
            responses={200: {"content": {"application/xml": {}, "application/octet-stream": {}}}})
async def read_ir_file(model_id: str, precision: Precision, filename: Literal["model.xml", "model.bin"],
                       request: Request, forwarder: ForwarderDep) -> Response:
    """One raw IR file, for Netron or any IR reader."""
    return await forwarder.forward(request, "model", stream_response=True)


IMAGE_BODY = {"requestBody": {"required": True, "content": {"image/*": {"schema": {"type": "string",
                                                                                  "format": "binary"}}}}}


@router.post("/{model_id}/predictions", response_model=Prediction, openapi_extra=IMAGE_BODY)
async def predict_image(model_id: str, request: Request, forwarder: ForwarderDep, precision: Precision = Precision.fp32,
                        dataset_id: str | None = Query(default=None, description="class names from this dataset"),
                        config: str | None = Query(default=None, description="an AccuracyConfig as JSON")) -> Response:
    """Single-image test: the image (raw body) through the model, read as its task: top-5 classes with
    scores, or boxes in the image's pixels with labels and scores."""
    return await forwarder.forward(request, "model")


@router.post("/{model_id}/output-distance", response_model=OutputDistancePublic)
async def compare_outputs(model_id: str, body: OutputDistanceRequest, request: Request,
                          forwarder: ForwarderDep) -> Response:
    """Model A (this one) and model B on the same inputs of a dataset: per output, the mean and largest
    absolute difference, cosine similarity and relative L2 distance (e.g. an INT8 child against its parent)."""
    return await forwarder.forward(request, "model")

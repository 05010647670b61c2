from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from dlwb_common.api.models import ConversionSettings, ModelPublic, ModelsPublic, ModelUpdate, Precision
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

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from dlwb_common.api.calibration import CalibrationCreate, CalibrationPublic, CalibrationsPublic
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/calibrations", tags=["calibrations"])


@router.post("", response_model=CalibrationPublic, status_code=202)
async def create_calibration(body: CalibrationCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Calibrate a project's model with NNCF: default quantization (preset, subset, fast bias correction,
    model type, ignored scope) or weight compression (INT8/INT4). The job makes an INT8 child model and
    child project, benchmarks parent and child side by side, and writes the report. Follow the job."""
    return await forwarder.forward(request, "calibration")


@router.get("", response_model=CalibrationsPublic)
async def read_calibrations(request: Request, forwarder: ForwarderDep, project_id: str | None = None) -> Response:
    """Calibrations, newest first (optionally of one project)."""
    return await forwarder.forward(request, "calibration")


@router.get("/{calibration_id}", response_model=CalibrationPublic)
async def read_calibration(calibration_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """A calibration with its job, NNCF statistics (quantized and floating-point layers) and report."""
    return await forwarder.forward(request, "calibration")


@router.get("/{calibration_id}/log", response_class=Response,
            responses={200: {"content": {"text/plain": {}}, "description": "the calibration log"}})
async def read_calibration_log(calibration_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Every stage of the calibration, NNCF's summary, the error with its cause."""
    return await forwarder.forward(request, "calibration", stream_response=True)


upload_router = APIRouter(prefix="/api/v1/calibrations", tags=["calibrations"])


@upload_router.put("/{calibration_id}/uploads/{name}", status_code=204,
                   openapi_extra={"requestBody": {"required": True, "content": {
                       "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def upload_child_file(calibration_id: str, name: Literal["model.xml", "model.bin"], request: Request,
                            forwarder: ForwarderDep, expires: int = Query(), sig: str = Query()) -> Response:
    """A target's INT8 result, sent by its agent with a signed link (``expires``, ``sig``) instead of a token."""
    return await forwarder.forward(request, "calibration")

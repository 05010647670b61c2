from __future__ import annotations

from fastapi import APIRouter, Request, Response

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

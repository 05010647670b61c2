from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, PlainTextResponse

from dlwb_calibration.calibration import crud, files, flow
from dlwb_calibration.context import ContextDep
from dlwb_common.api.calibration import CalibrationCreate, CalibrationPublic, CalibrationsPublic
from dlwb_common.messages.jobs import Job
from dlwb_service_kit.openapi import file_answer, raw_body
from dlwb_service_kit.paging import Limit, Skip

router = APIRouter(prefix="/api/v1/calibrations", tags=["calibrations"])
jobs_router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
internal_router = APIRouter(prefix="/internal/v1/calibrations", tags=["internal"])  # outside /api/v1: not public


@router.post("", response_model=CalibrationPublic, status_code=202)
async def create_calibration(calibration_in: CalibrationCreate, ctx: ContextDep) -> CalibrationPublic:
    """Calibrate a project's model with NNCF: default quantization (preset, subset, fast bias correction,
    model type, ignored scope) or weight compression (INT8/INT4). The job makes an INT8 child model and
    child project, benchmarks parent and child side by side, and writes the report. Follow the job."""
    return await crud.create(ctx, calibration_in)


@router.get("", response_model=CalibrationsPublic)
def read_calibrations(ctx: ContextDep, project_id: str | None = None, skip: Skip = 0,
                      limit: Limit = 100) -> CalibrationsPublic:
    """Calibrations, newest first (optionally of one project)."""
    return crud.get_all(ctx, project_id=project_id, skip=skip, limit=limit)


@router.get("/{calibration_id}", response_model=CalibrationPublic)
def read_calibration(calibration_id: str, ctx: ContextDep) -> CalibrationPublic:
    """A calibration with its job, NNCF statistics (quantized and floating-point layers) and report."""
    return crud.get(ctx, calibration_id)


@router.get("/{calibration_id}/log", response_class=Response,
            responses=file_answer("the calibration log", "text/plain"))
def read_log(calibration_id: str, ctx: ContextDep) -> PlainTextResponse:
    """Every stage of the calibration, NNCF's summary, the error with its cause."""
    return PlainTextResponse(files.read_log(ctx, calibration_id))


@internal_router.get("/{calibration_id}/files/{name}", response_class=FileResponse)
def read_child_file(calibration_id: str, name: Literal["model.xml", "model.bin"], ctx: ContextDep) -> FileResponse:
    """The INT8 IR, for the model-service to fetch."""
    return FileResponse(files.child_file(ctx, calibration_id, name))


@router.put("/{calibration_id}/uploads/{name}", status_code=204, openapi_extra=raw_body())
async def upload_child_file(calibration_id: str, name: Literal["model.xml", "model.bin"], request: Request,
                            ctx: ContextDep, expires: int = Query(), sig: str = Query(max_length=128)) -> Response:
    """A target's INT8 result, sent by its agent with a signed link (``expires``, ``sig``) instead of a token."""
    await files.receive_upload(ctx, calibration_id, name, expires, sig, request.stream())
    return Response(status_code=204)


@jobs_router.post("/{job_id}/cancel", response_model=Job)
async def cancel_job(job_id: str, ctx: ContextDep) -> Job:
    return await flow.cancel(ctx, job_id)

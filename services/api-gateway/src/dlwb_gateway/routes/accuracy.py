from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from dlwb_common.api.accuracy import AccuraciesPublic, AccuracyConfig, AccuracyCreate, AccuracyPublic, AgreementPublic
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1", tags=["accuracy"])


@router.post("/projects/{project_id}/accuracy", response_model=AccuracyPublic, status_code=202)
async def create_accuracy(project_id: str, body: AccuracyCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Measure accuracy on the project's target: the model on its annotated dataset, with the given (or the
    project's saved) configuration: pre-processing, output adapter. Follow the job."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}/accuracy", response_model=AccuraciesPublic)
async def read_accuracies(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The project's accuracy runs, newest first."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}/accuracy-config", response_model=AccuracyConfig)
async def read_accuracy_config(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The project's saved accuracy configuration (export it as a file; PUT it back to re-use it)."""
    return await forwarder.forward(request, "profiler")


@router.put("/projects/{project_id}/accuracy-config", response_model=AccuracyConfig)
async def save_accuracy_config(project_id: str, body: AccuracyConfig, request: Request,
                               forwarder: ForwarderDep) -> Response:
    """Save the accuracy configuration runs of this project use by default."""
    return await forwarder.forward(request, "profiler")


@router.get("/accuracy/{run_id}", response_model=AccuracyPublic)
async def read_accuracy(run_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """An accuracy run: verdict, metrics, and every image's prediction against its annotation."""
    return await forwarder.forward(request, "profiler")


@router.get("/accuracy-agreement", response_model=AgreementPublic)
async def read_agreement(request: Request, forwarder: ForwarderDep, a: str = Query(), b: str = Query()) -> Response:
    """How often run B predicts what run A predicts, image by image (no annotations needed), and the
    metric deltas: e.g. an INT8 child against its FP32 parent."""
    return await forwarder.forward(request, "profiler")

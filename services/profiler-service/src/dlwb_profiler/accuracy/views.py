from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.accuracy import AccuraciesPublic, AccuracyConfig, AccuracyCreate, AccuracyPublic, AgreementPublic
from dlwb_profiler.accuracy import service
from dlwb_profiler.context import ContextDep

router = APIRouter(prefix="/api/v1", tags=["accuracy"])


@router.post("/projects/{project_id}/accuracy", response_model=AccuracyPublic, status_code=202)
async def create_accuracy(project_id: str, accuracy_in: AccuracyCreate, ctx: ContextDep) -> AccuracyPublic:
    """Measure accuracy on the project's target: the model on its annotated dataset, with the given (or the
    project's saved) configuration: pre-processing, output adapter. Follow the job."""
    return await service.create(ctx, project_id, accuracy_in)


@router.get("/projects/{project_id}/accuracy", response_model=AccuraciesPublic)
def read_accuracies(project_id: str, ctx: ContextDep) -> AccuraciesPublic:
    """The project's accuracy runs, newest first."""
    return service.get_all(ctx, project_id)


@router.get("/projects/{project_id}/accuracy-config", response_model=AccuracyConfig)
def read_accuracy_config(project_id: str, ctx: ContextDep) -> AccuracyConfig:
    """The project's saved accuracy configuration (export it as a file; PUT it back to re-use it)."""
    return service.saved_config(ctx, project_id)


@router.put("/projects/{project_id}/accuracy-config", response_model=AccuracyConfig)
async def save_accuracy_config(project_id: str, config: AccuracyConfig, ctx: ContextDep) -> AccuracyConfig:
    """Save the accuracy configuration runs and calibrations of this project use by default (refused with
    ``preprocessing.mismatch`` when its pre-processing cannot feed the model's input)."""
    return await service.save_config(ctx, project_id, config)


@router.get("/accuracy/{run_id}", response_model=AccuracyPublic)
def read_accuracy(run_id: str, ctx: ContextDep) -> AccuracyPublic:
    """An accuracy run: verdict, metrics, and every image's prediction against its annotation."""
    return service.get(ctx, run_id)


@router.get("/accuracy-agreement", response_model=AgreementPublic)
def read_agreement(ctx: ContextDep, a: str = Query(description="accuracy run of A"),
                   b: str = Query(description="accuracy run of B")) -> AgreementPublic:
    """How often run B predicts what run A predicts, image by image (no annotations needed), and the
    metric deltas: e.g. an INT8 child against its FP32 parent."""
    return service.agreement(ctx, a, b)

"""Accuracy runs: a project's model on its annotated dataset, on the project's target; the saved
configuration; and the model-to-model agreement of two runs (no annotations needed)."""

from __future__ import annotations

from dlwb_common import bus, subjects
from dlwb_common.api.accuracy import (
    TASKS_OF_ADAPTER,
    AccuraciesPublic,
    AccuracyConfig,
    AccuracyCreate,
    AccuracyPublic,
    AccuracyResult,
    AgreementPublic,
)
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings, PerformanceHint
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_common.precision import precision_differences, with_differences
from dlwb_common.preprocessing_fit import check_fits
from dlwb_profiler.accuracy import advice
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, ProjectRow, RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository as runs
from dlwb_profiler.runs.precision import run_precision
from dlwb_service_kit.jobs import to_job

SAME_BOX_IOU = 0.5


def to_public(row: RunRow, job_row: JobRow) -> AccuracyPublic:
    result = AccuracyResult.model_validate(row.accuracy) if row.accuracy else None
    return AccuracyPublic(id=row.id, project_id=row.project_id, config=AccuracyConfig.model_validate(
        row.accuracy_config or {}), job=to_job(job_row), verdict=row.verdict, result=result,
        warnings=[*result.warnings, *advice.warnings(result)] if result else [], ran_in=run_precision(row))


def saved_config(ctx: Context, project_id: str) -> AccuracyConfig:
    return AccuracyConfig.model_validate(projects.get_row(ctx, project_id).accuracy_config or {})


async def check_model_fits(ctx: Context, project: ProjectRow, config: AccuracyConfig) -> None:
    """``preprocessing.mismatch`` when the pre-processing cannot feed the project model's image input."""
    model = await bus.request(ctx.bus.nc, subjects.MODEL_ARTIFACTS, ArtifactsRequest(
        model_id=project.model_id, precision=project.precision), ArtifactsReply)
    check_fits(config.preprocessing, model.inputs)


async def save_config(ctx: Context, project_id: str, config: AccuracyConfig) -> AccuracyConfig:
    """Saved only when it fits the model: a saved configuration is what runs and calibrations use."""
    await check_model_fits(ctx, projects.get_row(ctx, project_id), config)
    with ctx.db.session() as session:
        row = session.get(ProjectRow, project_id)
        if row is None:
            raise NotFoundError(f"project {project_id} not found", code="project.not_found")
        row.accuracy_config = config.model_dump(mode="json")
    return config


async def create(ctx: Context, project_id: str, accuracy_in: AccuracyCreate) -> AccuracyPublic:
    """Check the dataset fits (annotated, of a task the adapter scores) and the pre-processing fits the
    model's input, then queue the run."""
    project = projects.get_row(ctx, project_id)
    config = accuracy_in.config if "config" in accuracy_in.model_fields_set else saved_config(ctx, project_id)
    dataset = (await bus.request(ctx.bus.nc, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                                 DatasetReply)).spec
    if dataset.kind != "imported" or dataset.task is None:
        raise InvalidInputError(f"dataset {project.dataset_id} has no annotations ({dataset.kind} inputs): import an "
                                "annotated dataset for this project", code="accuracy.needs_annotations")
    if dataset.task not in TASKS_OF_ADAPTER[config.adapter]:
        raise InvalidInputError(f"the project's dataset is {dataset.task}; the {config.adapter.value} adapter scores "
                                f"{', '.join(sorted(TASKS_OF_ADAPTER[config.adapter]))}",
                                code="accuracy.task_mismatch")
    await check_model_fits(ctx, project, config)
    settings = BenchmarkSettings(device=accuracy_in.device or project.device, hint=PerformanceHint.throughput,
                                 infer_precision=accuracy_in.infer_precision, duration_seconds=None, niter=1)
    return await runs.create(ctx, project, AgentTask.accuracy, settings, to_public,
                             accuracy_config=config.model_dump(mode="json"),
                             queue_timeout_seconds=accuracy_in.queue_timeout_seconds)


def get(ctx: Context, run_id: str) -> AccuracyPublic:
    return runs.get(ctx, run_id, AgentTask.accuracy, to_public)


def get_all(ctx: Context, project_id: str) -> AccuraciesPublic:
    data = runs.list_of(ctx, project_id, AgentTask.accuracy, to_public)
    return AccuraciesPublic(data=data, count=len(data))


def box_iou(a: list[float], b: list[float]) -> float:
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def same_prediction(task: str, a, b) -> bool:  # type: ignore[no-untyped-def]
    """Top-1 equal (classification), or every box of A matched by a box of B of the same class."""
    if task == "classification":
        return bool(a.predicted and b.predicted and a.predicted[0] == b.predicted[0])
    unmatched = list(zip(b.boxes, b.predicted, strict=False))
    for box, label in zip(a.boxes, a.predicted, strict=False):
        match = next((m for m in unmatched if m[1] == label and box_iou(box, m[0]) >= SAME_BOX_IOU), None)
        if match is None:
            return False
        unmatched.remove(match)
    return not unmatched


def agreement(ctx: Context, a_id: str, b_id: str) -> AgreementPublic:
    a, b = get(ctx, a_id), get(ctx, b_id)
    if a.result is None or b.result is None:
        raise InvalidInputError("both accuracy runs must have finished", code="accuracy.not_finished")
    if a.result.task != b.result.task or a.result.samples != b.result.samples:
        raise InvalidInputError("the two runs did not score the same images", code="accuracy.not_comparable")
    images_b = {image.index: image for image in b.result.images}
    differing = [image.index for image in a.result.images
                 if image.index in images_b and not same_prediction(a.result.task, image, images_b[image.index])]
    share = 1 - len(differing) / max(len(a.result.images), 1)
    metrics_a = {m.name: m.value for m in a.result.metrics}
    deltas = {m.name: m.value - metrics_a[m.name] for m in b.result.metrics if m.name in metrics_a}
    project_b, project_a = (projects.get_row(ctx, run.project_id) for run in (b, a))
    found = precision_differences((project_b.variant_label or project_b.precision,
                                   project_a.variant_label or project_a.precision),
                                  (b.ran_in.ran if b.ran_in else None, a.ran_in.ran if a.ran_in else None))
    return AgreementPublic(a=a_id, b=b_id, images=len(a.result.images), agreement=share,
                           verdict=with_differences(f"B agrees with A on {share:.1%} of {len(a.result.images)} "
                                                    "images.", found),
                           precision_differences=found, metric_deltas=deltas, disagreements=differing[:100])

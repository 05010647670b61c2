"""Calibration rows: create (checked and queued), read, list, and their public shape."""

from __future__ import annotations

from sqlalchemy import func, select

from dlwb_calibration.calibration import settings_used
from dlwb_calibration.context import Context
from dlwb_calibration.orm import CalibrationRow, JobRow
from dlwb_calibration.remote import ask
from dlwb_common import subjects
from dlwb_common.api.calibration import (
    AccuracySettingsUsed,
    CalibrationCreate,
    CalibrationMethod,
    CalibrationPublic,
    CalibrationReport,
    CalibrationsPublic,
    CalibrationStats,
)
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.messages.jobs import JobKind
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_common.messages.profiler import ProjectReply, ProjectRequest
from dlwb_service_kit.jobs import to_job


def to_public(row: CalibrationRow, job_row: JobRow) -> CalibrationPublic:
    return CalibrationPublic(
        id=row.id, name=row.name, project_id=row.project_id, parent_model_id=row.parent_model_id,
        job=to_job(job_row), settings=CalibrationCreate.model_validate(row.settings),
        accuracy_settings=(AccuracySettingsUsed.model_validate(row.accuracy_settings)
                           if row.accuracy_settings else None),
        child_model_id=row.child_model_id, child_project_id=row.child_project_id,
        stats=CalibrationStats.model_validate(row.stats) if row.stats else None,
        report=CalibrationReport.model_validate(row.report) if row.report else None, created_at=row.created_at)


def get(ctx: Context, calibration_id: str) -> CalibrationPublic:
    with ctx.db.session() as session:
        row = session.get(CalibrationRow, calibration_id)
        if row is None:
            raise NotFoundError(f"calibration {calibration_id} not found", code="calibration.not_found")
        return to_public(row, session.get(JobRow, row.id))


def get_all(ctx: Context, *, project_id: str | None = None, skip: int = 0, limit: int = 100) -> CalibrationsPublic:
    query = select(CalibrationRow, JobRow).join(JobRow, JobRow.id == CalibrationRow.id)
    counted = select(func.count()).select_from(CalibrationRow)
    if project_id:
        query = query.where(CalibrationRow.project_id == project_id)
        counted = counted.where(CalibrationRow.project_id == project_id)
    with ctx.db.session() as session:
        rows = session.execute(query.order_by(CalibrationRow.created_at.desc()).offset(skip).limit(limit))
        return CalibrationsPublic(data=[to_public(row, job_row) for row, job_row in rows],
                                  count=session.scalar(counted) or 0)


async def create(ctx: Context, calibration_in: CalibrationCreate) -> CalibrationPublic:
    """Check what can be checked at once (project, dataset, subset, annotations, the pre-processing against
    the model's input), record the accuracy settings it will use, then queue the job."""
    project = (await ask(ctx, subjects.PROJECT_GET, ProjectRequest(project_id=calibration_in.project_id),
                         ProjectReply)).project
    dataset = (await ask(ctx, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                         DatasetReply)).spec
    if calibration_in.method == CalibrationMethod.accuracy_aware and dataset.task != "classification":
        what = f"a {dataset.task} dataset" if dataset.task else f"{dataset.kind} inputs without annotations"
        raise InvalidInputError(f"accuracy-aware quantization needs an annotated classification dataset; dataset "
                                f"{project.dataset_id} is {what}", code="calibration.needs_annotations")
    if calibration_in.method != CalibrationMethod.weight_compression and calibration_in.subset_size \
            and calibration_in.subset_size > dataset.count:
        raise InvalidInputError(f"the subset asks for {calibration_in.subset_size} samples but dataset "
                                f"{project.dataset_id} has {dataset.count}", code="calibration.too_few_samples")
    used = settings_used.resolve(calibration_in, project)
    parent = await ask(ctx, subjects.MODEL_ARTIFACTS, ArtifactsRequest(model_id=project.model_id, precision="FP32"),
                       ArtifactsReply)
    settings_used.check(used, dataset, parent)
    job_row = ctx.jobs.new_row(JobKind.calibrate)
    label = "weights compressed" if calibration_in.method == CalibrationMethod.weight_compression else "INT8"
    with ctx.db.session() as session:
        session.add(job_row)
        session.flush()
        row = CalibrationRow(id=job_row.id, name=(calibration_in.name or f"{project.name} {label}")[:200],
                             project_id=project.id, parent_model_id=project.model_id,
                             settings=calibration_in.model_dump(mode="json"),
                             accuracy_settings=used.model_dump(mode="json"))
        session.add(row)
        session.flush()
        public = to_public(row, job_row)
    await ctx.jobs.enqueue(public.job)
    return public

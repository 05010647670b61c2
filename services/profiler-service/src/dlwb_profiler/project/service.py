"""Projects: a model variant, a dataset, a target and a device."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dlwb_common import bus, subjects
from dlwb_common.api.projects import ProjectCreate, ProjectPublic, ProjectsPublic
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.ids import new_id
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_profiler.context import Context
from dlwb_profiler.orm import ProjectRow
from dlwb_profiler.target import service as targets


def default_name(model_id: str, target_id: str, device: str, variant: ArtifactsReply) -> str:
    """"resnet INT8 on CPU": the model, what its weights are (not the IR's folder), the device."""
    where = device if target_id == "local" else f"{target_id}/{device}"
    return f"{variant.model_name or model_id} {variant.label or variant.precision} on {where}"[:200]


async def check_model_and_dataset(ctx: Context, model_id: str, precision: str, dataset_id: str) -> ArtifactsReply:
    """Ask their owner whether the model variant and the dataset exist (422 when not); the variant."""
    try:
        variant = await bus.request(ctx.bus.nc, subjects.MODEL_ARTIFACTS,
                                    ArtifactsRequest(model_id=model_id, precision=precision), ArtifactsReply)
        await bus.request(ctx.bus.nc, subjects.DATASET_GET, DatasetRequest(dataset_id=dataset_id), DatasetReply)
    except NotFoundError as exc:  # a part named in the request that does not exist: the request is wrong
        raise InvalidInputError(exc.message, code=exc.code) from exc
    return variant


async def create(ctx: Context, *, project_in: ProjectCreate) -> ProjectPublic:
    """Check every part with its owner before storing the project."""
    variant = await check_model_and_dataset(ctx, project_in.model_id, project_in.precision.value,
                                            project_in.dataset_id)
    targets.check_device(targets.get_row(ctx, project_in.target_id), project_in.device)
    with ctx.db.session() as session:
        values = project_in.model_dump()
        values["name"] = values["name"] or default_name(project_in.model_id, project_in.target_id,
                                                     project_in.device, variant)
        row = ProjectRow(id=new_id("prj"), variant_label=variant.label or None, **values)
        session.add(row)
        session.flush()
        return ProjectPublic.model_validate(row)


def find_or_add(session: Session, values: dict[str, str], variant: ArtifactsReply) -> ProjectRow:
    """The project of exactly these parts (model_id, precision, dataset_id, target_id, device), or a new one
    named after them; the parts must have been checked (``variant`` is what the check returned)."""
    row = session.scalars(select(ProjectRow).where(*[getattr(ProjectRow, key) == value
                                                     for key, value in values.items()])
                          .order_by(ProjectRow.created_at).limit(1)).first()
    if row is None:
        name = default_name(values["model_id"], values["target_id"], values["device"], variant)
        row = ProjectRow(id=new_id("prj"), name=name, variant_label=variant.label or None, **values)
        session.add(row)
        session.flush()
    return row


def get_row(ctx: Context, project_id: str) -> ProjectRow:
    with ctx.db.session() as session:
        row = session.get(ProjectRow, project_id)
        if row is None:
            raise NotFoundError(f"project {project_id} not found", code="project.not_found")
        return row


def get(ctx: Context, project_id: str) -> ProjectPublic:
    return ProjectPublic.model_validate(get_row(ctx, project_id))


def get_all(ctx: Context, *, skip: int = 0, limit: int = 100) -> ProjectsPublic:
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(ProjectRow)) or 0
        rows = session.scalars(select(ProjectRow).order_by(ProjectRow.created_at.desc()).offset(skip).limit(limit))
        return ProjectsPublic(data=[ProjectPublic.model_validate(r) for r in rows], count=count)

"""Fleet runs: one benchmark of one model variant on several targets. Each target gets an ordinary
benchmark run (in the project of exactly that model variant, dataset, target and device), so dispatch,
progress, outcomes and cancelling are the run engine's; the agents of different machines run at once."""

from __future__ import annotations

from sqlalchemy import func, select

from dlwb_common.api.fleets import FleetRunCreate, FleetRunPublic, FleetRunsPublic
from dlwb_common.errors import NotFoundError
from dlwb_common.ids import new_id
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings
from dlwb_profiler.benchmark.service import to_public as benchmark_public
from dlwb_profiler.context import Context
from dlwb_profiler.fleet import members
from dlwb_profiler.orm import FleetRunRow, JobRow, RunRow, TargetRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository
from dlwb_profiler.target import service as targets


async def create(ctx: Context, fleet_in: FleetRunCreate) -> FleetRunPublic:
    """Check the model variant, the dataset and every target's device first (a refused request stores
    nothing), then queue one benchmark per target."""
    variant = await projects.check_model_and_dataset(ctx, fleet_in.model_id, fleet_in.precision.value,
                                                     fleet_in.dataset_id)
    for entry in fleet_in.targets:
        targets.check_device(targets.get_row(ctx, entry.target_id), entry.device)
    base = fleet_in.settings.model_dump(exclude={"device"})
    with ctx.db.session() as session:
        fleet = FleetRunRow(id=new_id("fleet"), model_id=fleet_in.model_id, precision=fleet_in.precision.value,
                            dataset_id=fleet_in.dataset_id, settings=BenchmarkSettings.model_validate(base)
                            .model_dump(mode="json"),
                            name=fleet_in.name or f"{variant.model_name or fleet_in.model_id} "
                                                  f"{variant.label or fleet_in.precision.value} on "
                                                  f"{len(fleet_in.targets)} target(s)")
        session.add(fleet)
        project_rows = [projects.find_or_add(session, {
            "model_id": fleet_in.model_id, "precision": fleet_in.precision.value, "dataset_id": fleet_in.dataset_id,
            "target_id": entry.target_id, "device": entry.device}, variant) for entry in fleet_in.targets]
    for entry, project in zip(fleet_in.targets, project_rows, strict=True):
        settings = BenchmarkSettings.model_validate(base | {"device": entry.device})
        await repository.create(ctx, project, AgentTask.benchmark, settings, benchmark_public, fleet_id=fleet.id)
    return get(ctx, fleet.id)


def members_of(ctx: Context, fleet_ids: list[str]) -> dict[str, list]:
    """Each fleet's members in the order they were queued."""
    found: dict[str, list] = {fleet_id: [] for fleet_id in fleet_ids}
    with ctx.db.session() as session:
        rows = session.execute(select(RunRow, JobRow, TargetRow).join(JobRow, JobRow.id == RunRow.id)
                               .outerjoin(TargetRow, TargetRow.id == RunRow.target_id)
                               .where(RunRow.fleet_id.in_(fleet_ids))
                               .order_by(JobRow.created_at, RunRow.id))
        for run, job_row, target in rows:
            found[run.fleet_id].append(members.member(run, job_row, target))
    return found


def get(ctx: Context, fleet_id: str) -> FleetRunPublic:
    with ctx.db.session() as session:
        fleet = session.get(FleetRunRow, fleet_id)
        if fleet is None:
            raise NotFoundError(f"fleet run {fleet_id} not found", code="fleet_run.not_found")
    return members.to_public(fleet, members_of(ctx, [fleet_id])[fleet_id])


def get_all(ctx: Context, *, skip: int = 0, limit: int = 50) -> FleetRunsPublic:
    """Fleet runs, newest first."""
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(FleetRunRow)) or 0
        fleets = list(session.scalars(select(FleetRunRow).order_by(FleetRunRow.created_at.desc())
                                      .offset(skip).limit(limit)))
    found = members_of(ctx, [fleet.id for fleet in fleets])
    return FleetRunsPublic(data=[members.to_public(fleet, found[fleet.id]) for fleet in fleets], count=count)

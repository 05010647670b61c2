"""The profiler-service's request/reply endpoints (nats.micro): projects and runs for other services."""

from __future__ import annotations

from typing import Any

from nats.micro import add_service
from nats.micro.service import Service

from dlwb_common import subjects
from dlwb_common.bus import typed_handler
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.agent import AgentTask
from dlwb_common.messages.profiler import (
    CompareReply,
    CompareRequest,
    ProjectCreateRequest,
    ProjectReply,
    ProjectRequest,
    RunGetRequest,
    RunReply,
    RunStartRequest,
)
from dlwb_profiler.benchmark.service import benchmarks
from dlwb_profiler.compare import service as comparisons
from dlwb_profiler.context import Context
from dlwb_profiler.layer_profile.service import layer_profiles
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs.repository import RunKind

STARTABLE: dict[AgentTask, RunKind[Any]] = {AgentTask.benchmark: benchmarks, AgentTask.layer_profile: layer_profiles}


def run_reply(run) -> RunReply:  # type: ignore[no-untyped-def]
    return RunReply(run_id=run.id, job_id=run.job.id, run=run.model_dump(mode="json"))


def startable(task: AgentTask) -> RunKind[Any]:
    if task not in STARTABLE:
        raise InvalidInputError(f"{task.value} runs cannot be started on the bus", code="run.unsupported_task")
    return STARTABLE[task]


async def start_endpoints(ctx: Context) -> Service:
    service = await add_service(ctx.bus.nc, name="profiler-service", version="0.1.0",
                                description="projects, runs and their comparison")

    async def get_project(request: ProjectRequest) -> ProjectReply:
        return ProjectReply(project=projects.get(ctx, request.project_id))

    async def create_project(request: ProjectCreateRequest) -> ProjectReply:
        return ProjectReply(project=await projects.create(ctx, project_in=request.project))

    async def start_run(request: RunStartRequest) -> RunReply:
        kind = startable(request.task)
        return run_reply(await kind.create(ctx, project_id=request.project_id, run_in=request.settings))

    async def get_run(request: RunGetRequest) -> RunReply:
        return run_reply(startable(request.task).get(ctx, request.run_id))

    async def compare(request: CompareRequest) -> CompareReply:
        return CompareReply(comparison=comparisons.compare(ctx, request.a_id, request.b_id))

    for name, subject, request_type, answer in (
            ("project-get", subjects.PROJECT_GET, ProjectRequest, get_project),
            ("project-create", subjects.PROJECT_CREATE, ProjectCreateRequest, create_project),
            ("run-start", subjects.RUN_START, RunStartRequest, start_run),
            ("run-get", subjects.RUN_GET, RunGetRequest, get_run),
            ("run-compare", subjects.RUNS_COMPARE, CompareRequest, compare)):
        await service.add_endpoint(name=name, subject=subject, handler=typed_handler(request_type, answer))
    return service

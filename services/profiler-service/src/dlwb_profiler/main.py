"""The profiler-service: targets, projects, and runs of every kind on them with their results."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from dlwb_common.logging import setup_logging
from dlwb_profiler import bus, endpoints
from dlwb_profiler.accuracy import views as accuracy
from dlwb_profiler.benchmark import views as benchmarks
from dlwb_profiler.compare import views as compare
from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.context import Context
from dlwb_profiler.enrolment import views as enrolment
from dlwb_profiler.fleet import views as fleets
from dlwb_profiler.layer_profile import views as layer_profiles
from dlwb_profiler.orm import JobRow
from dlwb_profiler.project import views as projects
from dlwb_profiler.runs import views as runs
from dlwb_profiler.runs.dispatch import Dispatcher
from dlwb_profiler.runs.repository import JOB_KINDS
from dlwb_profiler.sweep import views as sweeps
from dlwb_profiler.target import views as targets
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_service_app
from dlwb_service_kit.serve import serve


def build_app(settings: ProfilerSettings) -> FastAPI:
    ctx = Context.build("profiler-service", settings, settings.database_url, JobRow)

    async def start():  # type: ignore[no-untyped-def]
        dispatcher = Dispatcher(ctx)
        await bus.start_subscriptions(ctx, dispatcher)
        service = await endpoints.start_endpoints(ctx)
        for kind in JOB_KINDS.values():
            ctx.bus.spawn(lambda kind=kind: bus.run_dispatcher(ctx, dispatcher, kind), f"{kind.value} queue")
        ctx.bus.spawn(lambda: bus.outcome_worker(ctx, dispatcher), "agent outcome recorder")
        ctx.bus.spawn(lambda: bus.lost_job_sweeper(ctx, dispatcher), "lost job sweeper")
        dispatcher.kick_all_queued()  # runs queued before a restart
        return service.stop

    return create_service_app(ctx=ctx, migrations=Path(__file__).parent / "alembic", on_start=start,
                              routers=[enrolment.router, targets.router, projects.router, benchmarks.router,
                                       layer_profiles.router, sweeps.router, compare.router, accuracy.router,
                                       runs.router, fleets.router, job_views.router])


def run() -> None:
    settings = ProfilerSettings()
    setup_logging("profiler-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.profiler_port, settings.log_level)


if __name__ == "__main__":
    run()

"""The profiler-service: targets, projects, benchmark jobs and their results."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from dlwb_common.logging import setup_logging
from dlwb_profiler import bus
from dlwb_profiler.benchmark import views as benchmarks
from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow
from dlwb_profiler.project import views as projects
from dlwb_profiler.target import views as targets
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_app
from dlwb_service_kit.db import database_ok, run_migrations
from dlwb_service_kit.serve import serve

MIGRATIONS = Path(__file__).parent / "alembic"


def build_app(settings: ProfilerSettings) -> FastAPI:
    ctx = Context.build("profiler-service", settings, settings.database_url, JobRow)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_migrations(settings.database_url, MIGRATIONS)
        await ctx.bus.start()
        await bus.start_subscriptions(ctx)
        ctx.bus.spawn(lambda: bus.benchmark_worker(ctx), "benchmark dispatcher")
        ctx.bus.spawn(lambda: bus.outcome_worker(ctx), "agent outcome recorder")
        ctx.bus.spawn(lambda: bus.lost_job_sweeper(ctx), "lost job sweeper")
        app.state.context = ctx
        yield
        await ctx.bus.stop()

    token = settings.resolved_internal_token()
    return create_app(service="profiler-service", token=lambda: token,
                      routers=[targets.router, projects.router, benchmarks.router, job_views.router],
                      readiness=lambda: {"database": database_ok(ctx.db.engine), "nats": ctx.bus.connected},
                      lifespan=lifespan)


def run() -> None:
    settings = ProfilerSettings()
    setup_logging("profiler-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.profiler_port, settings.log_level)


if __name__ == "__main__":
    run()

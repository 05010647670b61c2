"""The calibration-service: INT8 calibration jobs (the job plumbing is in place; NNCF comes next)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from dlwb_calibration.config import CalibrationSettings
from dlwb_calibration.orm import JobRow
from dlwb_common.logging import setup_logging
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_app
from dlwb_service_kit.context import ServiceContext
from dlwb_service_kit.db import database_ok, run_migrations
from dlwb_service_kit.serve import serve

MIGRATIONS = Path(__file__).parent / "alembic"


def build_app(settings: CalibrationSettings) -> FastAPI:
    ctx = ServiceContext.build("calibration-service", settings, settings.database_url, JobRow)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_migrations(settings.database_url, MIGRATIONS)
        await ctx.bus.start()
        app.state.context = ctx
        yield
        await ctx.bus.stop()

    token = settings.resolved_internal_token()
    return create_app(service="calibration-service", token=lambda: token, routers=[job_views.router],
                      readiness=lambda: {"database": database_ok(ctx.db.engine), "nats": ctx.bus.connected},
                      lifespan=lifespan)


def run() -> None:
    settings = CalibrationSettings()
    setup_logging("calibration-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.calibration_port, settings.log_level)


if __name__ == "__main__":
    run()

"""The model-service: models, datasets, their files, conversion jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from dlwb_common.logging import setup_logging
from dlwb_model_service import bus
from dlwb_model_service.artifacts import views as artifacts
from dlwb_model_service.config import ModelServiceSettings
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import views as datasets
from dlwb_model_service.model import views as models
from dlwb_model_service.orm import JobRow
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_app
from dlwb_service_kit.db import database_ok, run_migrations
from dlwb_service_kit.serve import serve

MIGRATIONS = Path(__file__).parent / "alembic"


def build_app(settings: ModelServiceSettings) -> FastAPI:
    ctx = Context.build("model-service", settings, settings.database_url, JobRow)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_migrations(settings.database_url, MIGRATIONS)
        await ctx.bus.start()
        endpoints = await bus.start_endpoints(ctx)
        ctx.bus.spawn(lambda: bus.conversion_worker(ctx), "conversion worker")
        app.state.context = ctx
        yield
        await endpoints.stop()
        await ctx.bus.stop()

    token = settings.resolved_internal_token()
    return create_app(service="model-service", token=lambda: token,
                      routers=[models.router, datasets.router, job_views.router, artifacts.router],
                      readiness=lambda: {"database": database_ok(ctx.db.engine), "nats": ctx.bus.connected},
                      lifespan=lifespan)


def run() -> None:
    settings = ModelServiceSettings()
    setup_logging("model-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.model_port, settings.log_level)


if __name__ == "__main__":
    run()

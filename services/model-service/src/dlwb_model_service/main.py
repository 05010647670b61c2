"""The model-service: models, datasets, their files, conversion jobs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from dlwb_common.logging import setup_logging
from dlwb_model_service import bus
from dlwb_model_service.artifacts import views as artifacts
from dlwb_model_service.config import ModelServiceSettings
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import views as datasets
from dlwb_model_service.model import views as models
from dlwb_model_service.omz import views as omz_views
from dlwb_model_service.orm import JobRow
from dlwb_model_service.upload import service as uploads
from dlwb_model_service.upload import views as upload_views
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_service_app
from dlwb_service_kit.serve import serve


def build_app(settings: ModelServiceSettings) -> FastAPI:
    ctx = Context.build("model-service", settings, settings.database_url, JobRow)

    async def start():  # type: ignore[no-untyped-def]
        uploads.remove_stale(ctx)
        endpoints = await bus.start_endpoints(ctx)
        ctx.bus.spawn(lambda: bus.conversion_worker(ctx), "conversion worker")
        return endpoints.stop

    return create_service_app(ctx=ctx, migrations=Path(__file__).parent / "alembic", on_start=start,
                              routers=[models.router, upload_views.router, omz_views.router, datasets.router,
                                       job_views.router, artifacts.router])


def run() -> None:
    settings = ModelServiceSettings()
    setup_logging("model-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.model_port, settings.log_level)


if __name__ == "__main__":
    run()

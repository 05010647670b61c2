"""The calibration-service: INT8 calibration (NNCF) jobs, the child models they make, the reports."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from dlwb_calibration import bus
from dlwb_calibration.calibration import views as calibrations
from dlwb_calibration.config import CalibrationSettings
from dlwb_calibration.context import Context
from dlwb_calibration.orm import JobRow
from dlwb_common.logging import setup_logging
from dlwb_service_kit import job_views
from dlwb_service_kit.app import create_service_app
from dlwb_service_kit.serve import serve


def build_app(settings: CalibrationSettings) -> FastAPI:
    ctx = Context.build("calibration-service", settings, settings.database_url, JobRow)

    async def start() -> None:
        ctx.bus.spawn(lambda: bus.calibration_worker(ctx), "calibration worker")

    return create_service_app(ctx=ctx, migrations=Path(__file__).parent / "alembic", on_start=start,
                              routers=[calibrations.router, calibrations.jobs_router, calibrations.internal_router,
                                       job_views.router])


def run() -> None:
    settings = CalibrationSettings()
    setup_logging("calibration-service", settings.log_level)
    serve(build_app(settings), settings.host, settings.calibration_port, settings.log_level)


if __name__ == "__main__":
    run()

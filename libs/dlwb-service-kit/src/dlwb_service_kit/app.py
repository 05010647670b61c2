"""Build a service's FastAPI app with the parts every service has: errors, auth, health, metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from dlwb_common.api.common import Health
from dlwb_service_kit.auth import require_token
from dlwb_service_kit.context import ServiceContext
from dlwb_service_kit.db import database_ok, run_migrations
from dlwb_service_kit.errors import ERROR_RESPONSES, RETRY_AFTER_SECONDS, install_error_handlers
from dlwb_service_kit.metrics import HttpMetrics


def operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(*, service: str, token: Callable[[], str], routers: Sequence[APIRouter],
               readiness: Callable[[], dict[str, bool]], public_routers: Sequence[APIRouter] = (),
               lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]] | None = None,
               title: str | None = None) -> FastAPI:
    """``token`` guards every route of ``routers`` and /metrics; ``readiness`` lists named checks."""
    app = FastAPI(title=title or f"dlwb {service}", lifespan=lifespan, generate_unique_id_function=operation_id,
                  responses=ERROR_RESPONSES)
    install_error_handlers(app)
    metrics = HttpMetrics(service)
    metrics.install(app)
    guard = Depends(require_token(token))

    @app.get("/healthz", tags=["system"], response_model=Health)
    def healthz() -> Health:
        """Liveness: the process answers."""
        return Health(status="ok", service=service)

    @app.get("/readyz", tags=["system"], response_model=Health, responses={503: {"model": Health}})
    def readyz():  # type: ignore[no-untyped-def]
        """Readiness: every dependency (database, NATS...) is reachable."""
        checks = readiness()
        health = Health(status="ok" if all(checks.values()) else "unavailable", service=service, checks=checks)
        if health.status != "ok":
            return JSONResponse(health.model_dump(), status_code=503,
                                headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        return health

    @app.get("/metrics", tags=["system"], dependencies=[guard], include_in_schema=False)
    def prometheus_metrics():  # type: ignore[no-untyped-def]
        return metrics.render()

    for router in routers:
        app.include_router(router, dependencies=[guard])
    for router in public_routers:  # routes that authenticate by other means (signed URLs)
        app.include_router(router)
    return app



def create_service_app(*, ctx: ServiceContext[Any], routers: Sequence[APIRouter], migrations: Path,
                       on_start: Callable[[], Awaitable[Callable[[], Awaitable[None]] | None]] | None = None
                       ) -> FastAPI:
    """A data-owning service: migrate its database, connect to NATS, run ``on_start`` (which may return
    a stop callback), serve ``routers`` behind the internal token, and report readiness of both."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_migrations(ctx.db.url, migrations)
        await ctx.bus.start()
        stop = await on_start() if on_start else None
        app.state.context = ctx
        yield
        if stop:
            await stop()
        await ctx.bus.stop()

    token = ctx.settings.resolved_internal_token()
    return create_app(service=ctx.bus.name, token=lambda: token, routers=routers, lifespan=lifespan,
                      readiness=lambda: {"database": database_ok(ctx.db.engine), "nats": ctx.bus.connected})

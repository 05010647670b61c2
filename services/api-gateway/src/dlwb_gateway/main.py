"""The api-gateway: the public REST API (forwarded to the owning services), auth, the SPA and live job events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from dlwb_common.logging import setup_logging
from dlwb_gateway.agent_wheels import AgentWheels
from dlwb_gateway.config import GatewaySettings
from dlwb_gateway.events import EventRelay
from dlwb_gateway.forward import Forwarder
from dlwb_gateway.openapi import Document, install_openapi, shipped_services_document
from dlwb_gateway.path_check import PathCheck
from dlwb_gateway.proxy import proxy_router
from dlwb_gateway.routes import agent, jobs, system
from dlwb_gateway.spa import mount_spa
from dlwb_service_kit.app import create_app
from dlwb_service_kit.runtime import BusRuntime
from dlwb_service_kit.serve import serve


def build_app(settings: GatewaySettings,
              services_document: Callable[[], Document] = shipped_services_document) -> FastAPI:
    """``services_document``: the services' merged OpenAPI part (see dlwb_gateway.openapi)."""
    bus = BusRuntime("api-gateway", settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await bus.start()
        app.state.relay = EventRelay(bus)
        await app.state.relay.start()
        app.state.forwarder = Forwarder(settings)
        yield
        await app.state.forwarder.close()
        await bus.stop()

    forwarded = proxy_router(lambda: settings.token, [*system.router.routes, *jobs.router.routes])
    app = create_app(service="api-gateway", title="DL Workbench API", token=lambda: settings.token,
                     routers=[system.router, jobs.router],
                     public_routers=[forwarded,  # it checks the token itself
                                     agent.router],  # the agent's install script and wheels: public
                     readiness=lambda: {"nats": bus.connected}, lifespan=lifespan)
    app.state.agent_wheels = AgentWheels(settings.agent_wheels_dir)
    app.add_middleware(PathCheck)
    install_openapi(app, services_document)
    mount_spa(app, settings.spa_path())
    return app


def run() -> None:
    settings = GatewaySettings()
    setup_logging("api-gateway", settings.log_level)
    serve(build_app(settings), settings.host, settings.gateway_port, settings.log_level)


if __name__ == "__main__":
    run()

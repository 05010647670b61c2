"""The agent's distribution: its install script and wheels, public so that a bare machine can fetch them.

Why no token: the files are this repository's own code and hold no secret; a new machine has no API token
(and must not be given one); the one secret, the join token, is an argument of the install script that is
sent only in the body of the enrolment request, so it never lands in an access log as part of a URL.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, PlainTextResponse

from dlwb_common.agent_release import WORKBENCH_VERSION, install_command
from dlwb_common.api.agents import AgentDistribution, AgentWheel
from dlwb_common.errors import NotFoundError
from dlwb_gateway.agent_wheels import AgentWheels, Wheel

SCRIPT_TEMPLATE = Path(__file__).parents[1] / "install.sh"

router = APIRouter(prefix="/agent", tags=["agent"])


def server_url(request: Request) -> str:
    """The address this request reached: a machine that fetched the script can reach it there."""
    return str(request.base_url).rstrip("/")


def wheels_of(request: Request) -> AgentWheels:
    return request.app.state.agent_wheels


def render_script(server: str, wheels: list[Wheel]) -> str:
    listed = " ".join(f"{wheel.name}={wheel.sha256}" for wheel in wheels)
    return (SCRIPT_TEMPLATE.read_text().replace("@SERVER@", server).replace("@VERSION@", WORKBENCH_VERSION)
            .replace("@WHEELS@", listed))


@router.get("/install.sh", response_class=PlainTextResponse,
            responses={200: {"content": {"text/x-shellscript": {}}}})
async def install_script(request: Request) -> PlainTextResponse:
    """The script that installs, enrols and starts an agent: ``curl -fsSL <this URL> | sh -s -- --join-token
    <token> --id <name>``."""
    wheels = await run_in_threadpool(wheels_of(request).current)
    return PlainTextResponse(render_script(server_url(request), wheels), media_type="text/x-shellscript")


@router.get("/manifest.json", response_model=AgentDistribution)
async def manifest(request: Request) -> AgentDistribution:
    """The agent version this workbench hands out and its wheels (the agent and the libraries it needs)."""
    server = server_url(request)
    wheels = await run_in_threadpool(wheels_of(request).current)
    return AgentDistribution(
        version=WORKBENCH_VERSION, install_script_url=f"{server}/agent/install.sh",
        install_command=install_command(server, "<name>", "<token>"),
        wheels=[AgentWheel(**wheel.model_dump(), url=f"{server}/agent/wheels/{wheel.name}") for wheel in wheels])


@router.get("/wheels/{name}", response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}}})
async def wheel(name: str, request: Request) -> FileResponse:
    """One wheel of the manifest, by its file name (which holds its version)."""
    path = await run_in_threadpool(wheels_of(request).path_of, name)
    if path is None:
        raise NotFoundError(f"no agent wheel {name}: see /agent/manifest.json", code="agent.wheel_not_found")
    return FileResponse(path, media_type="application/octet-stream", filename=name)

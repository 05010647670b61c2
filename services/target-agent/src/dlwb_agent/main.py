"""The target agent: dials out to NATS, reports its inventory, runs benchmark jobs."""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import signal
import sys

import openvino as ov

from dlwb_agent import enrolment, hello
from dlwb_agent.config import AgentSettings
from dlwb_agent.heartbeat import Heartbeats
from dlwb_agent.inventory import collect
from dlwb_agent.runner import Runner
from dlwb_common import bus, subjects
from dlwb_common.errors import DlwbError
from dlwb_common.logging import setup_logging
from dlwb_common.messages.agent import Heartbeat
from dlwb_engine.artifacts import ArtifactCache

log = logging.getLogger(__name__)

REFUSED_EXIT_CODE = 3  # the workbench refused this agent's version: restarting cannot help


async def serve(settings: AgentSettings, stop: asyncio.Event) -> None:
    core = ov.Core()
    inventory = collect(core)
    instance = secrets.token_hex(8)
    nc = await bus.connect(settings.nats_url, name=f"agent-{settings.id}", user=settings.user,
                           password=settings.nats_password, inbox_prefix=subjects.agent_inbox_prefix(settings.id))
    try:
        await hello.introduce(nc, settings.id)
    except DlwbError:
        await nc.close()
        raise
    runner = Runner(settings.id, nc, ArtifactCache(settings.cache_dir), core, inventory, instance)

    def beat() -> Heartbeat:
        return Heartbeat(agent_id=settings.id, instance=instance, busy_job_id=runner.busy_job_id,
                         finished_job_ids=list(runner.finished), inventory=inventory,
                         interval_seconds=settings.heartbeat_seconds, agent_version=hello.AGENT_VERSION)

    heartbeats = Heartbeats(settings, beat)
    runner.on_idle = heartbeats.now
    await nc.subscribe(subjects.agent_in(settings.id, "run"), cb=runner.on_run)
    await nc.subscribe(subjects.agent_in(settings.id, "cancel"), cb=runner.on_cancel)
    await nc.subscribe(subjects.agent_in(settings.id, "calibrate"), cb=runner.on_calibrate)
    heartbeats.start()
    log.info("agent %s connected to %s; devices: %s", settings.id, settings.nats_url,
             ", ".join(d.name for d in inventory.devices))
    try:
        await stop.wait()
    finally:
        await runner.shutdown()
        await asyncio.to_thread(heartbeats.stop)
        await nc.drain()


def resolve_credentials(settings: AgentSettings) -> AgentSettings:
    """Given credentials win; else the ones saved at enrolment; else enrol now with the join token."""
    if settings.nats_password:
        return settings
    saved = enrolment.load(settings.credentials_file)
    if saved is None:
        if not (settings.join_token and settings.server_url):
            raise SystemExit(f"agent {settings.id} has no NATS credentials: start it once with "
                             "--server <workbench URL> --join-token <token> (create one on the Targets page)")
        saved = enrolment.enrol(settings.server_url, settings.join_token, settings.id)
        enrolment.save(settings.credentials_file, saved)
        log.info("enrolled as %s; credentials saved to %s", saved.nats_user, settings.credentials_file)
    nats_url = settings.nats_url if "nats_url" in settings.model_fields_set else saved.nats_url
    return settings.model_copy(update={"nats_url": nats_url, "nats_user": saved.nats_user,
                                       "nats_password": saved.nats_password})


def parse_arguments(argv: list[str] | None = None) -> dict[str, str]:
    parser = argparse.ArgumentParser(prog="dlwb-agent", description="Run OpenVINO jobs for a DL Workbench.")
    parser.add_argument("--id", help="this agent's name (default: local; env DLWB_AGENT_ID)")
    parser.add_argument("--server", dest="server_url", help="workbench URL, for enrolment")
    parser.add_argument("--join-token", help="one-time token from the Targets page, for enrolment")
    parser.add_argument("--nats-url", help="NATS URL (default: the one given at enrolment)")
    parser.add_argument("--enrol-only", action="store_true", default=None,
                        help="enrol (or check the saved credentials) and exit; the install script's first step")
    return {key: value for key, value in vars(parser.parse_args(argv)).items() if value is not None}


def run() -> None:
    arguments = parse_arguments()
    enrol_only = arguments.pop("enrol_only", False)
    settings = AgentSettings(**arguments)
    setup_logging(f"agent-{settings.id}", settings.log_level)
    try:
        settings = resolve_credentials(settings)
    except enrolment.EnrolmentError as exc:
        raise SystemExit(f"error: {exc.message}") from None
    if enrol_only:
        print(f"agent {settings.id} (version {hello.AGENT_VERSION}) is enrolled; its credentials are in "
              f"{settings.credentials_file}")
        return

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    try:
        asyncio.run(main())
    except DlwbError as exc:  # refused by the workbench (agent.version_mismatch): its message says what to run
        print(f"error: {exc.message}", file=sys.stderr)
        raise SystemExit(REFUSED_EXIT_CODE) from None


if __name__ == "__main__":
    run()

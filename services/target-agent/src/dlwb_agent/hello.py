"""The agent states its version when it connects; the workbench refuses another major.minor."""

from __future__ import annotations

import logging

from nats.aio.client import Client

from dlwb_common import bus, subjects
from dlwb_common.agent_release import installed_version
from dlwb_common.errors import UnavailableError
from dlwb_common.messages.agent import AgentHello, HelloReply

log = logging.getLogger(__name__)

AGENT_VERSION = installed_version("dlwb-agent")


async def introduce(nc: Client, agent_id: str, agent_version: str = AGENT_VERSION) -> None:
    """Raises the workbench's ``agent.version_mismatch`` (its message holds the upgrade command). When no
    profiler answers now, go on: it checks the version in every heartbeat as well."""
    try:
        reply = await bus.request(nc, subjects.agent_out(agent_id, "hello"),
                                  AgentHello(agent_id=agent_id, agent_version=agent_version), HelloReply)
    except UnavailableError as exc:
        log.info("version not confirmed yet (%s); the workbench checks it in the heartbeats", exc.message)
        return
    log.info("agent %s (version %s) accepted by workbench %s", agent_id, agent_version, reply.workbench_version)

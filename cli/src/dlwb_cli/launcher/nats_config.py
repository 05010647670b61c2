"""The embedded nats-server's configuration: JetStream on the data directory, one account per party.

The services share one user; each agent has its own user that may publish only on
``dlwb.agent.<id>.out.>``, subscribe only to ``dlwb.agent.<id>.in.>`` and its private inbox, and
answer requests sent to it (allow_responses).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dlwb_common import subjects


def agent_permissions(agent_id: str) -> dict[str, object]:
    return {
        "publish": {"allow": [f"dlwb.agent.{agent_id}.out.>"]},
        "subscribe": {"allow": [f"dlwb.agent.{agent_id}.in.>", f"{subjects.agent_inbox_prefix(agent_id)}.>"]},
        "allow_responses": True,
    }


def render(*, port: int, store_dir: Path, services_password: str, agents: dict[str, str],
           host: str = "127.0.0.1", enrolled: dict[str, str] | None = None) -> str:
    """nats-server config text; JSON is valid nats-server config syntax, and quoting is exact.

    ``agents``: agent id -> password; ``enrolled``: agent id -> bcrypt hash (agents that enrolled with a
    join token; nats-server checks bcrypt hashes itself)."""
    users = [{"user": "services", "password": services_password}]
    every = {**(enrolled or {}), **agents}
    users += [{"user": f"agent-{agent_id}", "password": password, "permissions": agent_permissions(agent_id)}
              for agent_id, password in sorted(every.items())]
    config = {
        "host": host,
        "port": port,
        "jetstream": {"store_dir": str(store_dir)},
        "authorization": {"users": users},
        "max_payload": 8 * 1024 * 1024,
    }
    return json.dumps(config, indent=2)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def read_enrolled(path: Path) -> dict[str, str]:
    """The profiler-service's list of enrolled agents (id -> bcrypt hash); empty if none yet."""
    try:
        return {str(k): str(v) for k, v in json.loads(path.read_text()).items()}
    except FileNotFoundError:
        return {}

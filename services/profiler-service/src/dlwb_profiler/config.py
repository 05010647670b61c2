from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings


class ProfilerSettings(CommonSettings):
    profiler_port: int = DEFAULT_PORTS["profiler"]
    profiler_database_url: str | None = None
    # A target is offline, and its running job lost (``agent.lost``), after this long without a heartbeat
    # (at least three of its intervals). Long enough that a saturated CPU delaying a beat is not a loss:
    # the agent beats from its own thread, and a stall of this service itself is not counted.
    agent_lost_after_seconds: float = Field(default=15.0, gt=0)

    # Enrolled agents' NATS users are written here (bcrypt hashes); the embedded launcher reloads
    # nats-server when it changes. The URL is the one agents are told to dial.
    agents_file: Path | None = None
    public_nats_url: str | None = None

    @property
    def agents_path(self) -> Path:
        return self.agents_file or self.data_dir / "nats" / "agents.json"

    @cached_property
    def database_url(self) -> str:
        return self.profiler_database_url or self.sqlite_url("profiler-service")

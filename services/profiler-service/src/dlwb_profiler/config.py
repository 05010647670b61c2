from __future__ import annotations

from functools import cached_property
from pathlib import Path

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings


class ProfilerSettings(CommonSettings):
    profiler_port: int = DEFAULT_PORTS["profiler"]
    profiler_database_url: str | None = None
    # A target is offline after this many missed heartbeats; its running jobs then fail.
    missed_heartbeats: float = 2.0
    dispatch_timeout_seconds: float = 60.0

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

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from dlwb_common.settings import DEFAULT_NATS_PORT


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "dlwb-agent"


def default_config_dir() -> Path:
    return Path.home() / ".config" / "dlwb-agent"


class AgentSettings(BaseSettings):
    """The agent's own settings (``DLWB_AGENT_*``); it shares no secret with the services."""

    model_config = SettingsConfigDict(env_prefix="DLWB_AGENT_", env_ignore_empty=True, extra="ignore")

    id: str = Field(default="local", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    nats_url: str = f"nats://127.0.0.1:{DEFAULT_NATS_PORT}"
    nats_user: str | None = None
    nats_password: str | None = None
    cache_dir: Path = Field(default_factory=default_cache_dir)
    config_dir: Path = Field(default_factory=default_config_dir)
    server_url: str | None = None  # the workbench (gateway) URL, for enrolment
    join_token: str | None = None
    heartbeat_seconds: float = Field(default=2.0, gt=0)
    log_level: str = "INFO"

    @property
    def user(self) -> str:
        return self.nats_user or f"agent-{self.id}"

    @property
    def credentials_file(self) -> Path:
        return self.config_dir / f"{self.id}.json"

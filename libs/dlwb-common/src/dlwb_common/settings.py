"""Settings every process shares, read from ``DLWB_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_NATS_PORT = 14222  # not 4222: a system nats-server may already own that port
DEFAULT_PORTS = {"gateway": 8800, "model": 8801, "profiler": 8802, "calibration": 8803}


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dlwb"


def secret_file(data_dir: Path, name: str) -> str:
    """Return the secret stored in ``<data_dir>/secrets/<name>``, creating a random one (mode 0600)."""
    folder = data_dir / "secrets"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


class CommonSettings(BaseSettings):
    """Fields every server-side process reads. Services subclass this and add their own."""

    model_config = SettingsConfigDict(env_prefix="DLWB_", env_ignore_empty=True, extra="ignore",
                                      protected_namespaces=())

    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    log_level: str = "INFO"
    nats_url: str = f"nats://127.0.0.1:{DEFAULT_NATS_PORT}"
    nats_user: str = "services"
    nats_password: str | None = None
    internal_token: str | None = None
    public_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['gateway']}"

    def resolved_nats_password(self) -> str:
        return self.nats_password or secret_file(self.data_dir, "nats-services-password")

    def resolved_internal_token(self) -> str:
        return self.internal_token or secret_file(self.data_dir, "internal-token")

    def sqlite_url(self, service: str) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / f'{service}.db'}"

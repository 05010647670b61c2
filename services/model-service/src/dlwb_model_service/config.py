from __future__ import annotations

from functools import cached_property
from pathlib import Path

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings, secret_file


class ModelServiceSettings(CommonSettings):
    model_port: int = DEFAULT_PORTS["model"]
    model_database_url: str | None = None
    artifact_key: str | None = None
    artifact_url_ttl_seconds: int = 6 * 3600
    max_upload_bytes: int = 4 * 1024**3
    omz_mirror_url: str | None = None  # base URL of an Open Model Zoo mirror; the catalog's default when unset
    omz_catalog_path: Path | None = None  # a catalog.json to use instead of the built-in one

    @cached_property
    def database_url(self) -> str:
        return self.model_database_url or self.sqlite_url("model-service")

    @cached_property
    def signing_key(self) -> bytes:
        return (self.artifact_key or secret_file(self.data_dir, "artifact-key")).encode()

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "model-service" / "models"

    @property
    def datasets_dir(self) -> Path:
        return self.data_dir / "model-service" / "datasets"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "model-service" / "uploads"

    @property
    def incoming_dir(self) -> Path:
        return self.data_dir / "model-service" / "incoming"

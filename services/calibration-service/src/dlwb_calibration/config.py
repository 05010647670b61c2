from __future__ import annotations

from functools import cached_property
from pathlib import Path

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings, secret_file


class CalibrationSettings(CommonSettings):
    calibration_port: int = DEFAULT_PORTS["calibration"]
    calibration_database_url: str | None = None
    # where the model-service fetches an INT8 child's files from this service (internal token)
    calibration_url: str | None = None
    run_timeout_seconds: float = 1800.0  # a comparison run or a child's conversion that takes longer fails
    upload_key: str | None = None  # HMAC key of the links agents upload INT8 results to
    upload_url_ttl_seconds: int = 6 * 3600

    @cached_property
    def database_url(self) -> str:
        return self.calibration_database_url or self.sqlite_url("calibration-service")

    @cached_property
    def signing_key(self) -> bytes:
        return (self.upload_key or secret_file(self.data_dir, "calibration-upload-key")).encode()

    @property
    def base_url(self) -> str:
        return self.calibration_url or f"http://{self.host}:{self.calibration_port}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "calibration-service" / "calibrations"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "calibration-service" / "artifact-cache"

from __future__ import annotations

from functools import cached_property

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings


class CalibrationSettings(CommonSettings):
    calibration_port: int = DEFAULT_PORTS["calibration"]
    calibration_database_url: str | None = None

    @cached_property
    def database_url(self) -> str:
        return self.calibration_database_url or self.sqlite_url("calibration-service")

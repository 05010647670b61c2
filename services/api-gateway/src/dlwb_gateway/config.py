from __future__ import annotations

from functools import cached_property
from pathlib import Path

from dlwb_common.settings import DEFAULT_PORTS, CommonSettings, secret_file


class GatewaySettings(CommonSettings):
    gateway_port: int = DEFAULT_PORTS["gateway"]
    model_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['model']}"
    profiler_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['profiler']}"
    calibration_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['calibration']}"
    api_token: str | None = None
    spa_dir: Path | None = None
    agent_wheels_dir: Path | None = None  # prebuilt agent wheels; else built from the checkout

    @cached_property
    def token(self) -> str:
        return self.api_token or secret_file(self.data_dir, "api-token")

    def spa_path(self) -> Path | None:
        if self.spa_dir is not None:
            return self.spa_dir
        built = Path(__file__).resolve().parents[4] / "frontend" / "dist"
        return built if built.is_dir() else None

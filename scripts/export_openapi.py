"""Write the published OpenAPI document: the services' part (shipped with the gateway, see dlwb_gateway.openapi)
and the whole document (the source of the SPA's typed client).

    scripts/export_openapi.py [<whole document> [<services' part>]]   (default: the two committed files)
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from dlwb_calibration.config import CalibrationSettings
from dlwb_calibration.main import build_app as build_calibration
from dlwb_gateway.config import GatewaySettings
from dlwb_gateway.main import build_app as build_gateway
from dlwb_gateway.openapi import SERVICES_DOCUMENT, merge_services
from dlwb_model_service.config import ModelServiceSettings
from dlwb_model_service.main import build_app as build_model_service
from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.main import build_app as build_profiler

ROOT = Path(__file__).parents[1]


def documents(scratch: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the whole document, the services' part), from apps built in-process (nothing starts)."""
    services = merge_services({
        "model": build_model_service(ModelServiceSettings(data_dir=scratch)).openapi(),
        "profiler": build_profiler(ProfilerSettings(data_dir=scratch)).openapi(),
        "calibration": build_calibration(CalibrationSettings(data_dir=scratch)).openapi(),
    })
    gateway = build_gateway(GatewaySettings(data_dir=scratch, api_token="unused"), lambda: services)
    return gateway.openapi(), services


def write(document: dict[str, Any], target: Path) -> None:
    target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    print(f"wrote {target}")


def main() -> None:
    whole_target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "frontend" / "openapi.json"
    services_target = Path(sys.argv[2]) if len(sys.argv) > 2 else SERVICES_DOCUMENT
    with tempfile.TemporaryDirectory() as scratch:
        whole, services = documents(Path(scratch))
    write(whole, whole_target)
    write(services, services_target)


if __name__ == "__main__":
    main()

"""The SPA's typed client is generated from frontend/openapi.json; it and the services' part the gateway ships
must match what the apps document now."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "services" / "api-gateway" / "src" / "dlwb_gateway" / "services-openapi.json"


def test_committed_openapi_matches_the_gateway_and_the_services(tmp_path: Path) -> None:
    whole, services = tmp_path / "openapi.json", tmp_path / "services-openapi.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "export_openapi.py"), str(whole), str(services)],
                   check=True, capture_output=True)
    advice = "the API changed: run scripts/export_openapi.py and `npm run generate-client` in frontend/"
    assert json.loads(whole.read_text()) == json.loads((ROOT / "frontend" / "openapi.json").read_text()), advice
    assert json.loads(services.read_text()) == json.loads(SHIPPED.read_text()), advice

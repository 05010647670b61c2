"""The SPA's typed client is generated from frontend/openapi.json; it must match the gateway."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_committed_openapi_matches_the_gateway(tmp_path: Path) -> None:
    fresh = tmp_path / "openapi.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "export_openapi.py"), str(fresh)], check=True,
                   capture_output=True)
    committed = json.loads((ROOT / "frontend" / "openapi.json").read_text())
    assert json.loads(fresh.read_text()) == committed, (
        "the gateway's API changed: run scripts/export_openapi.py and `npm run generate-client` in frontend/")

"""Write the gateway's OpenAPI document (the source of the SPA's typed client) to a file."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from dlwb_gateway.config import GatewaySettings
from dlwb_gateway.main import build_app


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "frontend" / "openapi.json"
    with tempfile.TemporaryDirectory() as scratch:
        spec = build_app(GatewaySettings(data_dir=Path(scratch), api_token="unused")).openapi()
    target.write_text(json.dumps(spec, indent=2, sort_keys=True) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

"""The gateway's agent distribution over HTTP (no NATS needed: these routes use none): the manifest, the
wheels by name only, the rendered script, and a clear 503 when the gateway has no wheels to give."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient

from dlwb_common.agent_release import WORKBENCH_VERSION
from dlwb_gateway.config import GatewaySettings
from dlwb_gateway.main import build_app

WHEEL = f"dlwb_agent-{WORKBENCH_VERSION}-py3-none-any.whl"
LIBRARY = f"dlwb_common-{WORKBENCH_VERSION}-py3-none-any.whl"


def gateway(tmp_path: Path, wheels: Path) -> TestClient:
    """Without its lifespan (no bus): the public /agent routes need none."""
    return TestClient(build_app(GatewaySettings(data_dir=tmp_path / "data", agent_wheels_dir=wheels)))


def test_the_manifest_lists_each_wheel_with_its_sha256_and_serves_only_those(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / WHEEL).write_bytes(b"agent wheel")
    (wheels / LIBRARY).write_bytes(b"library wheel")
    (wheels / "notes.txt").write_text("not a wheel")
    client = gateway(tmp_path, wheels)

    manifest = client.get("/agent/manifest.json").json()
    assert manifest["version"] == WORKBENCH_VERSION
    assert [(w["name"], w["sha256"], w["url"]) for w in manifest["wheels"]] == [
        (WHEEL, hashlib.sha256(b"agent wheel").hexdigest(), f"http://testserver/agent/wheels/{WHEEL}"),
        (LIBRARY, hashlib.sha256(b"library wheel").hexdigest(), f"http://testserver/agent/wheels/{LIBRARY}")]
    assert manifest["install_command"] == \
        "curl -fsSL http://testserver/agent/install.sh | sh -s -- --join-token <token> --id <name>"
    assert client.get(f"/agent/wheels/{WHEEL}").content == b"agent wheel"
    for name in ("notes.txt", "dlwb_agent-9.9.9-py3-none-any.whl"):
        refused = client.get(f"/agent/wheels/{name}")
        assert refused.status_code == 404 and refused.json()["code"] == "agent.wheel_not_found", name


def test_the_script_carries_the_server_and_the_wheels_and_is_valid_sh(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / WHEEL).write_bytes(b"agent wheel")
    response = gateway(tmp_path, wheels).get("/agent/install.sh")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/x-shellscript")
    script = response.text
    assert 'SERVER="http://testserver"' in script and f'VERSION="{WORKBENCH_VERSION}"' in script
    assert f'WHEELS="{WHEEL}={hashlib.sha256(b"agent wheel").hexdigest()}"' in script
    assert "@" + "SERVER@" not in script
    (tmp_path / "install.sh").write_text(script)
    assert subprocess.run(["sh", "-n", str(tmp_path / "install.sh")]).returncode == 0


def test_without_wheels_the_gateway_says_how_to_get_them(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in ("/agent/install.sh", "/agent/manifest.json"):
        response = gateway(tmp_path, empty).get(path)
        assert response.status_code == 503 and response.json()["code"] == "agent.wheels_unavailable", path

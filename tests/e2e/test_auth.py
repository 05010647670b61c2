"""Every route but health needs the token: on the gateway and on each internal service."""

from __future__ import annotations

import httpx
import pytest

from dlwb_common.settings import secret_file
from tests.conftest import RunningSystem

pytestmark = pytest.mark.e2e

# signed URLs (artifact downloads, INT8 result uploads: test_calibration checks a forged one is refused), join tokens,
# and the agent's distribution, which a bare machine fetches (test_remote_install)
PUBLIC = {"/healthz", "/readyz", "/api/v1/artifacts/{sha256}", "/api/v1/enroll",
          "/api/v1/calibrations/{calibration_id}/uploads/{name}",
          "/agent/install.sh", "/agent/manifest.json", "/agent/wheels/{name}"}


def concrete(path: str) -> str:
    return path.replace("{", "").replace("}", "")


def routes(base_url: str, token: str | None = None) -> list[tuple[str, str]]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    spec = httpx.get(f"{base_url}/openapi.json", headers=headers).json()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


def test_gateway_requires_a_valid_token_everywhere_but_health(system: RunningSystem) -> None:
    listed = routes(system.url, system.token)
    assert len(listed) >= 15
    for method, path in listed + [("GET", "/metrics")]:
        if path in PUBLIC:
            continue
        for headers, code in [({}, "auth.required"), ({"authorization": "Bearer wrong"}, "auth.invalid_token"),
                              ({"authorization": f"Basic {system.token}"}, "auth.required")]:
            response = httpx.request(method, system.url + concrete(path), headers=headers)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["code"] == code
    assert httpx.get(f"{system.url}/healthz").status_code == 200
    assert httpx.get(f"{system.url}/readyz").json()["checks"] == {"nats": True}


def test_internal_services_refuse_the_users_token(system: RunningSystem) -> None:
    settings = system.system.settings
    internal = secret_file(settings.data_dir, "internal-token")
    for port in (settings.model_port, settings.profiler_port, settings.calibration_port):
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/readyz").json()["checks"] == {"database": True, "nats": True}
        for method, path in routes(base, internal):
            if path in PUBLIC:
                continue
            response = httpx.request(method, base + concrete(path), headers={"authorization": f"Bearer {system.token}"})
            assert response.status_code == 401, (port, method, path)
        metrics = httpx.get(f"{base}/metrics", headers={"authorization": f"Bearer {internal}"})
        assert metrics.status_code == 200 and "dlwb_http_requests_total" in metrics.text


def test_token_file_is_private(system: RunningSystem) -> None:
    secrets = system.data_dir / "secrets"
    assert secrets.stat().st_mode & 0o077 == 0
    for path in secrets.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert (secrets / "api-token").read_text().strip() == system.token and len(system.token) >= 40

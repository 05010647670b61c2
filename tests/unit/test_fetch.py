"""The agent's artifact cache against a real HTTP server with Range support (Starlette FileResponse)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route

from dlwb_common.messages.agent import ArtifactRef
from dlwb_engine.artifacts import ArtifactCache, ArtifactError
from tests.support import free_port, wait_for_port

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    (folder / "good").write_bytes(PAYLOAD)
    app = Starlette(routes=[Route("/{name}", lambda request: FileResponse(folder / request.path_params["name"]))])
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def ref(url: str, payload: bytes = PAYLOAD) -> ArtifactRef:
    return ArtifactRef(sha256=hashlib.sha256(payload).hexdigest(), size=len(payload), url=url)


def test_downloads_once_then_serves_from_the_cache(server: str, tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path)
    with httpx.Client() as client:
        path = cache.fetch(ref(f"{server}/good"), client)
        assert path.read_bytes() == PAYLOAD
        assert cache.fetch(ref(f"{server}/missing-now"), client) == path  # no request: cached by hash


@pytest.mark.parametrize("kept", [1000, len(PAYLOAD)], ids=["half-done", "complete-but-not-renamed"])
def test_resumes_a_partial_download(server: str, tmp_path: Path, kept: int) -> None:
    cache = ArtifactCache(tmp_path)
    target = ref(f"{server}/good")
    cache.path(target.sha256).with_suffix(".part").write_bytes(PAYLOAD[:kept])
    with httpx.Client() as client:
        assert cache.fetch(target, client).read_bytes() == PAYLOAD


def test_a_corrupt_partial_is_thrown_away(server: str, tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path)
    target = ref(f"{server}/good")
    partial = cache.path(target.sha256).with_suffix(".part")
    partial.write_bytes(b"\0" * 1000)
    with httpx.Client() as client:
        with pytest.raises(ArtifactError) as caught:
            cache.fetch(target, client)
        assert caught.value.code == "artifact.corrupt" and not partial.exists()
        assert cache.fetch(target, client).read_bytes() == PAYLOAD  # the next attempt starts clean


def test_http_errors_are_reported(server: str, tmp_path: Path) -> None:
    with httpx.Client() as client, pytest.raises(ArtifactError):
        ArtifactCache(tmp_path).fetch(ref(f"{server}/absent"), client)


def test_fetch_all_returns_the_cached_files_in_order_and_checks_each(server: str, tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path / "cache")
    first, second = cache.fetch_all([ref(f"{server}/good"), ref(f"{server}/good")])
    assert first == second == cache.path(ref(f"{server}/good").sha256) and first.read_bytes() == PAYLOAD
    with pytest.raises(ArtifactError) as caught:
        cache.fetch_all([ref(f"{server}/good", b"other bytes")])
    assert caught.value.code == "artifact.corrupt"

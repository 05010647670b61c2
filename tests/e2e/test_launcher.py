"""``dlwb up``: one command starts everything; Ctrl-C stops everything; data survives; crashes surface."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.support import free_port, tiny_onnx

pytestmark = pytest.mark.e2e


def start(data_dir: Path) -> tuple[subprocess.Popen[str], str, str]:
    """Run ``dlwb up`` and read its URL and token from what it prints once ready."""
    env = os.environ | {"DLWB_DATA_DIR": str(data_dir), "DLWB_NATS_PORT": str(free_port()),
                        "DLWB_GATEWAY_PORT": str(free_port()), "DLWB_MODEL_PORT": str(free_port()),
                        "DLWB_PROFILER_PORT": str(free_port()), "DLWB_CALIBRATION_PORT": str(free_port()),
                        "DLWB_LOG_LEVEL": "WARNING", "COLUMNS": "200"}
    process = subprocess.Popen([sys.executable, "-m", "dlwb_cli", "up"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    url = token = ""
    for line in process.stdout:  # type: ignore[union-attr]
        if line.strip().startswith("open"):
            url = line.split()[-1]
        elif line.strip().startswith("token"):
            token = line.split()[-1]
            break
    assert url and token, f"dlwb up exited with {process.wait()}"
    return process, url, token


def descendants(process: subprocess.Popen[str]) -> list[psutil.Process]:
    return psutil.Process(process.pid).children(recursive=True)


def test_ctrl_c_stops_every_process_and_a_restart_keeps_the_data(tmp_path: Path) -> None:
    process, url, token = start(tmp_path)
    headers = {"authorization": f"Bearer {token}"}
    children = descendants(process)
    assert len(children) >= 6  # nats-server, four services, the agent
    with tiny_onnx().open("rb") as handle:
        model = httpx.post(f"{url}/api/v1/models", params={"filename": "tiny.onnx"}, content=handle,
                           headers=headers, timeout=60).json()

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert alive == []

    process, url, token_again = start(tmp_path)
    try:
        assert token_again == token
        stored = httpx.get(f"{url}/api/v1/models/{model['id']}", headers=headers, timeout=30)
        assert stored.status_code == 200 and stored.json()["name"] == "tiny"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def test_dlwb_up_starts_a_crashed_child_again_and_keeps_the_rest(tmp_path: Path) -> None:
    process, _url, _token = start(tmp_path)
    children = descendants(process)
    profiler = next(p for p in children if "dlwb_profiler" in " ".join(p.cmdline()))
    profiler.kill()
    deadline = time.monotonic() + 60
    while not any(p.pid != profiler.pid and "dlwb_profiler" in " ".join(p.cmdline())
                  for p in descendants(process) if p.status() != psutil.STATUS_ZOMBIE):
        assert time.monotonic() < deadline, "the profiler was not started again"
        assert process.poll() is None, "the launcher stopped instead of healing"
        time.sleep(0.1)
    assert all(p.is_running() for p in children if p.pid != profiler.pid)
    process.terminate()
    assert process.wait(timeout=60) == 0


def test_no_child_outlives_a_killed_launcher(tmp_path: Path) -> None:
    process, _url, _token = start(tmp_path)
    children = descendants(process)
    process.kill()  # SIGKILL: the launcher cannot clean up; the kernel tells the children
    process.wait(timeout=10)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == []

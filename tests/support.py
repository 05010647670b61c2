"""Helpers the tests share: free ports, a real nats-server, the real small models they use."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import onnx

from dlwb_cli.launcher import nats_config

ONNX_MODELS = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"


def tiny_onnx() -> Path:
    """SqueezeNet 1.0 architecture (ONNX opset 9, 15 kB) shipped in the onnx wheel."""
    return ONNX_MODELS / "light_squeezenet.onnx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"port {port} never opened")


@dataclass
class NatsServer:
    port: int
    folder: Path
    services_password: str
    agent_passwords: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = self.folder / "nats.conf"
        nats_config.write(config, nats_config.render(port=self.port, store_dir=self.folder / "js",
                                                     services_password=self.services_password,
                                                     agents=self.agent_passwords))
        binary = Path(sys.executable).with_name("nats-server")
        self.process = subprocess.Popen([str(binary), "-c", str(config), "-l", str(self.folder / "nats.log")])
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

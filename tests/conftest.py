from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from dlwb_cli.launcher.supervisor import LaunchSettings, System
from tests import omz_mirror as omz_mirror_server
from tests.support import NatsServer, free_port, tiny_onnx

POSTGRES_ENV = "DLWB_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def tiny_onnx_path() -> Path:
    return tiny_onnx()


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(port=free_port(), folder=tmp_path / "nats", services_password="services-secret",
                        agent_passwords={"alpha": "alpha-secret", "beta": "beta-secret"})
    server.start()
    yield server
    server.stop()


def database_urls() -> list[object]:
    urls: list[object] = [pytest.param("sqlite", id="sqlite")]
    urls.append(pytest.param("postgres", id="postgres", marks=pytest.mark.skipif(
        not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set")))
    return urls


@pytest.fixture(params=database_urls())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    import sqlalchemy as sa

    server = os.environ[POSTGRES_ENV]
    name = f"dlwb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class RunningSystem:
    """The whole system as separate processes: nats-server, four services, one local agent."""

    system: System
    tiny_onnx_path: Path

    @property
    def url(self) -> str:
        return self.system.url

    @property
    def token(self) -> str:
        return self.system.token

    @property
    def data_dir(self) -> Path:
        return self.system.settings.data_dir

    def client(self, token: str | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"authorization": f"Bearer {token or self.token}"},
                            timeout=60)


def launch(data_dir: Path) -> System:
    settings = LaunchSettings(data_dir=data_dir, nats_port=free_port(), gateway_port=free_port(),
                              model_port=free_port(), profiler_port=free_port(), calibration_port=free_port(),
                              log_level="WARNING")
    system = System(settings)
    try:
        system.start(lambda _line: None)
    except BaseException:
        system.stop()
        raise
    return system


@pytest.fixture(scope="session")
def omz_mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[omz_mirror_server.Mirror]:
    with omz_mirror_server.serve(tmp_path_factory.mktemp("omz-mirror")) as mirror:
        yield mirror


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, omz_mirror: omz_mirror_server.Mirror) -> Iterator[RunningSystem]:
    """The whole system; its model-service uses the local Open Model Zoo mirror and that mirror's catalog."""
    overrides = {"DLWB_OMZ_MIRROR_URL": omz_mirror.url, "DLWB_OMZ_CATALOG_PATH": str(omz_mirror.catalog_path)}
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        running = launch(tmp_path_factory.mktemp("system"))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield RunningSystem(running, tiny_onnx())
    running.stop()

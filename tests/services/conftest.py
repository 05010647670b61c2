"""Each service's FastAPI app built in this process by its own factory, on a real database and a real
nats-server; the tests talk to it with ``TestClient`` through its HTTP routes."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dlwb_calibration.config import CalibrationSettings
from dlwb_calibration.main import build_app as build_calibration
from dlwb_common import bus, subjects
from dlwb_common.messages.jobs import Job
from dlwb_model_service.config import ModelServiceSettings
from dlwb_model_service.main import build_app as build_model_service
from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.main import build_app as build_profiler
from tests.support import NatsServer


@dataclass
class ServiceEnvironment:
    """What every service of one test shares, as the launcher would give it: data folder, bus, token."""

    data_dir: Path
    nats: NatsServer
    internal_token: str

    def common(self) -> dict[str, object]:
        return {"data_dir": self.data_dir, "nats_url": self.nats.url, "nats_password": self.nats.services_password,
                "internal_token": self.internal_token, "log_level": "WARNING"}


@dataclass
class Service:
    """A running in-process service: its authenticated client, and what it shares with its peers."""

    client: TestClient
    environment: ServiceEnvironment

    @property
    def data_dir(self) -> Path:
        return self.environment.data_dir

    def finished_job(self, job_id: str, timeout: float = 120.0) -> Job:
        """The job once finished, told by its events on the bus (the job itself is read from this service)."""
        return asyncio.run(self._follow(job_id, timeout))

    async def _follow(self, job_id: str, timeout: float) -> Job:
        nats = self.environment.nats
        connection = await bus.connect(nats.url, name="test", user="services", password=nats.services_password)
        try:
            events = await connection.subscribe(subjects.job_events(job_id))
            job = Job.model_validate(self.client.get(f"/api/v1/jobs/{job_id}").json())
            async with asyncio.timeout(timeout):
                while not job.status.finished:
                    job = Job.decode((await events.next_msg(timeout=timeout)).data)
            return job
        finally:
            await connection.close()


@pytest.fixture
def environment(tmp_path: Path, nats_server: NatsServer) -> ServiceEnvironment:
    return ServiceEnvironment(data_dir=tmp_path / "data", nats=nats_server, internal_token=secrets.token_urlsafe(32))


@contextmanager
def serve(app: FastAPI, environment: ServiceEnvironment) -> Iterator[Service]:
    """Run the app's lifespan (migrations, bus, workers) for the duration of the block."""
    headers = {"authorization": f"Bearer {environment.internal_token}"}
    with TestClient(app, headers=headers) as client:
        yield Service(client=client, environment=environment)


def model_service_app(environment: ServiceEnvironment, database_url: str) -> FastAPI:
    return build_model_service(ModelServiceSettings(**environment.common(), model_database_url=database_url))


def profiler_app(environment: ServiceEnvironment, database_url: str) -> FastAPI:
    return build_profiler(ProfilerSettings(**environment.common(), profiler_database_url=database_url))


def calibration_app(environment: ServiceEnvironment, database_url: str) -> FastAPI:
    return build_calibration(CalibrationSettings(**environment.common(), calibration_database_url=database_url))


def sqlite_url(environment: ServiceEnvironment, service: str) -> str:
    environment.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{environment.data_dir / f'{service}.db'}"


@pytest.fixture
def model_service(environment: ServiceEnvironment, database_url: str) -> Iterator[Service]:
    """The model-service on the database under test."""
    with serve(model_service_app(environment, database_url), environment) as service:
        yield service


@pytest.fixture
def peer_model_service(environment: ServiceEnvironment) -> Iterator[Service]:
    """A model-service on its own SQLite file, on the bus to answer another service's questions."""
    with serve(model_service_app(environment, sqlite_url(environment, "model-service")), environment) as service:
        yield service


@pytest.fixture
def profiler(environment: ServiceEnvironment, database_url: str, peer_model_service: Service) -> Iterator[Service]:
    """The profiler-service on the database under test."""
    with serve(profiler_app(environment, database_url), environment) as service:
        yield service


@pytest.fixture
def peer_profiler(environment: ServiceEnvironment, peer_model_service: Service) -> Iterator[Service]:
    """A profiler-service on its own SQLite file, on the bus to answer another service's questions."""
    with serve(profiler_app(environment, sqlite_url(environment, "profiler-service")), environment) as service:
        yield service


@pytest.fixture
def calibration(environment: ServiceEnvironment, database_url: str, peer_profiler: Service) -> Iterator[Service]:
    """The calibration-service on the database under test."""
    with serve(calibration_app(environment, database_url), environment) as service:
        yield service


# For a test about file content (archives, model and dataset formats) the database adds nothing but time.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

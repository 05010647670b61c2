"""Fleet runs: one model variant, one benchmark configuration, several targets and devices, side by side."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field, model_validator

from dlwb_common.api.common import Schema
from dlwb_common.api.models import Precision
from dlwb_common.api.projects import BenchmarkCreate
from dlwb_common.messages.agent import BenchmarkSettings, LatencyStats
from dlwb_common.messages.jobs import Job, JobStatus

MAX_FLEET_TARGETS = 1000


class FleetTarget(Schema):
    """A target and the device on it to benchmark (``GPU.1`` names one of several GPUs)."""

    model_config = ConfigDict(extra="forbid")

    target_id: str = Field(min_length=1, max_length=64)
    device: str = Field(default="CPU", min_length=1, max_length=64)


class FleetRunCreate(Schema):
    """The same benchmark of one model variant on every listed target/device; ``settings.device`` is not
    given here: each target names its own."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=200)
    model_id: str = Field(min_length=1, max_length=64)
    precision: Precision = Precision.fp32
    dataset_id: str = Field(min_length=1, max_length=64)
    settings: BenchmarkCreate = BenchmarkCreate()
    targets: list[FleetTarget] = Field(min_length=1, max_length=MAX_FLEET_TARGETS)

    @model_validator(mode="after")
    def one_device_per_entry(self) -> FleetRunCreate:
        if self.settings.device is not None:
            raise ValueError("settings.device is not used in a fleet run: give each target's device in targets")
        pairs = [(t.target_id, t.device) for t in self.targets]
        if len(set(pairs)) != len(pairs):
            raise ValueError("each target/device pair may be listed once")
        return self


class FleetMemberPublic(Schema):
    """One target's benchmark in the fleet run, with what decides its speed there."""

    target_id: str
    device: str
    benchmark_id: str
    project_id: str
    job: Job
    throughput_fps: float | None = None
    latency: LatencyStats | None = None
    device_full_name: str | None = None
    cpu: str | None = None
    openvino_version: str | None = None
    inference_precision: str | None = None  # what the compiled model really ran in (f32, bf16, f16...)
    cpu_isa: str | None = None
    verdict: str | None = None


class FleetRunPublic(Schema):
    id: str
    name: str
    model_id: str
    precision: Precision
    dataset_id: str
    settings: BenchmarkSettings
    created_at: datetime
    status: JobStatus  # queued, running, then succeeded (every member did) or failed (one or more did not)
    verdict: str | None = None
    members: list[FleetMemberPublic]


class FleetRunsPublic(Schema):
    data: list[FleetRunPublic]
    count: int

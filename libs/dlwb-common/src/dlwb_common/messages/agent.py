"""What agents and the profiler-service say to each other."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from dlwb_common.messages.base import Message


class DeviceInfo(BaseModel):
    name: str
    full_name: str = ""
    capabilities: list[str] = []


class AgentInventory(BaseModel):
    hostname: str
    os: str
    cpu: str
    cores: int
    memory_bytes: int
    openvino_version: str
    devices: list[DeviceInfo]


class Heartbeat(Message):
    agent_id: str
    instance: str  # random per agent process: a change means the agent restarted
    busy_job_id: str | None = None
    inventory: AgentInventory
    interval_seconds: float


class ArtifactRef(BaseModel):
    """A content-addressed file the agent downloads over HTTP and checks by sha256."""

    sha256: str
    size: int
    url: str


class PerformanceHint(StrEnum):
    latency = "LATENCY"
    throughput = "THROUGHPUT"
    cumulative_throughput = "CUMULATIVE_THROUGHPUT"
    none = "NONE"


class BenchmarkSettings(BaseModel):
    """Run settings, named after benchmark_app's flags."""

    device: str = "CPU"
    duration_seconds: float = Field(default=10.0, gt=0, le=3600)
    hint: PerformanceHint = PerformanceHint.throughput
    nireq: int | None = Field(default=None, ge=1, le=256)


class DatasetSpec(BaseModel):
    kind: Literal["random"] = "random"
    seed: int = 0
    count: int = Field(default=16, ge=1, le=1024)


class BenchmarkRequest(Message):
    job_id: str
    model_xml: ArtifactRef
    model_bin: ArtifactRef
    settings: BenchmarkSettings
    dataset: DatasetSpec


class RunAccepted(Message):
    accepted: bool
    reason: str = ""


class LatencyStats(BaseModel):
    """Latency in milliseconds over ``count`` samples; percentiles are nearest-rank and withheld
    (None) when there are too few samples for them to mean anything."""

    count: int
    median: float
    mean: float
    min: float
    max: float
    stdev: float
    p90: float | None = None
    p95: float | None = None
    p99: float | None = None


class BenchmarkResult(BaseModel):
    throughput_fps: float
    count: int
    duration_ms: float
    batch: int
    nireq: int
    nstreams: int | None = None
    first_inference_ms: float
    read_ms: float
    compile_ms: float
    latency: LatencyStats
    manifest: dict[str, object] = {}


class AgentProgress(Message):
    job_id: str
    agent_id: str
    progress: float
    stage: str
    throughput_fps: float | None = None
    latency_median_ms: float | None = None


class AgentJobOutcome(Message):
    """The final word of an agent on a job (captured by JetStream so it survives restarts)."""

    job_id: str
    agent_id: str
    succeeded: bool
    result: BenchmarkResult | None = None
    error_code: str | None = None
    error_message: str | None = None

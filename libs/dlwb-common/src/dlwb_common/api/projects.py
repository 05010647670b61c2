from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, field_validator

from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.common import PrintableStr, Schema
from dlwb_common.api.models import Precision
from dlwb_common.messages.agent import (
    BenchmarkResult,
    BenchmarkSettings,
    InferenceApi,
    LayerProfile,
    PerformanceHint,
)
from dlwb_common.messages.jobs import Job, queue_timeout_field
from dlwb_common.precision import RunPrecision


class ProjectCreate(Schema):
    name: PrintableStr = Field(default="", max_length=200)
    model_id: str
    precision: Precision = Precision.fp32
    dataset_id: str
    target_id: str = "local"
    device: str = "CPU"


class ProjectPublic(Schema):
    id: str
    name: str
    model_id: str
    precision: Precision
    dataset_id: str
    target_id: str
    device: str
    variant_label: str | None = Field(default=None, description='the IR\'s name from its weights: "INT8" for the '
                                      "FP32 folder of an INT8 child (None: made before the workbench read it)")
    accuracy_config: AccuracyConfig | None = None  # saved: accuracy runs and calibration use it
    created_at: datetime


class ProjectsPublic(Schema):
    data: list[ProjectPublic]
    count: int


class BenchmarkCreate(BenchmarkSettings):
    """Benchmark settings. ``device`` defaults to the project's; any device of its target may be given."""

    model_config = ConfigDict(extra="forbid")

    device: str | None = Field(default=None, min_length=1, max_length=64)  # type: ignore[assignment]
    queue_timeout_seconds: float | None = queue_timeout_field()


class BenchmarkPublic(Schema):
    id: str
    project_id: str
    settings: BenchmarkSettings
    job: Job
    result: BenchmarkResult | None = None
    verdict: str | None = None
    ran_in: RunPrecision | None = None  # the precision asked for and the one that ran (None: not recorded)


class BenchmarksPublic(Schema):
    data: list[BenchmarkPublic]
    count: int


class LayerProfileCreate(BenchmarkCreate):
    """Settings of a per-layer profiling run: one synchronous request, by default at least 100 iterations
    with the LATENCY hint (more until the mean layer time settles, within a time budget)."""

    api: InferenceApi = InferenceApi.sync
    duration_seconds: float | None = Field(default=None, gt=0, le=3600)
    niter: int | None = Field(default=100, ge=1, le=1_000_000)
    hint: PerformanceHint = PerformanceHint.latency

    @field_validator("api")
    @classmethod
    def only_sync(cls, api: InferenceApi) -> InferenceApi:
        if api != InferenceApi.sync:
            raise ValueError("a layer profile runs one synchronous request: leave api out or give 'sync'")
        return api


class LayerProfilePublic(Schema):
    id: str
    project_id: str
    settings: BenchmarkSettings
    job: Job
    profile: LayerProfile | None = None
    verdict: str | None = None
    ran_in: RunPrecision | None = None  # the precision asked for and the one that ran (None: not recorded)


class LayerProfilesPublic(Schema):
    data: list[LayerProfilePublic]
    count: int


class SweepCreate(BenchmarkCreate):
    """A grid of runs: every combination of ``batches`` x ``streams`` x ``nireqs`` (empty list: keep the
    base setting). Explicit streams set the hint to NONE, as benchmark_app requires."""

    batches: list[Annotated[int, Field(ge=1, le=4096)]] = Field(default=[1], max_length=16)
    streams: list[Annotated[int, Field(ge=1, le=256)]] = Field(default=[1, 2], max_length=16)
    nireqs: list[Annotated[int, Field(ge=1, le=256)]] = Field(default=[], max_length=16)
    duration_seconds: float | None = Field(default=3.0, gt=0, le=600)
    latency_limit_ms: float | None = Field(default=None, gt=0)


class SweepPointPublic(Schema):
    index: int
    batch: int | None
    nstreams: int | None
    nireq: int | None
    status: str  # pending, done, failed
    throughput_fps: float | None = None
    latency_median_ms: float | None = None
    latency_p90_ms: float | None = None
    error: str | None = None


class SweepPublic(Schema):
    id: str
    project_id: str
    settings: BenchmarkSettings
    job: Job
    estimated_seconds: float
    latency_limit_ms: float | None = None
    points: list[SweepPointPublic]
    sweet_spot: int | None = None  # index of the best point under the latency limit
    verdict: str | None = None
    ran_in: RunPrecision | None = None  # the precision asked for and the one that ran (None: not recorded)


class SweepsPublic(Schema):
    data: list[SweepPublic]
    count: int


class RunSummary(Schema):
    id: str
    project_id: str
    project_name: str
    precision: str  # the IR's folder (FP32, FP16)
    weights: str  # the IR named by its weights: "INT8" for an INT8 child (the folder when not known)
    ran_in: RunPrecision | None = None
    target_id: str
    device: str
    throughput_fps: float | None = None
    latency_median_ms: float | None = None
    layer_time_ms: float | None = None


class LayerDelta(Schema):
    key: str  # layer name, or layer type in by_type
    type: str
    a_ms: float | None
    b_ms: float | None
    delta_ms: float  # b - a (a missing side counts as 0)
    a_precision: str | None = None
    b_precision: str | None = None


class ComparisonPublic(Schema):
    """B against A: ratios are B / A."""

    a: RunSummary
    b: RunSummary
    verdict: str
    precision_differences: list[str] = Field(default=[], description="what differs in precision between the two "
                                             "runs (weights, inference precision), also said in the verdict")
    throughput_ratio: float | None = None
    latency_median_ratio: float | None = None
    layers: list[LayerDelta] = []
    by_type: list[LayerDelta] = []

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from dlwb_common.api.common import Schema
from dlwb_common.api.models import Precision
from dlwb_common.messages.agent import BenchmarkResult, BenchmarkSettings, PerformanceHint
from dlwb_common.messages.jobs import Job


class ProjectCreate(Schema):
    name: str = Field(default="", max_length=200)
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
    created_at: datetime


class ProjectsPublic(Schema):
    data: list[ProjectPublic]
    count: int


class BenchmarkCreate(Schema):
    duration_seconds: float = Field(default=10.0, gt=0, le=3600)
    hint: PerformanceHint = PerformanceHint.throughput
    nireq: int | None = Field(default=None, ge=1, le=256)


class BenchmarkPublic(Schema):
    id: str
    project_id: str
    settings: BenchmarkSettings
    job: Job
    result: BenchmarkResult | None = None
    verdict: str | None = None


class BenchmarksPublic(Schema):
    data: list[BenchmarkPublic]
    count: int

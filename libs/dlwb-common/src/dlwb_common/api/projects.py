from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from dlwb_common.api.common import Schema
from dlwb_common.api.models import Precision
from dlwb_common.messages.agent import BenchmarkResult, BenchmarkSettings
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


class BenchmarkCreate(BenchmarkSettings):
    """Benchmark settings. ``device`` defaults to the project's; any device of its target may be given."""

    model_config = ConfigDict(extra="forbid")

    device: str | None = Field(default=None, min_length=1, max_length=64)  # type: ignore[assignment]


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

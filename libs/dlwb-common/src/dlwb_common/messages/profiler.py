"""Requests to the profiler-service over NATS (projects and runs, for the calibration-service)."""

from __future__ import annotations

from typing import Any

from dlwb_common.api.projects import BenchmarkCreate, ComparisonPublic, ProjectCreate, ProjectPublic
from dlwb_common.messages.agent import AgentTask
from dlwb_common.messages.base import Message


class ProjectRequest(Message):
    project_id: str


class ProjectCreateRequest(Message):
    project: ProjectCreate


class ProjectReply(Message):
    project: ProjectPublic


class RunStartRequest(Message):
    project_id: str
    task: AgentTask = AgentTask.benchmark
    settings: BenchmarkCreate = BenchmarkCreate()


class RunReply(Message):
    """A benchmark or layer profile as the REST API shows it (its job, result or profile, verdict)."""

    run_id: str
    job_id: str
    run: dict[str, Any]


class RunGetRequest(Message):
    run_id: str
    task: AgentTask = AgentTask.benchmark


class CompareRequest(Message):
    a_id: str
    b_id: str


class CompareReply(Message):
    comparison: ComparisonPublic

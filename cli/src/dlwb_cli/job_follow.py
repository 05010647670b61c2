"""Following a job to its end: the progress bar, the resource it made, exit 1 if it failed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from dlwb_cli.api import run_api
from dlwb_cli.client import Client
from dlwb_cli.exit_codes import JOB_FAILED
from dlwb_cli.output import emit, err
from dlwb_cli.progress import follow
from dlwb_common.messages.jobs import Job


def follow_job(client: Client, job_id: str, label: str, json: bool, progress: bool) -> Job:
    """The job's final state; a progress bar meanwhile, unless the output is JSON."""
    return run_api(lambda: follow(client.follow(job_id), label, progress and not json))


def exit_if_failed(job: Job, what: str) -> None:
    if job.status != "succeeded":
        detail = f"{job.error.message} ({job.error.code})" if job.error else job.status
        err.print(f"[red]{what} {job.status}:[/red] {detail}")
        raise typer.Exit(JOB_FAILED)


def follow_and_show(client: Client, job_id: str, label: str, path: str, show: Callable[[Any], None],
                    what: str, json: bool, progress: bool) -> None:
    """Follow a job to its end, then print the resource it made (JSON or ``show``); exit 1 if it failed."""
    job = follow_job(client, job_id, label, json, progress)
    emit(run_api(lambda: client.get(path)), json, show)
    exit_if_failed(job, what)

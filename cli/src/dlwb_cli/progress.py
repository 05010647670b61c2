"""Progress bars on stderr, drawn only on a terminal: a job's progress and bytes uploaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from dlwb_cli.client import Client
from dlwb_cli.output import err
from dlwb_common.messages.jobs import Job


def show_progress(enabled: bool) -> bool:
    return enabled and err.is_terminal


def describe_stage(job: Job) -> str:
    """The stage, with the rolling figures of a running measurement when the job carries them."""
    live = job.live
    if live is None:
        return job.stage
    figures = []
    if live.throughput_fps is not None:
        figures.append(f"{live.throughput_fps:,.1f} FPS")
    if live.latency_median_ms is not None:
        figures.append(f"median {live.latency_median_ms:.2f} ms")
    return f"{job.stage} · {' · '.join(figures)}" if figures else job.stage


def follow(jobs: Iterator[Job], label: str, enabled: bool) -> Job:
    """Drain the job's events, drawing a progress bar on a terminal; return the final state."""
    last: Job | None = None
    if not show_progress(enabled):
        for last in jobs:  # noqa: B007 - only the final state matters
            pass
    else:
        columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[stage]}"))
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task(label, total=1.0, stage="")
            for last in jobs:
                bar.update(task, completed=last.progress, stage=describe_stage(last))
    if last is None:
        raise RuntimeError("the event stream ended before the job did")
    return last


def upload_files(client: Client, paths: list[Path], show: bool) -> list[dict[str, str]]:
    """Resumable uploads of ``paths`` with a byte progress bar on a terminal."""
    if not show_progress(show):
        return [client.upload_resumable(path) for path in paths]
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        refs = []
        for path in paths:
            task = bar.add_task(f"uploading {path.name}", total=path.stat().st_size)
            refs.append(client.upload_resumable(path, lambda n, task=task: bar.advance(task, n)))
        return refs

"""Output for people (Rich) and for machines (--json on stdout, nothing else there)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dlwb_common.messages.jobs import Job

out = Console()
err = Console(stderr=True)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    view = Table(title=title, title_justify="left")
    for column in columns:
        view.add_column(column)
    for row in rows:
        view.add_row(*[str(cell) for cell in row])
    out.print(view)


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

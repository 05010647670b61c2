"""``dlwb jobs``: follow, cancel or retry a long-running job."""

from __future__ import annotations

import typer

from dlwb_cli.api import connect, send
from dlwb_cli.job_follow import exit_if_failed, follow_job
from dlwb_cli.options import JsonOption, ProgressOption
from dlwb_cli.output import emit, emit_json, out

app = typer.Typer(help="Long-running jobs.", no_args_is_help=True)


@app.command("cancel")
def cancel_job(job_id: str, json: JsonOption = False) -> None:
    """Cancel a queued or running benchmark, layer profile or sweep."""
    emit(send(f"/api/v1/jobs/{job_id}/cancel"), json, lambda job: out.print(
        f"{job['id']}: {job['status']} ({job['stage']})"))


@app.command("retry")
def retry_job(job_id: str, json: JsonOption = False, progress: ProgressOption = True,
              follow: bool = typer.Option(True, help="follow the new run to its end")) -> None:
    """Run a failed or cancelled benchmark, layer profile, sweep or accuracy run again (a new job, same request)."""
    job = send(f"/api/v1/jobs/{job_id}/retry")
    if not follow:
        emit(job, json, lambda new: out.print(f"{job_id} retried as {new['id']}: {new['status']} ({new['stage']})"))
        return
    if not json:
        out.print(f"{job_id} retried as {job['id']}")
    watch_job(job["id"], json, progress)


@app.command("watch")
def watch_job(job_id: str, json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Follow a job until it finishes."""
    job = follow_job(connect(), job_id, job_id, json, progress)
    if json:
        emit_json(job.model_dump(mode="json"))
    else:
        out.print(f"{job.id}: {job.status} ({job.stage})")
    exit_if_failed(job, job.kind)

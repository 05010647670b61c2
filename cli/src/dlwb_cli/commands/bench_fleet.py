"""``dlwb bench fleet``: one benchmark of a model on several targets and devices, side by side."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, run_api
from dlwb_cli.exit_codes import JOB_FAILED
from dlwb_cli.job_follow import follow_job
from dlwb_cli.options import JsonOption, PrecisionOption, ProgressOption
from dlwb_cli.output import emit, err, out, table

TargetOption = Annotated[list[str], typer.Option(
    "--target", help="a target, with its device after a colon (default CPU): local, edge1:GPU; repeat it")]


def parse_target(text: str) -> dict[str, str]:
    target, _, device = text.partition(":")
    if not target.strip():
        raise typer.BadParameter(f"expected TARGET or TARGET:DEVICE, got {text!r}")
    return {"target_id": target.strip(), "device": device.strip() or "CPU"}


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def member_row(member: dict[str, Any]) -> list[str]:
    """One member as a table row: its figures, and the precision and ISA it really ran with."""
    latency = member.get("latency") or {}
    fps = member.get("throughput_fps")
    return [f"{member['target_id']}/{member['device']}", member["job"]["status"] if fps is None else f"{fps:,.1f}",
            ms(latency.get("median")), ms(latency.get("p90")), ms(latency.get("p99")),
            member.get("inference_precision") or "—", member.get("cpu_isa") or "—"]


def ranked(fleet: dict[str, Any]) -> list[dict[str, Any]]:
    """Fastest first; members without a result last, in their order."""
    return sorted(fleet["members"], key=lambda m: -(m.get("throughput_fps") or 0.0))


def print_fleet(fleet: dict[str, Any]) -> None:
    if fleet.get("verdict"):
        out.print(f"[bold]{fleet['verdict']}[/bold]")
    members = ranked(fleet)
    table(f"fleet run {fleet['id']} ({fleet['status']})",
          ["target/device", "FPS", "median ms", "p90 ms", "p99 ms", "precision used", "ISA"],
          [member_row(m) for m in members])
    for member in members:  # whole, on their own lines: device names and versions are never cut
        out.print(f"{member['target_id']}/{member['device']}: {member.get('device_full_name') or '—'} · "
                  f"OpenVINO {member.get('openvino_version') or '—'}", soft_wrap=True)
        error = member["job"].get("error")
        if error:
            err.print(f"[red]{member['target_id']}/{member['device']}:[/red] {error['message']} ({error['code']})")


def fleet_benchmark(model_id: str, targets: TargetOption, precision: PrecisionOption = "FP32",
                    duration: Annotated[float | None, typer.Option(
                        "--time", "-t", "--duration", help="seconds of timed inference [default: 10]")] = None,
                    niter: Annotated[int | None, typer.Option(help="iterations (with --time: both must be met)")]
                    = None,
                    hint: Annotated[str, typer.Option(help="LATENCY, THROUGHPUT, CUMULATIVE_THROUGHPUT, NONE")]
                    = "THROUGHPUT",
                    batch: Annotated[int | None, typer.Option("--batch", "-b", help="batch size")] = None,
                    json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Benchmark a model (random inputs) with the same settings on every --target, then compare them."""
    members = [parse_target(text) for text in targets]
    client = connect()
    dataset = run_api(lambda: client.post("/api/v1/datasets", {"name": "random inputs", "kind": "random"}))
    seconds = duration if duration is not None else (None if niter else 10.0)
    fleet = run_api(lambda: client.post("/api/v1/fleet-runs", {
        "model_id": model_id, "precision": precision, "dataset_id": dataset["id"], "targets": members,
        "settings": {"duration_seconds": seconds, "niter": niter, "hint": hint, "batch": batch}}))
    for member in fleet["members"]:  # they run at once on different machines: following them in turn is enough
        follow_job(client, member["job"]["id"], f"{member['target_id']}/{member['device']}", json, progress)
    fleet = run_api(lambda: client.get(f"/api/v1/fleet-runs/{fleet['id']}"))
    emit(fleet, json, print_fleet)
    if fleet["status"] != "succeeded":
        raise typer.Exit(JOB_FAILED)

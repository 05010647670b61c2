"""A fleet run as the public sees it: each target's benchmark with the facts that decide its speed, the
fleet's status from its members' jobs, and its verdict."""

from __future__ import annotations

from typing import Any

from dlwb_common.api.fleets import FleetMemberPublic, FleetRunPublic
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_profiler.fleet.verdict import fleet_verdict
from dlwb_profiler.orm import FleetRunRow, JobRow, RunRow, TargetRow
from dlwb_service_kit.jobs import to_job


def device_of(inventory: dict[str, Any], device: str) -> dict[str, Any]:
    """The inventory entry of ``device`` (``GPU.1`` falls back to ``GPU``), or {}."""
    devices = {entry["name"]: entry for entry in inventory.get("devices", [])}
    return devices.get(device) or devices.get(device.split(".")[0]) or {}


def member(run: RunRow, job_row: JobRow, target: TargetRow | None) -> FleetMemberPublic:
    """Facts come from the result's manifest (what really ran) and, before there is one, from the target's
    last inventory."""
    device = run.settings["device"]
    inventory = target.inventory if target is not None else {}
    listed = device_of(inventory, device)
    result = run.result or {}
    manifest = result.get("manifest", {})
    return FleetMemberPublic(
        target_id=run.target_id, device=device, benchmark_id=run.id, project_id=run.project_id, job=to_job(job_row),
        throughput_fps=result.get("throughput_fps"), latency=result.get("latency"),
        device_full_name=manifest.get("device_full_name") or listed.get("full_name"),
        cpu=manifest.get("cpu") or inventory.get("cpu"),
        openvino_version=manifest.get("openvino_version") or inventory.get("openvino_version"),
        inference_precision=manifest.get("inference_precision"),
        cpu_isa=manifest.get("cpu_isa") or listed.get("isa"), verdict=run.verdict)


def fleet_status(jobs: list[Job]) -> JobStatus:
    """Queued while every member is; running until every member finished; then succeeded only if all did."""
    if all(job.status == JobStatus.queued for job in jobs):
        return JobStatus.queued
    if not all(job.status.finished for job in jobs):
        return JobStatus.running
    return JobStatus.succeeded if all(job.status == JobStatus.succeeded for job in jobs) else JobStatus.failed


def to_public(fleet: FleetRunRow, members: list[FleetMemberPublic]) -> FleetRunPublic:
    status = fleet_status([m.job for m in members])
    return FleetRunPublic(id=fleet.id, name=fleet.name, model_id=fleet.model_id, precision=fleet.precision,
                          dataset_id=fleet.dataset_id, settings=fleet.settings, created_at=fleet.created_at,
                          status=status, verdict=fleet_verdict(members) if status.finished else None,
                          members=members)

"""Targets: what agents say about themselves in heartbeats, and whether they are alive."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from dlwb_common.api.targets import TargetPublic, TargetsPublic, TargetStatus
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.messages.agent import Heartbeat
from dlwb_common.precision import supported_precisions
from dlwb_profiler.context import Context
from dlwb_profiler.orm import TargetRow
from dlwb_service_kit.jobs import as_utc, utcnow

MIN_MISSED_BEATS = 3


def lost_after(ctx: Context, row: TargetRow) -> float:
    """Seconds of silence after which the target is offline: the grace period, and never under three beats."""
    return max(ctx.settings.agent_lost_after_seconds, MIN_MISSED_BEATS * row.heartbeat_seconds)


def is_alive(ctx: Context, row: TargetRow, since: datetime | None = None) -> bool:
    """Heard from within the grace period (counting from ``since`` if later: the moment this process
    began, or last resumed, listening)."""
    last = max(as_utc(row.last_seen), since) if since else as_utc(row.last_seen)
    return utcnow() - last <= timedelta(seconds=lost_after(ctx, row))


def status_of(ctx: Context, row: TargetRow) -> TargetStatus:
    if not is_alive(ctx, row):
        return TargetStatus.offline
    return TargetStatus.busy if row.busy_job_id else TargetStatus.online


def to_public(ctx: Context, row: TargetRow) -> TargetPublic:
    return TargetPublic(id=row.id, status=status_of(ctx, row), last_seen=as_utc(row.last_seen),
                        inventory=row.inventory)


def record_heartbeat(ctx: Context, beat: Heartbeat) -> None:
    with ctx.db.session() as session:
        row = session.get(TargetRow, beat.agent_id)
        if row is None:
            row = TargetRow(id=beat.agent_id)
            session.add(row)
        row.inventory = beat.inventory.model_dump()
        row.last_seen = utcnow()
        row.heartbeat_seconds = beat.interval_seconds
        row.instance = beat.instance
        row.busy_job_id = beat.busy_job_id


def check_device(target: TargetRow, device: str) -> None:
    """Refuse a device the target does not have (``GPU.1`` is accepted when ``GPU.1`` or ``GPU`` is listed)."""
    devices = [entry["name"] for entry in target.inventory.get("devices", [])]
    if device not in devices and device.split(".")[0] not in devices:
        raise InvalidInputError(f"target {target.id} has no device {device} (it has: {', '.join(devices)})",
                                code="target.unknown_device")


def check_precision(target: TargetRow, device: str, precision: str | None) -> None:
    """Refuse an inference precision the device does not offer (by its OPTIMIZATION_CAPABILITIES); a device
    that lists none is not second-guessed."""
    if precision is None:
        return
    entries = target.inventory.get("devices", [])
    entry = next((e for e in entries if e["name"] == device), None) or next(
        (e for e in entries if e["name"] == device.split(".")[0]), None)
    offered = supported_precisions(entry.get("capabilities", [])) if entry else []
    if offered and precision not in offered:
        raise InvalidInputError(f"{device} on target {target.id} cannot compute in {precision} (it offers: "
                                f"{', '.join(offered)})", code="run.unsupported_precision")


def get_row(ctx: Context, target_id: str) -> TargetRow:
    with ctx.db.session() as session:
        row = session.get(TargetRow, target_id)
        if row is None:
            raise NotFoundError(f"target {target_id} not found: no agent with this id has connected",
                                code="target.not_found")
        return row


def get(ctx: Context, target_id: str) -> TargetPublic:
    return to_public(ctx, get_row(ctx, target_id))


def get_all(ctx: Context) -> TargetsPublic:
    with ctx.db.session() as session:
        rows = list(session.scalars(select(TargetRow).order_by(TargetRow.id)))
    return TargetsPublic(data=[to_public(ctx, row) for row in rows], count=len(rows))

"""The sentence that leads a fleet run: which target is fastest, by how much, and what failed."""

from __future__ import annotations

from dlwb_common.api.fleets import FleetMemberPublic
from dlwb_common.messages.jobs import JobStatus


def where(member: FleetMemberPublic) -> str:
    return f"{member.target_id}/{member.device}"


def fleet_verdict(members: list[FleetMemberPublic]) -> str:
    measured = sorted((m for m in members if m.throughput_fps), key=lambda m: m.throughput_fps or 0, reverse=True)
    failed = sum(1 for m in members if m.job.status != JobStatus.succeeded)
    failures = f" {failed} of {len(members)} target{'s' if len(members) != 1 else ''} did not finish." if failed else ""
    if not measured:
        return f"No target finished the benchmark.{failures}"
    best = measured[0]
    median = f" at a median latency of {best.latency.median:.2f} ms" if best.latency else ""
    if len(measured) == 1:
        return f"{where(best)}: {best.throughput_fps:,.1f} FPS{median}.{failures}"
    slowest = measured[-1]
    ratio = (best.throughput_fps or 0) / (slowest.throughput_fps or 1)
    return (f"{where(best)} is the fastest of {len(measured)}: {best.throughput_fps:,.1f} FPS{median}, "
            f"{ratio:.2f}x {where(slowest)} ({slowest.throughput_fps:,.1f} FPS), the slowest.{failures}")

"""The one sentence that leads a benchmark result."""

from __future__ import annotations

from dlwb_common.messages.agent import BenchmarkResult, BenchmarkSettings


def verdict(result: BenchmarkResult, settings: BenchmarkSettings, cpu: str) -> str:
    where = f"{settings.device} ({cpu})" if settings.device.startswith("CPU") and cpu else settings.device
    return (f"{result.throughput_fps:,.1f} FPS at a median latency of {result.latency.median:.2f} ms "
            f"on {where}: {result.count:,} inferences in {result.duration_ms / 1000:.1f} s, "
            f"{settings.hint.value} hint, {result.nireq} infer request{'s' if result.nireq != 1 else ''}.")

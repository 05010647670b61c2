"""The one sentence that leads a result."""

from __future__ import annotations

from dlwb_common.messages.agent import BenchmarkResult, BenchmarkSettings


def benchmark_verdict(result: BenchmarkResult, settings: BenchmarkSettings, cpu: str) -> str:
    where = f"{settings.device} ({cpu})" if settings.device.startswith("CPU") and cpu else settings.device
    seconds = result.duration_ms / 1000
    stability = ""
    if result.stability is not None and not result.stability.stable:
        stability = f" Unstable run (window-to-window variation {result.stability.cv:.0%}): repeat it longer."
    return (f"{result.throughput_fps:,.1f} FPS at a median latency of {result.latency.median:.2f} ms "
            f"on {where}: {result.count:,} inferences in {seconds:.{1 if seconds >= 1 else 2}f} s, "
            f"{settings.hint.value} hint, {result.nireq} infer request{'s' if result.nireq != 1 else ''}."
            + stability)


"""The one sentence that leads an accuracy run."""

from __future__ import annotations

from dlwb_common.api.accuracy import AccuracyResult


def accuracy_verdict(result: AccuracyResult, device: str) -> str:
    figures = ", ".join(f"{m.name} {m.value:.2%}" if m.unit in ("", "ratio") and m.value <= 1 else
                        f"{m.name} {m.value:.4g} {m.unit}".strip() for m in result.metrics[:3])
    return (f"{figures} on {result.samples} images ({result.task}); {result.images_per_second:,.0f} images/s "
            f"on {device}")

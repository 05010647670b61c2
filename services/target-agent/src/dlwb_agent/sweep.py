"""A sweep: one timed run per grid point, each point's result sent as soon as it is known."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import openvino as ov

from dlwb_agent.benchmark import Progress, run_benchmark
from dlwb_agent.loops import Cancelled
from dlwb_common.errors import DlwbError, ErrorBody
from dlwb_common.messages.agent import BenchmarkSettings, DatasetSpec, SweepPoint, SweepPointResult


def run_sweep(xml: Path, weights: Path, settings: BenchmarkSettings, points: list[SweepPoint],
              dataset: DatasetSpec, report: Callable[[Progress], None], on_point: Callable[[SweepPointResult], None],
              core: ov.Core | None = None, manifest: dict[str, object] | None = None,
              cancel: threading.Event | None = None) -> None:
    """Run every point; a point that fails is reported with its error and the sweep goes on.
    Cancellation stops the sweep (``Cancelled`` propagates)."""
    core = core or ov.Core()
    for index, point in enumerate(points):
        label = f"point {index + 1}/{len(points)}: " + ", ".join(
            f"{key} {value}" for key, value in point.model_dump().items() if value is not None)

        def scaled(progress: Progress, index: int = index, label: str = label) -> None:
            report(Progress((index + progress.fraction) / len(points), f"{label} ({progress.stage})",
                            progress.throughput_fps, progress.latency_median_ms, progress.elapsed_seconds))

        try:
            result = run_benchmark(xml, weights, point.apply(settings), dataset, scaled, core, manifest, cancel)
            on_point(SweepPointResult(index=index, point=point, result=result))
        except Cancelled:
            raise
        except DlwbError as exc:
            on_point(SweepPointResult(index=index, point=point, error=exc.body()))
        except Exception as exc:  # an OpenVINO error at one point (e.g. a batch too large) ends only that point
            on_point(SweepPointResult(index=index, point=point,
                                      error=ErrorBody(code="run.failed", message=str(exc)[:1000])))

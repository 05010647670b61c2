"""A burst of benchmarks on one target: do they all wait their turn, in order, without idle gaps?

    .venv/bin/python bench/burst.py [--jobs 50] [--duration 1]

Starts the whole system (as `dlwb up` does), imports SqueezeNet, then submits --jobs benchmarks of
--duration seconds at once (8 client threads) to the one local target, and follows them to their end.
Reports how many succeeded, whether they started in the order the server queued them (fifo=1), and
the target's idle time between runs: the next run's start minus the previous run's end, as the job
records tell (end: its outcome stored; start: the agent took the next run). The last line:
`burst jobs=<n> succeeded=<n> fifo=<0|1> idle_gap_ms_p95=<ms>`.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from harness import job_events, ready_project, running_system, tiny_onnx


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--duration", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir, running_system(Path(data_dir)) as (_system, client):
        _model, project_id = ready_project(client, tiny_onnx())
        settings = {"duration_seconds": args.duration, "hint": "THROUGHPUT"}
        with ThreadPoolExecutor(8) as pool:
            submitted = list(pool.map(lambda _: client.post(f"/api/v1/projects/{project_id}/benchmarks",
                                                            json=settings).json()["id"], range(args.jobs)))
        finals = [job_events(client, job_id)[-1] for job_id in submitted]
    succeeded = [job for job in finals if job.status == "succeeded"]
    failures = sorted({f"{job.status}:{job.error.code if job.error else ''}" for job in finals} - {"succeeded:"})
    started = [job for job in finals if job.started_at is not None]
    queued_order = [job.id for job in sorted(finals, key=lambda job: (job.created_at, job.id))]
    start_order = [job.id for job in sorted(started, key=lambda job: job.started_at or datetime.min)]
    fifo = int(start_order == [job_id for job_id in queued_order if job_id in set(start_order)])
    by_start = sorted(started, key=lambda job: job.started_at or datetime.min)
    gaps = [(nxt.started_at - prev.finished_at).total_seconds() * 1000
            for prev, nxt in zip(by_start, by_start[1:], strict=False) if prev.finished_at and nxt.started_at]
    wall = (by_start[-1].finished_at - by_start[0].started_at).total_seconds() if by_start else 0.0
    print(f"{args.jobs} benchmarks of {args.duration:g} s submitted at once; wall time first start to last end "
          f"{wall:.1f} s ({wall / (args.jobs * args.duration):.2f}x the measuring time)")
    if failures:
        print("failures:", ", ".join(failures))
    if gaps:
        print(f"idle gap between runs (ms): median {nearest_rank(gaps, 0.5):.1f}, p95 {nearest_rank(gaps, 0.95):.1f}, "
              f"max {max(gaps):.1f}")
    p95 = nearest_rank(gaps, 0.95) if gaps else float("nan")
    print(f"burst jobs={args.jobs} succeeded={len(succeeded)} fifo={fifo} idle_gap_ms_p95={p95:.0f}")


if __name__ == "__main__":
    main()

"""Cold start of the embedded system, and the overhead of the vertical slice beyond the timed loop.

    .venv/bin/python bench/slice.py [--duration 10]

Starts the whole system (as `dlwb up` does) on a fresh data directory and free ports, then through
the REST API: upload the SqueezeNet ONNX from the onnx wheel, convert (FP32+FP16), create a dataset
and a project, run a benchmark of --duration seconds, and wait for its result. Prints each phase and
the overhead (wall time minus the requested duration) and its ratio to the duration.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from harness import ready_project, run_result, running_system, tiny_onnx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        with running_system(Path(data_dir)) as (_system, client):
            cold_start = time.perf_counter() - started
            t0 = time.perf_counter()
            _model, project_id = ready_project(client, tiny_onnx())
            t_converted = time.perf_counter()
            result = run_result(client, project_id, {"duration_seconds": args.duration})
            t_done = time.perf_counter()
    total = t_done - t0
    overhead = total - args.duration
    print(f"cold start until every service is ready and the agent registered: {cold_start:.2f} s")
    print(f"upload + conversion to FP32/FP16 IR + project: {t_converted - t0:.2f} s")
    print(f"{args.duration:g} s benchmark until its result is stored: {t_done - t_converted:.2f} s")
    print(f"result: {result['throughput_fps']:.1f} FPS, median {result['latency']['median']:.2f} ms")
    print(f"slice total {total:.2f} s for a {args.duration:g} s benchmark")
    print(f"slice overhead_s={overhead:.2f} overhead_ratio={overhead / args.duration:.3f}")


if __name__ == "__main__":
    main()

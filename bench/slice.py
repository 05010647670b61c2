"""Cold start of the embedded system, and the overhead of the vertical slice beyond the timed loop.

    .venv/bin/python bench/slice.py [--duration 10]

Starts the whole system (as `dlwb up` does) on a fresh data directory and free ports, then through
the REST API: upload the SqueezeNet ONNX from the onnx wheel, convert (FP32+FP16), create a dataset
and a project, run a benchmark of --duration seconds, and wait for its result. Prints each phase and
the overhead (wall time minus the requested duration) and its ratio to the duration.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.conftest import launch  # noqa: E402
from tests.e2e.test_slice import job_events, upload  # noqa: E402
from tests.support import tiny_onnx  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        system = launch(Path(data_dir))
        cold_start = time.perf_counter() - started
        try:
            client = httpx.Client(base_url=system.url, headers={"authorization": f"Bearer {system.token}"},
                                  timeout=120)
            t0 = time.perf_counter()
            model = upload(client, tiny_onnx()).json()
            job_events(client, model["conversion_job_id"])
            t_converted = time.perf_counter()
            dataset = client.post("/api/v1/datasets", json={"name": "random"}).json()
            project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]})
            bench = client.post(f"/api/v1/projects/{project.json()['id']}/benchmarks",
                                json={"duration_seconds": args.duration}).json()
            events = job_events(client, bench["id"])
            result = client.get(f"/api/v1/benchmarks/{bench['id']}").json()
            t_done = time.perf_counter()
        finally:
            system.stop()
    total = t_done - t0
    overhead = total - args.duration
    print(f"cold start until every service is ready and the agent registered: {cold_start:.2f} s")
    print(f"upload + conversion to FP32/FP16 IR: {t_converted - t0:.2f} s")
    print(f"project + {args.duration:g} s benchmark until its result is stored: {t_done - t_converted:.2f} s")
    print(f"result: {result['verdict']} (status {events[-1].status})")
    print(f"slice total {total:.2f} s for a {args.duration:g} s benchmark")
    print(f"slice overhead_s={overhead:.2f} overhead_ratio={overhead / args.duration:.3f}")


if __name__ == "__main__":
    main()

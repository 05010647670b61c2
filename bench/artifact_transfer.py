"""Artifact transfer to an agent: MB/s on loopback for a large model, then the same run from the cache.

    .venv/bin/python bench/artifact_transfer.py [--megabytes 500]

Builds an ONNX model whose weights are --megabytes of float32 (one MatMul), imports it through the
workbench, and benchmarks its FP32 IR twice for 1 iteration on the local agent. The agent reports how
long it took to fetch the IR (gateway → model-service → agent over HTTP, sha256-checked) and whether
it came from its cache. Prints MB/s of the first fetch (target >= 200) and the cached fetch time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.conftest import launch  # noqa: E402
from tests.e2e.test_slice import job_events, upload  # noqa: E402


def big_model(path: Path, megabytes: int) -> None:
    columns = 1024
    rows = megabytes * 1024 * 1024 // 4 // columns
    weights = numpy_helper.from_array(np.random.default_rng(0).random((rows, columns), dtype=np.float32), "w")
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "big",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, rows])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, columns])], [weights])
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(path),
                    save_as_external_data=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        model_path = Path(scratch) / "big.onnx"
        big_model(model_path, args.megabytes)
        system = launch(Path(scratch) / "data")
        try:
            client = httpx.Client(base_url=system.url, headers={"authorization": f"Bearer {system.token}"},
                                  timeout=600)
            started = time.perf_counter()
            model = upload(client, model_path).json()
            job_events(client, model["conversion_job_id"])
            elapsed = time.perf_counter() - started
            print(f"import + conversion of {model_path.stat().st_size / 1e6:.0f} MB: {elapsed:.1f} s")
            dataset = client.post("/api/v1/datasets", json={"name": "random", "count": 1}).json()
            project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]})
            fetches = []
            for _ in range(2):
                bench = client.post(f"/api/v1/projects/{project.json()['id']}/benchmarks",
                                    json={"niter": 1, "duration_seconds": None, "hint": "LATENCY"}).json()
                events = job_events(client, bench["id"])
                assert events[-1].status == "succeeded", events[-1].error
                manifest = client.get(f"/api/v1/benchmarks/{bench['id']}").json()["result"]["manifest"]
                fetches.append(manifest)
        finally:
            system.stop()
    first, second = fetches
    megabytes = first["model_bytes"] / 1e6
    rate = megabytes / (first["fetch_ms"] / 1000)
    print(f"first fetch: {megabytes:.0f} MB in {first['fetch_ms']:.0f} ms = {rate:.0f} MB/s "
          f"(from cache: {first['fetch_from_cache']})")
    print(f"second run: fetch {second['fetch_ms']:.1f} ms (from cache: {second['fetch_from_cache']})")
    print(f"artifact_transfer mb_per_s={rate:.0f} cached_ms={second['fetch_ms']:.1f}")


if __name__ == "__main__":
    main()

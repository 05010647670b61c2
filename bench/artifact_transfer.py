"""Artifact transfer to an agent: MB/s on loopback for a large model, then the same run from the cache.

    .venv/bin/python bench/artifact_transfer.py [--megabytes 500]

Builds an ONNX model whose weights are --megabytes of float32 (one MatMul), imports it through the
workbench, and benchmarks its FP32 IR twice for 1 iteration on the local agent. The agent reports how
long it took to fetch the IR (gateway → model-service → agent over HTTP, sha256-checked) and whether
it came from its cache. Prints MB/s of the first fetch (target >= 200) and the cached fetch time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
from harness import ready_project, run_result, running_system
from onnx import TensorProto, helper, numpy_helper


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
        with running_system(Path(scratch) / "data") as (_system, client):
            started = time.perf_counter()
            _model, project_id = ready_project(client, model_path, dataset={"name": "random", "count": 1})
            elapsed = time.perf_counter() - started
            print(f"import + conversion of {model_path.stat().st_size / 1e6:.0f} MB: {elapsed:.1f} s")
            fetches = [run_result(client, project_id, {"niter": 1, "duration_seconds": None,
                                                       "hint": "LATENCY"})["manifest"] for _ in range(2)]
    first, second = fetches
    megabytes = first["model_bytes"] / 1e6
    rate = megabytes / (first["fetch_ms"] / 1000)
    print(f"first fetch: {megabytes:.0f} MB in {first['fetch_ms']:.0f} ms = {rate:.0f} MB/s "
          f"(from cache: {first['fetch_from_cache']})")
    print(f"second run: fetch {second['fetch_ms']:.1f} ms (from cache: {second['fetch_from_cache']})")
    print(f"artifact_transfer mb_per_s={rate:.0f} cached_ms={second['fetch_ms']:.1f}")


if __name__ == "__main__":
    main()

"""Calibration wall time through the workbench vs plain ``nncf.quantize``, side by side in one run.

    .venv/bin/python bench/calibration.py [--model light_resnet50] [--subset 32] [--rounds 3]

The model is one of the architecture models in the onnx wheel. The workbench side: POST a calibration
(no comparison runs) until its job succeeds: fetching the parent IR, NNCF in a child process, the INT8
child registered and converted by the model-service. The plain side: a fresh Python process that reads
the same FP32 IR, runs ``nncf.quantize`` on the same generated samples and subset, and saves the IR.
Rounds alternate; the last line gives the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import running_system

from tests.e2e.test_slice import job_events, upload
from tests.support import ONNX_MODELS

PLAIN = """
import sys, time
started = time.perf_counter()
import nncf, openvino as ov
from dlwb_common.messages.agent import DatasetSpec
from dlwb_engine.inputs import random_inputs
model = ov.Core().read_model(sys.argv[1])
samples = random_inputs(model, DatasetSpec(seed=0, count=int(sys.argv[3])), int(sys.argv[3]))
quantized = nncf.quantize(model, nncf.Dataset(samples, lambda item: [item[i] for i in sorted(item)]),
                          subset_size=int(sys.argv[3]))
ov.save_model(quantized, sys.argv[2], compress_to_fp16=False)
print(time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="light_resnet50")
    parser.add_argument("--subset", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        model = upload(client, ONNX_MODELS / f"{args.model}.onnx").json()
        job_events(client, model["conversion_job_id"])
        fp32 = client.get(f"/api/v1/models/{model['id']}/ir/FP32/model.xml").content
        (Path(scratch) / "model.xml").write_bytes(fp32)
        (Path(scratch) / "model.bin").write_bytes(client.get(f"/api/v1/models/{model['id']}/ir/FP32/model.bin").content)
        dataset = client.post("/api/v1/datasets", json={"name": "calibration", "count": args.subset}).json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]}).json()
        ours, theirs = [], []
        for index in range(args.rounds):
            started = time.perf_counter()
            plain = subprocess.run([sys.executable, "-c", PLAIN, str(Path(scratch) / "model.xml"),
                                    str(Path(scratch) / f"int8-{index}.xml"), str(args.subset)],
                                   capture_output=True, text=True, check=True)
            theirs.append(time.perf_counter() - started)
            started = time.perf_counter()
            calibration = client.post("/api/v1/calibrations", json={"project_id": project["id"],
                                                                     "subset_size": args.subset, "compare": False})
            final = job_events(client, calibration.json()["job"]["id"])[-1]
            ours.append(time.perf_counter() - started)
            assert final.status == "succeeded", final.error
            print(f"round {index + 1}: workbench {ours[-1]:.2f} s | plain nncf.quantize {theirs[-1]:.2f} s "
                  f"(of which in-process {float(plain.stdout.strip().splitlines()[-1]):.2f} s)", flush=True)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"calibration model={args.model} subset={args.subset} ratio={ratio:.3f}")


if __name__ == "__main__":
    main()

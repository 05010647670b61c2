"""Import + conversion through the workbench vs plain `ovc`, side by side on the same ONNX model.

    .venv/bin/python bench/import_vs_ovc.py [--megabytes 200] [--rounds 3]

The workbench side: upload (streamed, hashed), validation, conversion to FP32 and FP16 IR in a child
process, analysis, until the conversion job succeeds. The ovc side: `ovc` writing FP32 and then FP16
(--compress_to_fp16), the same two outputs. Rounds alternate; ratio = median workbench / median ovc.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from artifact_transfer import big_model
from harness import job_events, running_system

from tests.e2e.test_slice import upload


def ovc(model: Path, out: Path) -> float:
    binary = Path(sys.executable).with_name("ovc")
    started = time.perf_counter()
    for precision, compress in (("fp32", "False"), ("fp16", "True")):
        subprocess.run([str(binary), str(model), "--output_model", str(out / precision / "model.xml"),
                        "--compress_to_fp16", compress], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "big.onnx"
        big_model(model, args.megabytes)
        with running_system(Path(scratch) / "data") as (_system, client):
            ours, theirs = [], []
            for index in range(args.rounds):
                theirs.append(ovc(model, Path(scratch) / f"ovc{index}"))
                started = time.perf_counter()
                created = upload(client, model).json()
                final = job_events(client, created["conversion_job_id"])[-1]
                ours.append(time.perf_counter() - started)
                assert final.status == "succeeded", final.error
                print(f"round {index + 1}: workbench {ours[-1]:.2f} s | ovc {theirs[-1]:.2f} s", flush=True)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"import_vs_ovc model_mb={args.megabytes} ratio={ratio:.3f}")




if __name__ == "__main__":
    main()

"""INT8 against FP32 for a real convolutional classifier, through the workbench, in one run.

    .venv/bin/python bench/int8.py [--images 2000] [--seconds 5]

The Fashion-MNIST CNN (tests/fixtures/fashion_mnist) and --images test images (labelled, from Debian's
dataset-fashion-mnist) are imported; a calibration job quantizes the model on its own images (default
quantization, 300 samples) and compares: parent and child benchmarked on the local agent one after the
other (throughput hint), then top-1 of both measured by accuracy jobs on all the images. Last line:
the throughput ratio INT8 / FP32 and the top-1 drop in points.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import running_system

from tests.e2e.test_resumable_upload import upload_whole
from tests.e2e.test_slice import job_events, upload

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "fashion_mnist"
CONFIG = {"preprocessing": {"scale": [255.0]}}


def top1(client, project_id: str) -> float:  # type: ignore[no-untyped-def]
    run = client.post(f"/api/v1/projects/{project_id}/accuracy", json={"config": CONFIG}).json()
    job_events(client, run["job"]["id"])
    metrics = client.get(f"/api/v1/accuracy/{run['id']}").json()["result"]["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "top1_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "fashion.tar.gz"
        subprocess.run([sys.executable, str(FIXTURES / "make_dataset.py"), "--count", str(args.images), "--out",
                        str(archive)], check=True, capture_output=True)
        with running_system(Path(scratch) / "data") as (_system, client):
            model = upload(client, FIXTURES / "fashion_cnn.onnx").json()
            job_events(client, model["conversion_job_id"])
            dataset = client.post("/api/v1/datasets/imports", json=upload_whole(client, archive)).json()
            project = client.post("/api/v1/projects", json={"model_id": model["id"],
                                                             "dataset_id": dataset["id"]}).json()
            client.put(f"/api/v1/projects/{project['id']}/accuracy-config", json=CONFIG)
            started = client.post("/api/v1/calibrations", json={"project_id": project["id"], "subset_size": 300,
                                                                 "compare_seconds": args.seconds}).json()
            final = job_events(client, started["job"]["id"])[-1]
            assert final.status == "succeeded", final.error
            calibration = client.get(f"/api/v1/calibrations/{started['id']}").json()
            report = calibration["report"]
            fp32, int8 = top1(client, project["id"]), top1(client, calibration["child_project_id"])
    print(report["verdict"])
    print(f"FP32 top-1 {fp32:.4f} | INT8 top-1 {int8:.4f} on {args.images} images; size "
          f"{report['parent_size_bytes']:,} -> {report['child_size_bytes']:,} bytes")
    print(f"int8 speedup={report['throughput_ratio']:.3f} accuracy_drop_pt={100 * (fp32 - int8):.2f}")


if __name__ == "__main__":
    main()

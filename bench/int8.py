"""INT8 against FP32 for a compute-bound convolutional classifier, through the workbench, in one run.

    .venv/bin/python bench/int8.py [--images 2000] [--seconds 5] [--rounds 3]

The wide Fashion-MNIST CNN (tests/fixtures/fashion_mnist/fashion_wide_cnn.onnx, about 0.35 GFLOPs per image,
0.9 MB, trained on real data by `make_model.py --arch wide --epochs 1 --train-count 24000`, committed; the script
trains it again only if the file is missing) and --images labelled test images (Debian's
dataset-fashion-mnist, installed by `scripts/setup --dev`) are imported; a calibration job quantizes the
model on 300 of its images. Then, on the local agent, rounds alternate three benchmarks (throughput hint):
FP32 computed in true f32, FP32 at the device's default precision (bf16 on CPUs with AMX), and the INT8
child; and top-1 of FP32 (f32) and INT8 is measured by accuracy jobs on all the images. Last line: INT8
over FP32-f32 throughput (medians of the rounds), the top-1 drop in points, and INT8 over FP32 at the
device default.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import run_result, running_system

from tests.e2e.test_resumable_upload import upload_whole
from tests.e2e.test_slice import job_events, upload

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "fashion_mnist"
WIDE_MODEL = FIXTURES / "fashion_wide_cnn.onnx"


def wide_model() -> Path:
    """The compute-bound CNN, trained once by the repository's script (seeded) and kept beside it."""
    if not WIDE_MODEL.exists():
        subprocess.run([sys.executable, str(FIXTURES / "make_model.py"), "--arch", "wide", "--epochs", "1",
                        "--train-count", "24000"], check=True)
    return WIDE_MODEL
CONFIG = {"preprocessing": {"scale": [255.0]}}


def top1(client, project_id: str, precision: str | None) -> float:  # type: ignore[no-untyped-def]
    run = client.post(f"/api/v1/projects/{project_id}/accuracy",
                      json={"config": CONFIG, "infer_precision": precision}).json()
    final = job_events(client, run["job"]["id"])[-1]
    assert final.status == "succeeded", final.error
    metrics = client.get(f"/api/v1/accuracy/{run['id']}").json()["result"]["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "top1_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    model_path = wide_model()
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "fashion.tar.gz"
        subprocess.run([sys.executable, str(FIXTURES / "make_dataset.py"), "--count", str(args.images), "--out",
                        str(archive)], check=True, capture_output=True)
        with running_system(Path(scratch) / "data") as (_system, client):
            model = upload(client, model_path).json()
            job_events(client, model["conversion_job_id"])
            dataset = client.post("/api/v1/datasets/imports", json=upload_whole(client, archive)).json()
            project = client.post("/api/v1/projects", json={"model_id": model["id"],
                                                             "dataset_id": dataset["id"]}).json()
            client.put(f"/api/v1/projects/{project['id']}/accuracy-config", json=CONFIG)
            started = client.post("/api/v1/calibrations", json={"project_id": project["id"], "subset_size": 300,
                                                                 "compare": False}).json()
            final = job_events(client, started["job"]["id"])[-1]
            assert final.status == "succeeded", final.error
            child = client.get(f"/api/v1/calibrations/{started['id']}").json()["child_project_id"]
            runs: dict[str, list[float]] = {"fp32_f32": [], "fp32_default": [], "int8": []}
            used: dict[str, str] = {}
            plan = {"fp32_f32": (project["id"], "f32"), "fp32_default": (project["id"], None), "int8": (child, None)}
            for index in range(args.rounds):
                for name, (project_id, precision) in plan.items():
                    result = run_result(client, project_id, {"hint": "THROUGHPUT", "duration_seconds": args.seconds,
                                                             "infer_precision": precision})
                    runs[name].append(result["throughput_fps"])
                    used[name] = str(result["manifest"].get("inference_precision"))
                    used["isa"] = str(result["manifest"].get("cpu_isa"))
                print(f"round {index + 1}: " + " | ".join(f"{name} {values[-1]:,.1f} FPS ({used[name]})"
                                                          for name, values in runs.items()), flush=True)
            fp32, int8 = top1(client, project["id"], "f32"), top1(client, child, None)
    median = {name: statistics.median(values) for name, values in runs.items()}
    print(f"FP32 top-1 {fp32:.4f} (f32) | INT8 top-1 {int8:.4f} on {args.images} images; CPU: {used['isa']}")
    print(f"medians: FP32 f32 {median['fp32_f32']:,.1f} FPS, FP32 default ({used['fp32_default']}) "
          f"{median['fp32_default']:,.1f} FPS, INT8 {median['int8']:,.1f} FPS")
    print(f"int8 speedup={median['int8'] / median['fp32_f32']:.3f} accuracy_drop_pt={100 * (fp32 - int8):.2f} "
          f"speedup_vs_default={median['int8'] / median['fp32_default']:.3f}")


if __name__ == "__main__":
    main()

"""Is the accuracy pipeline the bottleneck? An accuracy run's images per second against the raw async
inference throughput of the same model on the same device, side by side in one run.

    .venv/bin/python bench/accuracy_pipeline.py [--rounds 3] [--images 300] [--models resnet50,fashion]

The dataset is the first --images Fashion-MNIST test images (written by
tests/fixtures/fashion_mnist/make_dataset.py from Debian's dataset-fashion-mnist). Models: ResNet-50
(the architecture from the onnx wheel, 224x224 RGB: the images are upscaled; its weights are not
trained, so only the rate means something) and the Fashion-MNIST CNN (28x28, ~0.1 ms per image: there
the per-image Python work of decoding and scoring is the limit). The accuracy side is a real accuracy
job through the whole system (agent: fetch, decode, pre-process, infer, score; the first round decodes,
later rounds reuse the prepared tensors); the raw side is a benchmark job (throughput hint, random
inputs) on the same project. Last line: the ratio of the medians for the first model.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import running_system

from tests.e2e.test_resumable_upload import upload_whole
from tests.e2e.test_slice import job_events, upload
from tests.support import ONNX_MODELS

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "fashion_mnist"
MODELS = {"resnet50": (ONNX_MODELS / "light_resnet50.onnx", {"preprocessing": {"color": "RGB"}}),
          "fashion": (FIXTURES / "fashion_cnn.onnx", {"preprocessing": {"scale": [255.0]}})}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--models", default="resnet50,fashion")
    args = parser.parse_args()
    ratios = {}
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "fashion.tar.gz"
        subprocess.run([sys.executable, str(FIXTURES / "make_dataset.py"), "--count", str(args.images), "--out",
                        str(archive)], check=True, capture_output=True)
        with running_system(Path(scratch) / "data") as (_system, client):
            dataset = client.post("/api/v1/datasets/imports", json=upload_whole(client, archive)).json()
            for name in args.models.split(","):
                path, config = MODELS[name]
                model = upload(client, path).json()
                job_events(client, model["conversion_job_id"])
                project = client.post("/api/v1/projects", json={"model_id": model["id"],
                                                                 "dataset_id": dataset["id"]}).json()
                accuracy, raw = [], []
                for index in range(args.rounds):
                    started = client.post(f"/api/v1/projects/{project['id']}/benchmarks",
                                          json={"duration_seconds": args.seconds, "hint": "THROUGHPUT"}).json()
                    job_events(client, started["id"])
                    raw.append(client.get(f"/api/v1/benchmarks/{started['id']}").json()["result"]["throughput_fps"])
                    run = client.post(f"/api/v1/projects/{project['id']}/accuracy", json={"config": config}).json()
                    job_events(client, run["job"]["id"])
                    result = client.get(f"/api/v1/accuracy/{run['id']}").json()["result"]
                    accuracy.append(result["images_per_second"])
                    print(f"{name} round {index + 1} ({result['manifest']['inputs']}): accuracy run "
                          f"{accuracy[-1]:,.1f} images/s | raw async inference {raw[-1]:,.1f} FPS", flush=True)
                ratios[name] = statistics.median(accuracy) / statistics.median(raw)
                print(f"{name}: ratio {ratios[name]:.3f}", flush=True)
    first = args.models.split(",")[0]
    print(f"accuracy_pipeline model={first} throughput_ratio={ratios[first]:.3f}")


if __name__ == "__main__":
    main()

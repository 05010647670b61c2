"""Fidelity: our profiler against OpenVINO's own benchmark_app, alternately, same models and settings.

    .venv/bin/python bench/fidelity.py [--seconds 5] [--rounds 5] [--model path.onnx ...]

Models: a tiny one (SqueezeNet 1.0 architecture, about 1 ms per inference on a quiet machine: the
per-inference cost of our own loop shows there) and a ResNet-50-sized, compute-bound one (the ResNet-50
architecture from the onnx wheel, untrained weights: fidelity needs the work, not the accuracy).
Our side runs through the whole system (REST → profiler-service → NATS → agent → OpenVINO); the
other side is benchmark_app (from the openvino wheel) on the very IR file the agent downloaded.
Modes: latency (LATENCY hint, 1 infer request, async API) and throughput (THROUGHPUT hint, the
plugin's number of requests). Within a round the two tools run back to back, the order swapped
every round, so that drift in a shared machine's load falls on both. For each model and mode the
ratios compare each tool's best round (highest FPS, lowest median latency): other processes only ever
slow a run down, so the best round is the one least disturbed (as ``timeit`` takes the minimum); the
ratios of the medians over rounds are printed beside them. throughput_ratio = ours / benchmark_app
(target >= 0.97), latency_ratio = our median latency / benchmark_app's (target <= 1.03). The last
line reports the worst model and mode.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ready_project, run_result, running_system, tiny_onnx

from tests.support import ONNX_MODELS

MODES = {
    "latency": ({"hint": "LATENCY", "nireq": 1}, ["-hint", "latency", "-api", "async", "-nireq", "1"]),
    "throughput": ({"hint": "THROUGHPUT"}, ["-hint", "throughput", "-api", "async"]),
}
MODELS = [tiny_onnx(), ONNX_MODELS / "light_resnet50.onnx"]


def benchmark_app(xml: Path, seconds: float, flags: list[str], folder: Path) -> tuple[float, float]:
    binary = Path(sys.executable).with_name("benchmark_app")
    subprocess.run([str(binary), "-m", str(xml), "-d", "CPU", "-t", str(max(1, round(seconds))), *flags,
                    "-report_type", "no_counters", "-json_stats", "-report_folder", str(folder)],
                   check=True, capture_output=True, text=True)
    results = json.loads((folder / "benchmark_report.json").read_text())["execution_results"]
    return float(results["throughput"]), float(results["latency (ms)"])  # "latency (ms)" is the median


def fetch_ir(system: object, model: dict, folder: Path) -> Path:
    """The FP32 IR exactly as the agent cached it."""
    fp32 = next(v for v in model["variants"] if v["precision"] == "FP32")
    cache = system.settings.data_dir / "agent-cache"  # type: ignore[attr-defined]
    folder.mkdir()
    (folder / "model.xml").write_bytes((cache / fp32["xml_sha256"]).read_bytes())
    (folder / "model.bin").write_bytes((cache / fp32["bin_sha256"]).read_bytes())
    return folder / "model.xml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", type=Path, action="append", help="default: the tiny and the ResNet-50-sized")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    worst = None
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        for model_path in args.model or MODELS:
            model, project_id = ready_project(client, model_path)

            def ours(settings: dict, project_id: str = project_id) -> tuple[float, float]:
                result = run_result(client, project_id, {"duration_seconds": args.seconds, **settings})
                return result["throughput_fps"], result["latency"]["median"]

            ours(MODES["latency"][0] | {"duration_seconds": 1})  # the agent downloads and caches the IR
            xml = fetch_ir(system, model, Path(scratch) / model["id"])
            for mode, (our_settings, their_flags) in MODES.items():
                mine, theirs = [], []
                for round_index in range(args.rounds):
                    if round_index % 2:
                        mine.append(ours(our_settings))
                        theirs.append(benchmark_app(xml, args.seconds, their_flags, Path(scratch)))
                    else:
                        theirs.append(benchmark_app(xml, args.seconds, their_flags, Path(scratch)))
                        mine.append(ours(our_settings))
                    print(f"{model_path.stem} {mode} round {round_index + 1}: ours {mine[-1][0]:.1f} FPS "
                          f"{mine[-1][1]:.3f} ms | benchmark_app {theirs[-1][0]:.1f} FPS {theirs[-1][1]:.3f} ms",
                          flush=True)
                tput = max(m[0] for m in mine) / max(t[0] for t in theirs)
                lat = min(m[1] for m in mine) / min(t[1] for t in theirs)
                median_tput = statistics.median(m[0] for m in mine) / statistics.median(t[0] for t in theirs)
                median_lat = statistics.median(m[1] for m in mine) / statistics.median(t[1] for t in theirs)
                print(f"{model_path.stem} {mode}: throughput_ratio={tput:.3f} latency_ratio={lat:.3f} "
                      f"(medians over rounds: {median_tput:.3f} / {median_lat:.3f})", flush=True)
                badness = max(1 - tput, lat - 1)
                if worst is None or badness > worst[0]:
                    worst = (badness, tput, lat)
    print(f"load average at end: {os.getloadavg()[0]:.1f} (the machine is shared: a busy one spreads the ratios)")
    print(f"fidelity throughput_ratio={worst[1]:.3f} latency_ratio={worst[2]:.3f}")


if __name__ == "__main__":
    main()

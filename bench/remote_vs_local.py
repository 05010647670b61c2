"""Remote = local: the same benchmark through the local agent and through an enrolled agent that runs
as its own process with its own NATS user (as on an edge box), alternately.

    .venv/bin/python bench/remote_vs_local.py [--seconds 5] [--rounds 3]

Prints per-round figures and the ratios remote / local of the median throughput and median latency
over rounds (target: within 2 %).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ready_project, run_result, running_system, tiny_onnx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("DLWB_")}
        env |= {"DLWB_AGENT_CONFIG_DIR": f"{scratch}/edge-config", "DLWB_AGENT_CACHE_DIR": f"{scratch}/edge-cache"}
        remote = subprocess.Popen([sys.executable, "-m", "dlwb_agent", "--id", "edge", "--server", system.url,
                                   "--join-token", token], env=env, stderr=subprocess.DEVNULL)
        try:
            while client.get("/api/v1/targets/edge").status_code != 200:
                time.sleep(0.2)
            model, local_project = ready_project(client, tiny_onnx())
            edge_project = client.post("/api/v1/projects", json={
                "model_id": model["id"], "dataset_id": client.get(f"/api/v1/projects/{local_project}").json()[
                    "dataset_id"], "target_id": "edge"}).json()["id"]
            projects = {"local": local_project, "edge": edge_project}

            def run(target: str) -> tuple[float, float]:
                result = run_result(client, projects[target], {"duration_seconds": args.seconds})
                return result["throughput_fps"], result["latency"]["median"]

            run("local"), run("edge")  # warm both caches
            figures: dict[str, list[tuple[float, float]]] = {"local": [], "edge": []}
            for index in range(args.rounds):
                for target in ("local", "edge") if index % 2 == 0 else ("edge", "local"):
                    figures[target].append(run(target))
                print(f"round {index + 1}: local {figures['local'][-1][0]:.1f} FPS {figures['local'][-1][1]:.3f} ms"
                      f" | remote {figures['edge'][-1][0]:.1f} FPS {figures['edge'][-1][1]:.3f} ms", flush=True)
        finally:
            remote.terminate()
            remote.wait()
    tput = statistics.median(f[0] for f in figures["edge"]) / statistics.median(f[0] for f in figures["local"])
    lat = statistics.median(f[1] for f in figures["edge"]) / statistics.median(f[1] for f in figures["local"])
    print(f"remote_vs_local throughput_ratio={tput:.3f} latency_ratio={lat:.3f}")


if __name__ == "__main__":
    main()

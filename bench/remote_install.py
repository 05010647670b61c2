"""From nothing to the first result on a new machine: a clean environment (its own HOME and caches, the
host's bare Python, only the workbench's URLs) runs the join command the workbench prints, which installs
the served agent into a fresh virtual environment (third-party packages from the package index), enrols
and starts it; then a project on that target runs its first benchmark. Afterwards the same benchmark runs
on the local agent and on the new one, alternately, to compare their throughput.

    .venv/bin/python bench/remote_install.py [--seconds 5] [--rounds 7]

The last line: ``remote_install seconds=<s> remote_vs_local=<throughput ratio>`` (seconds: from the join
token to the first benchmark result; ratio: the median over rounds of throughput remote / local, each round
running both back to back in alternating order; goal 0.97-1.03).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from harness import ready_project, run_result, running_system, tiny_onnx

from tests.clean_machine import CleanMachine


def wait_online(client, agent, log: Path, target_id: str, timeout: float = 1200) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if agent.poll() is not None:
            raise SystemExit(f"the install command exited with {agent.returncode}:\n{log.read_text()[-3000:]}")
        response = client.get(f"/api/v1/targets/{target_id}")
        if response.status_code == 200 and response.json()["status"] == "online":
            return response.json()
        time.sleep(0.2)
    raise SystemExit(f"{target_id} never came online:\n{log.read_text()[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each benchmark")
    parser.add_argument("--rounds", type=int, default=7, help="alternating local/remote rounds for the ratio")
    args = parser.parse_args()
    settings = {"duration_seconds": args.seconds}
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        model, local_project = ready_project(client, tiny_onnx())
        dataset_id = client.get(f"/api/v1/projects/{local_project}").json()["dataset_id"]
        machine = CleanMachine(Path(scratch) / "machine")
        log = Path(scratch) / "install.log"

        started = time.monotonic()
        command = client.post("/api/v1/targets/join-tokens", json={}).json()["command"].replace("<name>", "fresh")
        agent = machine.run(command, log)
        try:
            target = wait_online(client, agent, log, "fresh")
            online = time.monotonic() - started
            remote_project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset_id,
                                                                    "target_id": "fresh"}).json()["id"]
            first = run_result(client, remote_project, settings)
            seconds = time.monotonic() - started
            local = client.get("/api/v1/targets/local").json()
            print(f"installed and online in {online:.1f} s; first result after {seconds:.1f} s "
                  f"({first['throughput_fps']:.1f} FPS); OpenVINO remote {target['inventory']['openvino_version']}, "
                  f"local {local['inventory']['openvino_version']}", flush=True)

            projects = {"local": local_project, "remote": remote_project}
            run_result(client, local_project, settings)  # warm the local cache as the first run warmed the remote
            figures: dict[str, list[float]] = {"local": [], "remote": []}
            for index in range(args.rounds):
                for name in ("local", "remote") if index % 2 == 0 else ("remote", "local"):
                    figures[name].append(run_result(client, projects[name], settings)["throughput_fps"])
                print(f"round {index + 1}: local {figures['local'][-1]:.1f} FPS | "
                      f"remote {figures['remote'][-1]:.1f} FPS", flush=True)
        finally:
            machine.stop(agent)
    # each round's two runs are back to back, so their ratio cancels the host's slower load drifts
    ratio = statistics.median(r / local for r, local in zip(figures["remote"], figures["local"], strict=True))
    print(f"remote_install seconds={seconds:.1f} remote_vs_local={ratio:.3f}")


if __name__ == "__main__":
    main()

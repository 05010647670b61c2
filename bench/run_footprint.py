"""What a running benchmark makes the rest of the system do: CPU time per second of the timed region.

    .venv/bin/python bench/run_footprint.py [--seconds 10]

Every process of the system (nats-server, the four services, the agent's event-loop thread, this
client) is sampled from /proc: over an idle window, then over the timed region of a LATENCY benchmark
(from its first "measuring" event to its end). On a 2-core machine whatever they do runs on the cores
the timed inferences use, so the extra CPU time per second is what the measurement costs beyond the
inferences. CPU time counts work done, not how busy the machine is, so the figure holds on a shared
machine (resolution: one clock tick, 10 ms, over the window).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from harness import ready_project, run_result, running_system, tiny_onnx

from dlwb_common.messages.jobs import Job

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(stat_path: str) -> float:
    fields = Path(stat_path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime + stime


def snapshot(system: object) -> dict[str, float]:
    """CPU ms so far per process; of the agent only its event-loop (main) thread: the others run inferences."""
    out = {"bench client": cpu_ms(f"/proc/{os.getpid()}/stat")}
    for child in system.children:  # type: ignore[attr-defined]
        pid = child.process.pid
        agent = "agent" in child.name
        out[f"{child.name} (event loop)" if agent else child.name] = cpu_ms(
            f"/proc/{pid}/task/{pid}/stat" if agent else f"/proc/{pid}/stat")
    return out


def measured_region(client: object, project_id: str, seconds: float, system: object) -> tuple[dict, dict, float]:
    """Snapshots at the first 'measuring' event and at the end of a benchmark, and the seconds between."""
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks",  # type: ignore[attr-defined]
                        json={"duration_seconds": seconds, "hint": "LATENCY", "nireq": 1}).json()
    start = None
    with client.stream("GET", f"/api/v1/jobs/{bench['id']}/events") as response:  # type: ignore[attr-defined]
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "job":
                job = Job.model_validate_json(line.split(":", 1)[1])
                if start is None and job.stage == "measuring":
                    start = (snapshot(system), time.perf_counter())
                if job.status.finished:
                    break
    end = (snapshot(system), time.perf_counter())
    if start is None:
        raise RuntimeError(f"benchmark {bench['id']} never reported 'measuring': {job.status} {job.error}")
    return start[0], end[0], end[1] - start[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        _model, project_id = ready_project(client, tiny_onnx())
        run_result(client, project_id, {"duration_seconds": 1, "hint": "LATENCY", "nireq": 1})  # IR cached
        before, began = snapshot(system), time.perf_counter()
        time.sleep(args.seconds)
        idle, idle_seconds = snapshot(system), time.perf_counter() - began
        start, end, measured_seconds = measured_region(client, project_id, args.seconds, system)
    rows = []
    for name in sorted(end):
        rows.append(((idle[name] - before[name]) / idle_seconds, (end[name] - start[name]) / measured_seconds))
        print(f"{name:28s} idle {rows[-1][0]:6.1f} ms/s   while measuring {rows[-1][1]:6.1f} ms/s")
    idle_total, measuring_total = sum(r[0] for r in rows), sum(r[1] for r in rows)
    print(f"run_footprint idle_ms_per_s={idle_total:.1f} measuring_ms_per_s={measuring_total:.1f} "
          f"extra_ms_per_s={measuring_total - idle_total:.1f}")


if __name__ == "__main__":
    main()

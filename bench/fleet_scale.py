"""A fleet of light agents on one nats-server: how fast the profiler hands jobs out when 1000 agents are
connected, each with its own enrolled credentials, heartbeating as real agents do.

    .venv/bin/python bench/fleet_scale.py [--agents 1000] [--jobs 1000] [--rate 50] [--workers 2]

Each light agent enrols through the real path (a join token from the REST API, then the agent's own
``dlwb_agent.enrolment.enrol``: the profiler creates its NATS user and nats-server reloads), connects
with its own user, heartbeats every 2 s with an inventory, and answers ``RunRequest``s with the agent's
message types: ``RunAccepted``, then an ``AgentJobOutcome`` on its JetStream result subject. No
OpenVINO runs on the light agents; the benchmark result they return is a fixed small one.

Jobs are benchmark runs queued through the REST API at ``--rate`` per second, each on a different agent.
Dispatch latency = the agent's receipt of the RunRequest minus the moment the POST was sent (one
machine, one clock). A job is lost when it never reaches its agent or never ends ``succeeded``.

Last line: ``fleet agents=<n> dispatch_p99_ms=<ms> lost=<n>``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import job_events, running_system, tiny_onnx, upload

from dlwb_agent.enrolment import Credentials, enrol
from dlwb_common import bus, subjects
from dlwb_common.messages.agent import (
    AgentInventory,
    AgentJobOutcome,
    BenchmarkResult,
    DeviceInfo,
    Heartbeat,
    LatencyStats,
    RunAccepted,
    RunRequest,
)

HEARTBEAT_SECONDS = 2.0


def percentile(values: list[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 1)) - 1))]


# ---------------------------------------------------------------- the light agents (a worker process)

def light_result() -> BenchmarkResult:
    latency = LatencyStats(count=1, median=1.0, mean=1.0, min=1.0, max=1.0, stdev=0.0)
    return BenchmarkResult(throughput_fps=1000.0, count=1, duration_ms=1.0, batch=1, nireq=1, first_inference_ms=1.0,
                           read_ms=0.0, compile_ms=0.0, latency=latency,
                           manifest={"light_agent": True, "inference_precision": "f32", "cpu_isa": "AVX2"})


class LightAgent:
    def __init__(self, credentials: Credentials, job_seconds: float, emit: callable) -> None:
        self.credentials = credentials
        self.id = credentials.agent_id
        self.job_seconds = job_seconds
        self.emit = emit
        self.busy: str | None = None
        self.inventory = AgentInventory(hostname=f"light-{self.id}", os="Linux", cpu="light", cores=1,
                                        memory_bytes=1 << 30, openvino_version="light",
                                        devices=[DeviceInfo(name="CPU", full_name="light CPU", precisions=["FP32"])])

    async def start(self) -> None:
        self.nc = await bus.connect(self.credentials.nats_url, name=f"agent-{self.id}", user=self.credentials.nats_user,
                                    password=self.credentials.nats_password,
                                    inbox_prefix=subjects.agent_inbox_prefix(self.id))
        self.js = self.nc.jetstream()
        await self.nc.subscribe(subjects.agent_in(self.id, "run"), cb=self.on_run)
        self.instance = f"light-{random.getrandbits(32):08x}"

    async def heartbeats(self) -> None:
        await asyncio.sleep(random.uniform(0, HEARTBEAT_SECONDS))  # spread the fleet's beats over the interval
        while True:
            beat = Heartbeat(agent_id=self.id, instance=self.instance, busy_job_id=self.busy,
                             inventory=self.inventory, interval_seconds=HEARTBEAT_SECONDS)
            await self.nc.publish(subjects.agent_out(self.id, "heartbeat"), beat.encode())
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def on_run(self, msg) -> None:  # type: ignore[no-untyped-def]
        received = time.time()
        request = RunRequest.decode(msg.data)
        await msg.respond(RunAccepted(accepted=True).encode())
        self.emit({"agent": self.id, "job": request.job_id, "received": received})
        self.busy = request.job_id
        asyncio.get_running_loop().create_task(self.finish(request.job_id))

    async def finish(self, job_id: str) -> None:
        await asyncio.sleep(self.job_seconds)
        outcome = AgentJobOutcome(job_id=job_id, agent_id=self.id, succeeded=True, result=light_result())
        await self.js.publish(subjects.agent_out(self.id, "result"), outcome.encode(), timeout=30)
        self.busy = None


async def run_worker(credentials_file: Path, job_seconds: float) -> None:
    def emit(record: dict) -> None:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()

    agents = [LightAgent(Credentials.model_validate(c), job_seconds, emit)
              for c in json.loads(credentials_file.read_text())]
    connecting = asyncio.Semaphore(16)  # nats-server checks a bcrypt hash per connection: do not storm it

    async def start(agent: LightAgent) -> None:
        async with connecting:
            await agent.start()

    await asyncio.gather(*(start(agent) for agent in agents))
    tasks = [asyncio.create_task(agent.heartbeats()) for agent in agents]  # noqa: F841 - they run until killed
    emit({"connected": len(agents)})
    await asyncio.Event().wait()


# ---------------------------------------------------------------- the bench (drives the REST API)

def enrol_all(client, url: str, ids: list[str]) -> list[Credentials]:  # type: ignore[no-untyped-def]
    def one(agent_id: str) -> Credentials:
        token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
        return enrol(url, token, agent_id)

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, ids))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=10.0, help="jobs queued per second")
    parser.add_argument("--workers", type=int, default=2, help="processes hosting the light agents")
    parser.add_argument("--job-seconds", type=float, default=0.05, help="how long a light agent 'runs' a job")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(run_worker(args.worker, args.job_seconds))
        return

    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch) / "data") as (system, client):
        model = upload(client, tiny_onnx()).json()
        job_events(client, model["conversion_job_id"])
        dataset_id = client.post("/api/v1/datasets", json={"name": "random"}).json()["id"]

        ids = [f"light{index:04d}" for index in range(args.agents)]
        started = time.perf_counter()
        credentials = enrol_all(client, system.url, ids)
        print(f"enrolled {len(ids)} agents in {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        received: dict[str, float] = {}
        connected = threading.Semaphore(0)
        workers = []
        for index in range(args.workers):
            part = Path(scratch) / f"agents-{index}.json"
            part.write_text(json.dumps([c.model_dump() for c in credentials[index::args.workers]]))
            worker = subprocess.Popen([sys.executable, __file__, "--worker", str(part), "--job-seconds",
                                       str(args.job_seconds)], stdout=subprocess.PIPE, text=True)
            workers.append(worker)

            def read(worker: subprocess.Popen = worker) -> None:
                for line in worker.stdout:
                    record = json.loads(line)
                    if "connected" in record:
                        connected.release()
                    else:
                        received.setdefault(record["job"], record["received"])

            threading.Thread(target=read, daemon=True).start()
        try:
            for _ in workers:
                if not connected.acquire(timeout=900):
                    raise SystemExit("the light agents did not all connect")
            online, deadline = 0, time.monotonic() + 600
            while online < args.agents and time.monotonic() < deadline:  # the profiler knows the whole fleet
                answer = client.get("/api/v1/targets")
                if answer.status_code != 200:
                    print(f"listing targets: HTTP {answer.status_code} {answer.text[:200]}", flush=True)
                    time.sleep(1)
                    continue
                online = sum(1 for t in answer.json()["data"]
                             if t["status"] != "offline" and t["id"].startswith("light"))
                time.sleep(0.5)
            print(f"{online} of {args.agents} agents online after {time.perf_counter() - started:.1f} s", flush=True)

            with ThreadPoolExecutor(4) as pool:
                projects = list(pool.map(lambda agent_id: client.post("/api/v1/projects", json={
                    "model_id": model["id"], "dataset_id": dataset_id, "target_id": agent_id}).json()["id"],
                    [ids[i % args.agents] for i in range(args.jobs)]))

            sent: dict[str, float] = {}
            answered: dict[str, float] = {}
            lock = threading.Lock()

            def queue(project_id: str) -> None:
                at = time.time()
                job_id = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"niter": 1}).json()["id"]
                with lock:
                    sent[job_id], answered[job_id] = at, time.time()

            started = time.perf_counter()
            with ThreadPoolExecutor(8) as pool:
                for index, project_id in enumerate(projects):
                    delay = started + index / args.rate - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                    pool.submit(queue, project_id)
            print(f"queued {len(sent)} jobs in {time.perf_counter() - started:.1f} s "
                  f"(asked {args.rate:g}/s)", flush=True)

            pending = set(sent)
            deadline = time.monotonic() + 120
            while pending and time.monotonic() < deadline:
                for job_id in list(pending):
                    if client.get(f"/api/v1/jobs/{job_id}").json()["status"] in ("succeeded", "failed", "cancelled"):
                        pending.discard(job_id)
                if pending:
                    time.sleep(0.5)
            failed = [job_id for job_id in sent
                      if client.get(f"/api/v1/jobs/{job_id}").json()["status"] != "succeeded"]
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait()

    latencies = [(received[job_id] - at) * 1000 for job_id, at in sent.items() if job_id in received]
    lost = len(set(sent) - set(received) | set(failed))
    rest = [(answered[job_id] - at) * 1000 for job_id, at in sent.items()]
    print(f"queueing through REST: median {percentile(rest, 0.5):.1f} ms, p99 {percentile(rest, 0.99):.1f} ms")
    print(f"dispatch latency over {len(latencies)} jobs: median {percentile(latencies, 0.5):.1f} ms, "
          f"p90 {percentile(latencies, 0.9):.1f} ms, max {max(latencies):.1f} ms", flush=True)
    print(f"fleet agents={args.agents} dispatch_p99_ms={percentile(latencies, 0.99):.1f} lost={lost}")


if __name__ == "__main__":
    main()

"""Open-loop load on the REST API: the latency the system holds at a fixed rate, and the highest rate it holds.

    .venv/bin/python bench/load.py [--rate 300] [--seconds 60] [--connections 200] [--streams 50]
                                   [--ramp-from 100] [--ramp-step 50] [--ramp-seconds 10] [--p99-limit-ms 250]

Starts the whole system (as `dlwb up` does) with one converted model and a project, then sends requests at
a fixed rate whatever the answers do (open loop: each request is due at its own time and its latency counts
from then, so a slow server shows as latency, not as fewer requests): 90 % reads (the lists of models,
datasets, projects and targets, a project's benchmarks, a model), 10 % writes (create a dataset, rename
the model, create a project), over --connections connections, while --streams clients follow live job
events and a benchmark is submitted every second. Then a ramp (--ramp-seconds per step) finds the highest
rate whose p99 stays under --p99-limit-ms with no errors. The load generator shares the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from harness import ready_project, running_system, tiny_onnx


@dataclass
class Window:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@dataclass
class Fixture:
    model_id: str
    project_id: str
    dataset_id: str
    jobs: list[str] = field(default_factory=list)


def pick_request(rng: random.Random, fixture: Fixture, serial: int) -> tuple[str, str, dict | None]:
    """90 % reads of lists and results, 10 % writes."""
    if rng.random() < 0.9:
        return rng.choice([("GET", "/api/v1/models", None), ("GET", "/api/v1/datasets", None),
                           ("GET", "/api/v1/projects", None), ("GET", "/api/v1/targets", None),
                           ("GET", f"/api/v1/projects/{fixture.project_id}/benchmarks", None),
                           ("GET", f"/api/v1/models/{fixture.model_id}", None)])
    return rng.choice([("POST", "/api/v1/datasets", {"name": f"load {serial}", "count": 4}),
                       ("PATCH", f"/api/v1/models/{fixture.model_id}", {"name": f"renamed {serial}"}),
                       ("POST", "/api/v1/projects", {"model_id": fixture.model_id, "dataset_id": fixture.dataset_id,
                                                      "target_id": "local", "name": f"load {serial}"})])


async def one(client: httpx.AsyncClient, due: float, request: tuple[str, str, dict | None], window: Window) -> None:
    method, path, body = request
    try:
        response = await client.request(method, path, json=body)
        if response.status_code >= 400:
            window.errors += 1
            window.first_error = window.first_error or f"{method} {path}: {response.status_code} {response.text[:200]}"
    except httpx.HTTPError as exc:
        window.errors += 1
        window.first_error = window.first_error or f"{method} {path}: {type(exc).__name__} {exc}"
    window.latencies_ms.append((time.perf_counter() - due) * 1000)


async def open_loop(client: httpx.AsyncClient, fixture: Fixture, rate: float, seconds: float,
                    rng: random.Random) -> tuple[Window, float]:
    """Send rate*seconds requests, each at its due time; returns the window and the achieved rate."""
    window = Window()
    tasks = []
    start = time.perf_counter()
    for serial in range(int(rate * seconds)):
        due = start + serial / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(client, due, pick_request(rng, fixture, serial), window)))
    await asyncio.gather(*tasks)
    return window, len(tasks) / (time.perf_counter() - start)


async def submit_jobs(client: httpx.AsyncClient, fixture: Fixture, stop: asyncio.Event) -> None:
    """A one-second benchmark every second (they queue on the local agent)."""
    while not stop.is_set():
        response = await client.post(f"/api/v1/projects/{fixture.project_id}/benchmarks",
                                     json={"duration_seconds": 1})
        if response.status_code == 202:
            fixture.jobs.append(response.json()["id"])
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass


async def follow_events(client: httpx.AsyncClient, fixture: Fixture, stop: asyncio.Event) -> None:
    """Follow the live events of the latest job, then of the next one, until stopped."""
    while not stop.is_set():
        if not fixture.jobs:
            await asyncio.sleep(0.2)
            continue
        try:
            async with client.stream("GET", f"/api/v1/jobs/{fixture.jobs[-1]}/events") as response:
                async for _line in response.aiter_lines():
                    if stop.is_set():
                        return
        except httpx.HTTPError:
            await asyncio.sleep(0.2)


async def run(url: str, token: str, fixture: Fixture, args: argparse.Namespace) -> None:
    headers = {"authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
    rng = random.Random(13)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=10) as client, \
            httpx.AsyncClient(base_url=url, headers=headers, timeout=None) as background:
        stop = asyncio.Event()
        helpers = [asyncio.create_task(submit_jobs(background, fixture, stop))]
        helpers += [asyncio.create_task(follow_events(background, fixture, stop)) for _ in range(args.streams)]
        fixed, achieved = await open_loop(client, fixture, args.rate, args.seconds, rng)
        print(f"fixed rate {args.rate}/s for {args.seconds:g} s: achieved {achieved:.0f}/s, "
              f"p50 {fixed.percentile(0.5):.1f} ms, p99 {fixed.percentile(0.99):.1f} ms, errors {fixed.errors}"
              + (f" (first: {fixed.first_error})" if fixed.errors else ""), flush=True)
        max_rps, rate = 0, args.ramp_from
        while True:
            step, _ = await open_loop(client, fixture, rate, args.ramp_seconds, rng)
            held = step.percentile(0.99) < args.p99_limit_ms and step.errors == 0
            print(f"ramp {rate}/s: p50 {step.percentile(0.5):.1f} ms, p99 {step.percentile(0.99):.1f} ms, "
                  f"errors {step.errors} -> {'held' if held else 'not held'}", flush=True)
            if not held:
                break
            max_rps, rate = rate, rate + args.ramp_step
        stop.set()
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
    print(f"load rps={achieved:.0f} p50_ms={fixed.percentile(0.5):.1f} p99_ms={fixed.percentile(0.99):.1f} "
          f"errors={fixed.errors} max_rps={max_rps}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--ramp-from", type=int, default=100)
    parser.add_argument("--ramp-step", type=int, default=50)
    parser.add_argument("--ramp-seconds", type=float, default=10)
    parser.add_argument("--p99-limit-ms", type=float, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        with running_system(Path(data_dir)) as (system, client):
            model, project_id = ready_project(client, tiny_onnx())
            dataset_id = client.get(f"/api/v1/projects/{project_id}").json()["dataset_id"]
            asyncio.run(run(system.url, system.token, Fixture(model["id"], project_id, dataset_id), args))


if __name__ == "__main__":
    main()

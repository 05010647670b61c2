"""Peak memory of the model-service (and the gateway in front of it) while a large upload streams in.

    .venv/bin/python bench/upload_memory.py [--megabytes 2048]

Sends --megabytes of random bytes twice, side by side in one run: as one streamed request body, and
through the resumable protocol (8 MiB PATCHes, then the import that checks the sha256), sampling the
resident memory of both processes every 20 ms. The file is not a model, so it is refused after it has
arrived (and removed): the streaming paths are what is measured. Prints RSS before and at peak.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from pathlib import Path

import psutil
from harness import running_system

from dlwb_cli.client import Client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=2048)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        payload = Path(scratch) / "big.onnx"
        with payload.open("wb") as handle:
            for _ in range(args.megabytes):
                handle.write(os.urandom(1024 * 1024))
        with running_system(Path(scratch) / "data") as (system, client):
            processes = {child.name: psutil.Process(child.process.pid) for child in system.children
                         if child.name in ("model-service", "api-gateway")}
            before = {name: p.memory_info().rss for name, p in processes.items()}
            peak = dict(before)
            done = threading.Event()

            def sample() -> None:
                while not done.wait(0.02):
                    for name, process in processes.items():
                        peak[name] = max(peak[name], process.memory_info().rss)

            sampler = threading.Thread(target=sample)
            sampler.start()
            with payload.open("rb") as handle:
                response = client.post("/api/v1/models", params={"filename": "big.onnx"}, content=handle,
                                       headers={"content-type": "application/octet-stream"})
            single_peak = dict(peak)
            print(f"single request: {args.megabytes} MB answered {response.status_code} "
                  f"{response.json().get('code')}")
            cli_client = Client(system.url, system.token)
            ref = cli_client.upload_resumable(payload)
            imported = client.post("/api/v1/models/imports", json={"uploads": [ref]})
            print(f"resumable: {args.megabytes} MB answered {imported.status_code} {imported.json().get('code')}")
            done.set()
            sampler.join()
    for name in processes:
        print(f"{name}: RSS {before[name] / 2**20:.0f} MB before, single request peak "
              f"{single_peak[name] / 2**20:.0f} MB, overall peak {peak[name] / 2**20:.0f} MB "
              f"(+{(peak[name] - before[name]) / 2**20:.0f} MB)")
    growth = max(peak[name] - before[name] for name in processes) / 2**20
    print(f"upload_memory upload_mb={args.megabytes} max_rss_growth_mb={growth:.0f}")


if __name__ == "__main__":
    main()

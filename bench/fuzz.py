"""Schemathesis over every operation of the published OpenAPI document, every check (issue 13).

    .venv/bin/python bench/fuzz.py [--examples 30] [--seed 13] [--report-dir DIR]

Starts the whole system (as `dlwb up` does) on a fresh data directory and free ports, with one model
imported so that some generated ids exist, then runs `st run <url>/openapi.json --checks all` with the API
token. Prints each distinct finding (a 5xx, an undeclared status, a body or header the document does not
allow, a valid request refused...) and then the totals. Goal: 0 server errors and 0 schema violations.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from harness import job_events, running_system, tiny_onnx, upload

from tests.fuzzing import run_schemathesis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=30, help="generated cases per operation")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--report-dir", type=Path, help="keep the NDJSON report and the log here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report_dir = args.report_dir or Path(scratch) / "report"
        with running_system(Path(scratch) / "data") as (system, client):
            model = upload(client, tiny_onnx()).json()
            job_events(client, model["conversion_job_id"])
            started = time.perf_counter()
            summary = run_schemathesis(system.url, system.token, report_dir, examples=args.examples,
                                       seed=args.seed)
            elapsed = time.perf_counter() - started
    seen: set[tuple[str, str, int | None, str]] = set()
    for finding in summary.findings:
        key = (finding.operation, finding.check, finding.status, finding.message[:80])
        if key not in seen:
            seen.add(key)
            print(ascii(str(finding))[1:-1][:600])
    print(f"validation gaps (valid requests refused on rules the document cannot state, or the reverse): "
          f"{summary.validation_gaps}")
    print(f"{len(seen)} distinct findings; {summary.requests} requests in {elapsed:.0f} s "
          f"({summary.requests / max(elapsed, 1e-9):.0f} req/s)")
    print(summary.line())


if __name__ == "__main__":
    main()

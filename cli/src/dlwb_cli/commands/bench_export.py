"""``dlwb bench export``: a result in benchmark_app's report format."""

from __future__ import annotations

import csv
import sys
from typing import Annotated

import typer

from dlwb_cli.api import fetch
from dlwb_cli.exit_codes import JOB_FAILED, USAGE
from dlwb_cli.output import emit_json, err

BENCHMARK_APP_FIELDS = {  # benchmark_app's report names (-report_type no_counters) → our result
    "read model time (ms)": lambda r: r["read_ms"],
    "compile model time (ms)": lambda r: r["compile_ms"],
    "first inference time (ms)": lambda r: r["first_inference_ms"],
    "total execution time (ms)": lambda r: r["duration_ms"],
    "total number of iterations": lambda r: r["count"],
    "latency (ms)": lambda r: r["latency"]["median"],
    "avg latency": lambda r: r["latency"]["mean"],
    "min latency": lambda r: r["latency"]["min"],
    "max latency": lambda r: r["latency"]["max"],
    "throughput": lambda r: r["throughput_fps"],
}


def export_benchmark(benchmark_id: str,
                     fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json") -> None:
    """A result in benchmark_app's report format (execution_results field names), on stdout."""
    bench = fetch(f"/api/v1/benchmarks/{benchmark_id}")
    if not bench["result"]:
        err.print(f"benchmark {benchmark_id} has no result ({bench['job']['status']})")
        raise typer.Exit(JOB_FAILED)
    results = {name: round(float(value(bench["result"])), 2) for name, value in BENCHMARK_APP_FIELDS.items()}
    settings = bench["settings"]
    setup = {"target device": settings["device"], "API": settings["api"], "batch size": str(bench["result"]["batch"]),
             "number of parallel infer requests": str(bench["result"]["nireq"]),
             "duration (ms)": str(int((settings["duration_seconds"] or 0) * 1000))}
    if fmt == "csv":
        writer = csv.writer(sys.stdout, delimiter=";")  # benchmark_app writes ';'-separated CSV
        writer.writerow(["Command line parameters"])
        writer.writerows([[key, value] for key, value in setup.items()])
        writer.writerow([])
        writer.writerow(["Execution results"])
        writer.writerows([[key, value] for key, value in results.items()])
    elif fmt == "json":
        emit_json({"configuration_setup": setup, "execution_results": results})
    else:
        err.print("--format must be json or csv")
        raise typer.Exit(USAGE)

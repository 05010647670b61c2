"""``dlwb bench``: benchmark a model on a target, profile its layers, sweep settings, export a result."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, fetch, run_api
from dlwb_cli.commands.bench_export import export_benchmark
from dlwb_cli.commands.bench_fleet import fleet_benchmark
from dlwb_cli.job_follow import follow_and_show
from dlwb_cli.options import InferPrecisionOption, JsonOption, PrecisionOption, ProgressOption
from dlwb_cli.output import emit, err, out, table
from dlwb_cli.projects import ensure_project

app = typer.Typer(help="Benchmark a model on a target.", no_args_is_help=True)

HintOption = Annotated[str, typer.Option(help="LATENCY, THROUGHPUT, CUMULATIVE_THROUGHPUT, NONE")]


def ran_in(run: dict[str, Any]) -> str:
    """"ran in BF16 (device default) on AMX", or what was asked when the result does not say."""
    if run.get("ran_in"):
        return run["ran_in"]["summary"]
    asked = run.get("settings", {}).get("infer_precision")
    return f"asked {asked.upper()}" if asked else "device default"


def print_benchmark(bench: dict[str, Any]) -> None:
    result = bench["result"]
    if not result:
        out.print(f"benchmark {bench['id']}: {bench['job']['status']} ({bench['job']['stage']})")
        return
    out.print(f"[bold]{bench['verdict']}[/bold]")
    lat = result["latency"]
    rows = [["Throughput", f"{result['throughput_fps']:.2f} FPS"], ["Count", f"{result['count']} iterations"],
            ["Duration", f"{result['duration_ms']:.2f} ms"]]
    rows += [[f"Latency {key}", "—" if lat[key] is None else f"{lat[key]:.2f} ms"]
             for key in ("median", "mean", "min", "max", "p90", "p95", "p99")]
    rows += [["First inference", f"{result['first_inference_ms']:.2f} ms"],
             ["Compile", f"{result['compile_ms']:.2f} ms"], ["Precision", ran_in(bench)]]
    table(f"benchmark {bench['id']}", ["metric", "value"], rows)


@app.command("run")
def run_benchmark(model_id: str, precision: PrecisionOption = "FP32",
                  target: str = "local", device: str = "CPU",
                  duration: Annotated[float | None, typer.Option("--time", "-t", "--duration",
                                                                 help="seconds of timed inference [default: 10]")]
                  = None,
                  niter: Annotated[int | None, typer.Option(help="iterations (with --time: both must be met)")]
                  = None,
                  hint: HintOption = "THROUGHPUT",
                  api: Annotated[str, typer.Option(help="async or sync")] = "async",
                  nireq: Annotated[int | None, typer.Option(help="infer requests")] = None,
                  nstreams: Annotated[int | None, typer.Option(help="streams (needs --hint NONE)")] = None,
                  nthreads: Annotated[int | None, typer.Option(help="threads (needs --hint NONE)")] = None,
                  batch: Annotated[int | None, typer.Option("--batch", "-b", help="batch size")] = None,
                  infer_precision: InferPrecisionOption = None, json: JsonOption = False,
                  progress: ProgressOption = True) -> None:
    """Benchmark a model (random inputs) on a target; benchmark_app's flags and rules."""
    client = connect()
    project = ensure_project(client, model_id, precision, target, device)
    seconds = duration if duration is not None else (None if niter else 10.0)
    settings = {"duration_seconds": seconds, "niter": niter,
                "hint": hint, "api": api, "nireq": nireq, "nstreams": nstreams, "nthreads": nthreads, "batch": batch,
                "infer_precision": infer_precision}
    bench = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/benchmarks", settings))
    follow_and_show(client, bench["id"], f"benchmark on {target}/{device}", f"/api/v1/benchmarks/{bench['id']}",
                    print_benchmark, "benchmark", json, progress)


def print_layer_profile(profile: dict[str, Any], top: int) -> None:
    if not profile["profile"]:
        return
    out.print(f"[bold]{profile['verdict']}[/bold]")
    out.print(f"precision: {ran_in(profile)}")
    data = profile["profile"]
    cv = data.get("total_cv")

    def median(key: str) -> str:
        return f"{data[key]['median']:.3f} ms" if data.get(key) else "—"

    table("profile", ["", ""], [
        ["API", data.get("api", "sync")], ["Iterations", data.get("stop_reason") or str(data["iterations"])],
        ["Layer time / inference", f"{data['total_real_time_ms']:.3f} ms"],
        ["Latency without counters (median)", median("latency")],
        ["Latency with counters (median)", median("profiled_latency")],
        ["Per-inference spread (CV)", f"{cv:.1%}" if cv is not None else "—"],
        ["Noise", "; ".join(note["code"] for note in data.get("noise", [])) or "none flagged"]])
    for title, rows in (("by layer type", data["by_type"]), ("by precision", data["by_precision"])):
        table(title, ["", "layers", "time (ms)", "share"],
              [[r["key"], r["count"], f"{r['real_time_ms']:.3f}", f"{r['share']:.1%}"] for r in rows])
    slowest = sorted(data["layers"], key=lambda layer: layer["real_time_ms"], reverse=True)[:top]
    table(f"{top} slowest layers", ["layer", "type", "kernel", "precision", "time (ms)"],
          [[r["name"], r["type"], r["exec_type"], r["precision"], f"{r['real_time_ms']:.3f}"] for r in slowest])


@app.command("layers")
def profile_layers(model_id: str, precision: PrecisionOption = "FP32",
                   target: str = "local", device: str = "CPU",
                   niter: Annotated[int, typer.Option(help="profiled iterations")] = 100,
                   hint: HintOption = "LATENCY", top: Annotated[int, typer.Option(help="slowest layers shown")] = 15,
                   infer_precision: InferPrecisionOption = None, json: JsonOption = False,
                   progress: ProgressOption = True) -> None:
    """Per-layer profile: time per layer, by layer type and by runtime precision."""
    client = connect()
    project = ensure_project(client, model_id, precision, target, device)
    profile = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/layer-profiles",
                                          {"niter": niter, "hint": hint, "infer_precision": infer_precision}))
    follow_and_show(client, profile["id"], f"profiling layers on {target}/{device}",
                    f"/api/v1/layer-profiles/{profile['id']}", lambda found: print_layer_profile(found, top),
                    "layer profile", json, progress)


@app.command("show")
def show_benchmark(benchmark_id: str, json: JsonOption = False) -> None:
    """A benchmark's result."""
    emit(fetch(f"/api/v1/benchmarks/{benchmark_id}"), json, print_benchmark)


def int_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(f"expected comma-separated integers, got {text!r}") from None


def print_sweep(sweep: dict[str, Any]) -> None:
    if sweep["verdict"]:
        out.print(f"[bold]{sweep['verdict']}[/bold]")
    out.print(f"precision: {ran_in(sweep)}")
    table("points", ["", "batch", "streams", "requests", "FPS", "median ms", "p90 ms", "status"],
          [["★" if p["index"] == sweep["sweet_spot"] else "", p["batch"] or "", p["nstreams"] or "",
            p["nireq"] or "auto", f"{p['throughput_fps']:.1f}" if p["throughput_fps"] else "—",
            f"{p['latency_median_ms']:.2f}" if p["latency_median_ms"] else "—",
            f"{p['latency_p90_ms']:.2f}" if p["latency_p90_ms"] else "—", p["error"] or p["status"]]
           for p in sweep["points"]])


@app.command("sweep")
def run_sweep(model_id: str, precision: PrecisionOption = "FP32",
              target: str = "local", device: str = "CPU",
              batches: Annotated[str, typer.Option("--batch", "-b", help="batch sizes, e.g. 1,2,4")] = "1",
              streams: Annotated[str, typer.Option("--streams", help="stream counts, e.g. 1,2")] = "1,2",
              nireqs: Annotated[str, typer.Option("--nireq", help="infer requests, e.g. 2,4 (default: auto)")] = "",
              duration: Annotated[float, typer.Option("--time", "-t", help="seconds per point")] = 3.0,
              latency_limit: Annotated[float | None, typer.Option(help="latency limit (ms) for the sweet spot")]
              = None, infer_precision: InferPrecisionOption = None,
              json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Benchmark a grid of batch x streams (x requests) and pick the best point under a latency limit."""
    client = connect()
    project = ensure_project(client, model_id, precision, target, device)
    sweep = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/sweeps", {
        "batches": int_list(batches), "streams": int_list(streams), "nireqs": int_list(nireqs),
        "duration_seconds": duration, "latency_limit_ms": latency_limit, "infer_precision": infer_precision}))
    if not json:
        err.print(f"{len(sweep['points'])} points, about {sweep['estimated_seconds']:.0f} s")
    follow_and_show(client, sweep["id"], "sweep", f"/api/v1/sweeps/{sweep['id']}", print_sweep, "sweep", json,
                    progress)


app.command("export")(export_benchmark)
app.command("fleet")(fleet_benchmark)

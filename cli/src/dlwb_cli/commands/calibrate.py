"""``dlwb calibrate``: INT8 calibration with NNCF, its child model and the FP32-to-INT8 report."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, fetch, run_api
from dlwb_cli.job_follow import follow_and_show
from dlwb_cli.options import (
    AdapterOption,
    BackgroundOffsetOption,
    ColorOption,
    JsonOption,
    MeanOption,
    ProgressOption,
    ResizeOption,
    ScaleOption,
    accuracy_config,
)
from dlwb_cli.output import emit, out, page_table, table
from dlwb_cli.projects import ensure_project

app = typer.Typer(help="INT8 calibration with NNCF: child models and the FP32-to-INT8 report.", no_args_is_help=True)


SOURCES = {"request": "sent with the request", "saved": "the project's saved settings",
           "default": "the defaults (nothing saved)"}


def print_settings(settings: dict[str, Any]) -> None:
    """What the figures were measured with: pre-processing, adapter and where they came from, data, precisions."""
    source = SOURCES.get(settings["source"], settings["source"])
    if settings["source"] == "request" and not settings["matches_saved"]:
        source += ", not the project's saved settings"
    out.print(f"settings: {settings['preprocessing']} · adapter {settings['adapter']} ({source})")
    out.print(f"data: {settings['dataset']} · {settings['subset_size']} samples for statistics"
              + (f" · accuracy on {settings['validation_images']} images in {settings['check_precision'] or '?'} "
                 f"({settings['check_cpu_isa'] or '?'})" if settings["validation_images"] else ""))
    if settings.get("benchmark_precision") or settings.get("cpu_isa"):
        out.print(f"benchmarks: parent in {settings['benchmark_precision'] or '?'} on a CPU with "
                  f"{settings['cpu_isa'] or '?'}")


def print_accuracy(report: dict[str, Any]) -> None:
    accuracy = report.get("accuracy")
    if accuracy:
        table(f"accuracy on {accuracy['images']} images", ["metric", "FP32", "INT8", "change"],
              [[accuracy["metric"], f"{accuracy['fp32_percent']:.1f} %", f"{accuracy['int8_percent']:.1f} %",
                f"{accuracy['delta_points']:+.1f} pt"]])
    elif report.get("accuracy_note"):
        out.print(f"accuracy not measured: {report['accuracy_note']}")


def print_calibration(calibration: dict[str, Any]) -> None:
    report, stats = calibration.get("report"), calibration.get("stats")
    if report:
        out.print(f"[bold]{report['verdict']}[/bold]")
    out.print(f"calibration {calibration['id']} · {calibration['job']['status']} · parent "
              f"{calibration['parent_model_id']} → child {calibration['child_model_id'] or '-'} "
              f"(project {calibration['child_project_id'] or '-'})")
    if stats:
        out.print(f"{stats['quantized_layers']} of {stats['compute_layers']} compute layers quantized · "
                  f"{stats['fake_quantize']} FakeQuantize · {stats['samples']} samples · {stats['seconds']:.1f} s")
    if report:
        size = f"{report['parent_size_bytes'] / 1e6:.2f} MB → {report['child_size_bytes'] / 1e6:.2f} MB"
        out.print(f"size {size} ({report['size_change']:+.0%})")
        print_accuracy(report)
        if report.get("settings"):
            print_settings(report["settings"])
        if report["precision_counts"]:
            table("layers by runtime precision (child)", ["precision", "layers", "time (ms)"],
                  [[c["precision"], c["layers"], f"{c['time_ms']:.3f}"] for c in report["precision_counts"]])
        if report["float_layers"]:
            out.print("stayed in floating point: " + ", ".join(report["float_layers"]))
        for line in report["advice"]:
            out.print(f"[yellow]advice:[/yellow] {line}")


@app.command("run")
def run_calibration(model_id: Annotated[str, typer.Argument(help="the floating-point model to calibrate")],
                    target: str = "local", device: str = "CPU",
                    project: Annotated[str | None, typer.Option(help="an existing project instead")] = None,
                    method: Annotated[str, typer.Option(help="default, weight_compression or accuracy_aware")]
                    = "default",
                    preset: Annotated[str, typer.Option(help="performance or mixed")] = "performance",
                    subset: Annotated[int | None, typer.Option(help="samples for statistics")] = None,
                    subset_percent: Annotated[float | None, typer.Option(help="or a share of the dataset")] = None,
                    fast_bias_correction: Annotated[bool, typer.Option(
                        "--fast-bias-correction/--bias-correction")] = True,
                    transformer: Annotated[bool, typer.Option(help="model type transformer")] = False,
                    ignore_name: Annotated[list[str] | None, typer.Option(help="keep this layer in float")] = None,
                    ignore_type: Annotated[list[str] | None, typer.Option(help="keep this op type in float")]
                    = None,
                    ignore_pattern: Annotated[list[str] | None, typer.Option(help="regex of layer names")] = None,
                    weight_mode: Annotated[str, typer.Option(help="weight compression: INT8_ASYM, INT8_SYM, "
                                                                   "INT4_SYM, INT4_ASYM")] = "INT8_ASYM",
                    ratio: Annotated[float, typer.Option(help="INT4: share of layers in INT4")] = 1.0,
                    group_size: Annotated[int, typer.Option(help="INT4: weights per scale (-1: per channel)")] = -1,
                    compare: Annotated[bool, typer.Option(help="benchmark parent and child afterwards")] = True,
                    compare_seconds: Annotated[float, typer.Option(help="seconds per comparison run")] = 5.0,
                    resize: ResizeOption = None, color: ColorOption = None, mean: MeanOption = None,
                    scale: ScaleOption = None, adapter: AdapterOption = None,
                    background_offset: BackgroundOffsetOption = None,
                    json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Calibrate a model to INT8 (or compress its weights): an INT8 child model, a child project, the report.
    Pre-processing options as ``dlwb accuracy run``'s; not given: the project's saved accuracy configuration."""
    client = connect()
    project_id = project or ensure_project(client, model_id, "FP32", target, device)["id"]
    body = {"project_id": project_id, "method": method, "preset": preset, "subset_size": subset,
            "subset_percent": subset_percent, "fast_bias_correction": fast_bias_correction,
            "model_type": "transformer" if transformer else None,
            "ignored_scope": {"names": ignore_name or [], "types": ignore_type or [], "patterns": ignore_pattern or []},
            "weight_mode": weight_mode, "ratio": ratio, "group_size": group_size, "compare": compare,
            "compare_seconds": compare_seconds}
    accuracy = accuracy_config(resize, color, mean, scale, adapter, background_offset)
    if accuracy is not None:
        body["accuracy"] = accuracy
    calibration = run_api(lambda: client.post("/api/v1/calibrations", body))
    follow_and_show(client, calibration["job"]["id"], "calibrating", f"/api/v1/calibrations/{calibration['id']}",
                    print_calibration, "calibration", json, progress)


@app.command("show")
def show_calibration(calibration_id: str, json: JsonOption = False) -> None:
    """A calibration: verdict, NNCF statistics, sizes, precisions, advice."""
    emit(fetch(f"/api/v1/calibrations/{calibration_id}"), json, print_calibration)


@app.command("list")
def list_calibrations(json: JsonOption = False) -> None:
    """Calibrations, newest first."""
    emit(fetch("/api/v1/calibrations"), json, page_table(
        "calibration", ["id", "name", "status", "child model", "verdict"],
        lambda c: [c["id"], c["name"], c["job"]["status"], c["child_model_id"] or "-",
                   (c["report"] or {}).get("verdict", c["job"]["stage"])]))


@app.command("log")
def calibration_log(calibration_id: str) -> None:
    """The calibration's log: stages, NNCF's summary, errors."""
    client = connect()
    text = run_api(lambda: client.text(f"/api/v1/calibrations/{calibration_id}/log"))
    out.print(text, markup=False, highlight=False)

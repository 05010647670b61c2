"""``dlwb accuracy``: measure accuracy on a target, compare two runs or two models' outputs, test one image."""

from __future__ import annotations

import json as json_lib
from pathlib import Path
from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, fetch, run_api, send
from dlwb_cli.job_follow import follow_and_show
from dlwb_cli.options import (
    AdapterOption,
    BackgroundOffsetOption,
    ColorOption,
    InferPrecisionOption,
    JsonOption,
    MeanOption,
    ProgressOption,
    ResizeOption,
    ScaleOption,
    accuracy_config,
)
from dlwb_cli.output import emit, out, table
from dlwb_cli.projects import find_or_create_project

app = typer.Typer(help="Measure accuracy on a target; compare two runs.", no_args_is_help=True)

PreprocessingScaleOption = Annotated[str | None, typer.Option(help="pre-processing scale, e.g. 255")]


def print_accuracy(run: dict[str, Any]) -> None:
    out.print(f"[bold]{run['verdict'] or run['job']['stage']}[/bold]")
    if run.get("ran_in"):
        out.print(f"precision: {run['ran_in']['summary']}")
    result = run.get("result")
    if result:
        table(f"accuracy run {run['id']} · {result['samples']} images · {result['images_per_second']:,.0f} images/s",
              ["metric", "value"], [[m["name"], f"{m['value']:.4f} {m['unit']}".strip()] for m in result["metrics"]])
        wrong = [image for image in result["images"] if image.get("correct") is False]
        if wrong:
            table(f"{len(wrong)} misclassified image(s), first 10", ["image", "label", "predicted (top 5)"],
                  [[i["index"], i["label"], i["predicted"]] for i in wrong[:10]])


@app.command("run")
def run_accuracy(model_id: str, dataset: Annotated[str, typer.Option(help="an imported, annotated dataset")],
                 precision: str = "FP32", target: str = "local", device: str = "CPU",
                 resize: ResizeOption = None, color: ColorOption = None, mean: MeanOption = None,
                 scale: ScaleOption = None, adapter: AdapterOption = None,
                 background_offset: BackgroundOffsetOption = None,
                 limit: Annotated[int | None, typer.Option(help="score only the first N images")] = None,
                 save: Annotated[bool, typer.Option(help="save the options as the project's configuration")]
                 = True, infer_precision: InferPrecisionOption = None,
                 json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Measure a model's accuracy on a dataset on a target (options not given: the project's saved ones)."""
    client = connect()
    project = find_or_create_project(client, model_id, precision, dataset, target, device)
    config = accuracy_config(resize, color, mean, scale, adapter, background_offset, limit)
    if config is not None and save:
        run_api(lambda: client.put(f"/api/v1/projects/{project['id']}/accuracy-config", config))
    body = ({"config": config} if config is not None else {}) | (
        {"infer_precision": infer_precision} if infer_precision else {})
    started = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/accuracy", body))
    follow_and_show(client, started["job"]["id"], "scoring", f"/api/v1/accuracy/{started['id']}", print_accuracy,
                    "accuracy run", json, progress)


@app.command("show")
def show_accuracy(run_id: str, json: JsonOption = False) -> None:
    """An accuracy run: verdict, metrics, misclassified images."""
    emit(fetch(f"/api/v1/accuracy/{run_id}"), json, print_accuracy)


def print_output_distance(found: dict[str, Any]) -> None:
    out.print(f"[bold]{found['verdict']}[/bold]")
    table("outputs", ["output", "shape", "mean |a-b|", "max |a-b|", "cosine", "relative L2"],
          [[o["name"], o["shape"], f"{o['mean_abs']:.4g}", f"{o['max_abs']:.4g}", f"{o['cosine']:.6f}",
            f"{o['relative_l2']:.4g}"] for o in found["outputs"]])


@app.command("distance")
def output_distance(model_a: str, model_b: str, dataset: Annotated[str, typer.Option(help="inputs from this dataset")],
                    precision_a: str = "FP32", precision_b: str = "FP32", samples: int = 16,
                    scale: PreprocessingScaleOption = None, json: JsonOption = False) -> None:
    """Per-output tensor distance of two models on the same inputs (e.g. INT8 child against its parent)."""
    config = accuracy_config(None, None, None, scale, None, None, None) or {}
    emit(send(f"/api/v1/models/{model_a}/output-distance", {
        "b": model_b, "precision_a": precision_a, "precision_b": precision_b, "dataset_id": dataset,
        "samples": samples, "config": config}), json, print_output_distance)


def print_prediction(found: dict[str, Any]) -> None:
    rows = [[name, f"{score:.4f}", [round(v, 1) for v in box] if box else ""]
            for name, score, box in zip(found["names"], found["scores"], found["boxes"] or [None] * len(found["names"]),
                                        strict=False)]
    table(f"{found['task']} · {found['width']}x{found['height']}", ["class", "score", "box"], rows)


@app.command("predict")
def predict_image(model_id: str, image: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
                  dataset: Annotated[str | None, typer.Option(help="class names from this dataset")] = None,
                  scale: PreprocessingScaleOption = None,
                  adapter: Annotated[str | None, typer.Option(help="classification, ssd, yolo_v8, ...")] = None,
                  json: JsonOption = False) -> None:
    """Single-image test: one picture through the model, read as its task."""
    config = accuracy_config(None, None, None, scale, adapter, None, None)
    params = {key: value for key, value in (("dataset_id", dataset), ("config", json_lib.dumps(config)
                                                                          if config else None)) if value}
    client = connect()
    response = run_api(lambda: client.http.post(f"/api/v1/models/{model_id}/predictions", params=params,
                                                content=image.read_bytes()))
    emit(run_api(lambda: client.check(response)), json, print_prediction)


def print_agreement(found: dict[str, Any]) -> None:
    out.print(f"[bold]{found['verdict']}[/bold]")
    table("metric deltas (B - A)", ["metric", "delta"], [[k, f"{v:+.4f}"] for k, v in found["metric_deltas"].items()])


@app.command("agreement")
def accuracy_agreement(a: str, b: str, json: JsonOption = False) -> None:
    """How often run B predicts what run A predicts (e.g. INT8 against FP32), no annotations needed."""
    emit(fetch("/api/v1/accuracy-agreement", a=a, b=b), json, print_agreement)

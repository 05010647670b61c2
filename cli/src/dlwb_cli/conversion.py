"""ovc-style conversion options, and following a model's conversion to its end."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.client import Client
from dlwb_cli.job_follow import follow_and_show
from dlwb_cli.output import out

InputsOption = Annotated[list[str] | None, typer.Option(
    "--input", help="ovc style: name[1,3,?,224] or name[1,3,1..8,224] (repeatable)")]
LayoutOption = Annotated[list[str] | None, typer.Option(help="name:NCHW (repeatable)")]
MeanOption = Annotated[list[str] | None, typer.Option(help="name:123.7,116.3,103.5")]
ScaleOption = Annotated[list[str] | None, typer.Option(help="name:58.4,57.1,57.4")]
ReverseOption = Annotated[list[str] | None, typer.Option(help="input name (RGB<->BGR)")]
OutputOption = Annotated[list[str] | None, typer.Option(help="cut the model at this tensor")]
PrecisionsOption = Annotated[list[str] | None, typer.Option(
    "--precision", help="IR to save: FP32 and/or FP16 (compress_to_fp16); default both")]


def conversion_settings(input_: list[str] | None, layout: list[str] | None, mean: list[str] | None,
                        scale: list[str] | None, reverse_channels: list[str] | None, output: list[str] | None,
                        precisions: list[str] | None) -> dict[str, Any]:
    """ConversionSettings from ovc-style options."""
    inputs: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return inputs.setdefault(name, {"name": name})

    for spec in input_ or []:
        name, _, dims = spec.partition("[")
        entry(name)["shape"] = [int(d) if d.lstrip("-").isdigit() else d for d in dims.rstrip("]").split(",")
                                if d] if dims else None
    for key, values in (("layout", layout), ("mean", mean), ("scale", scale)):
        for spec in values or []:
            name, _, value = spec.partition(":")
            entry(name)[key] = value if key == "layout" else [float(v) for v in value.split(",")]
    for name in reverse_channels or []:
        entry(name)["reverse_channels"] = True
    settings: dict[str, Any] = {"inputs": list(inputs.values()), "outputs": output or []}
    if precisions:
        settings["precisions"] = [p.upper() for p in precisions]
    return settings


def print_model_line(model: dict[str, Any]) -> None:
    precisions = ", ".join(v["precision"] for v in model["variants"]) or "none"
    out.print(f"model [bold]{model['id']}[/bold] ({model['name']}, {model['framework']}): {model['status']}, "
              f"IR: {precisions}; inputs " + "; ".join(f"{i['name']} {i['shape']}" for i in model["inputs"]))


def wait_for_model(client: Client, model: dict[str, Any], label: str, json: bool, progress: bool) -> None:
    """Follow the model's conversion job, then print the model."""
    follow_and_show(client, model["conversion_job_id"], label, f"/api/v1/models/{model['id']}", print_model_line,
                    "conversion", json, progress)

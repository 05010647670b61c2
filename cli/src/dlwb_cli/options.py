"""Options several commands share."""

from __future__ import annotations

from typing import Annotated, Any

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON on stdout, nothing else")]
ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar on a terminal")]
PrecisionOption = Annotated[str, typer.Option(help="FP32 or FP16")]
InferPrecisionOption = Annotated[str | None, typer.Option(
    "--infer-precision", help="what the device computes in: f32, bf16 or f16 where it offers it [default: the "
                              "device's own, e.g. bf16 on CPUs with AMX]")]

# the pre-processing and output adapter of an accuracy configuration (``dlwb accuracy run``, ``dlwb calibrate run``)
ResizeOption = Annotated[str | None, typer.Option(help="stretch, letterbox or center_crop")]
ColorOption = Annotated[str | None, typer.Option(help="RGB, BGR or GRAY")]
MeanOption = Annotated[str | None, typer.Option(help="per channel, e.g. 123.7,116.3,103.5")]
ScaleOption = Annotated[str | None, typer.Option(help="per channel, e.g. 255 or 58.4,57.1,57.4")]
AdapterOption = Annotated[str | None, typer.Option(help="classification, ssd, yolo_v8, boxes")]
BackgroundOffsetOption = Annotated[int | None, typer.Option(help="1: output class 0 is background")]


def numbers(text: str | None) -> list[float] | None:
    """ "1,2,3" -> [1.0, 2.0, 3.0]; a value that is not a number is a usage error (exit 2)."""
    if not text:
        return None
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a comma-separated list of numbers") from None


def accuracy_config(resize: str | None, color: str | None, mean: str | None, scale: str | None, adapter: str | None,
                    background_offset: int | None, limit: int | None = None) -> dict[str, Any] | None:
    """An AccuracyConfig from the options given, or None to use the project's saved one."""
    preprocessing = {key: value for key, value in (
        ("resize", resize), ("color", color), ("mean", numbers(mean)), ("scale", numbers(scale)))
        if value is not None}
    config = {key: value for key, value in (("adapter", adapter), ("background_offset", background_offset),
                                            ("max_samples", limit)) if value is not None}
    if not preprocessing and not config:
        return None
    return {**config, "preprocessing": preprocessing}

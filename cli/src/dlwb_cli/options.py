"""Options several commands share."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON on stdout, nothing else")]
ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar on a terminal")]
PrecisionOption = Annotated[str, typer.Option(help="FP32 or FP16")]
InferPrecisionOption = Annotated[str | None, typer.Option(
    "--infer-precision", help="what the device computes in: f32, bf16 or f16 where it offers it [default: the "
                              "device's own, e.g. bf16 on CPUs with AMX]")]

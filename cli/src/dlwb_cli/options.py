"""Options several commands share."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON on stdout, nothing else")]
ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar on a terminal")]
PrecisionOption = Annotated[str, typer.Option(help="FP32 or FP16")]

"""``dlwb models omz``: search the Open Model Zoo catalog and import from it."""

from __future__ import annotations

from typing import Annotated

import typer

from dlwb_cli.api import connect, fetch, run_api
from dlwb_cli.conversion import wait_for_model
from dlwb_cli.options import JsonOption, ProgressOption
from dlwb_cli.output import emit, table

app = typer.Typer(help="The Open Model Zoo catalog: search and import.", no_args_is_help=True)


@app.command("search")
def search_omz(query: Annotated[str, typer.Argument(help="words of the name or description")] = "",
               task: Annotated[str | None, typer.Option(help="e.g. object_detection")] = None,
               json: JsonOption = False) -> None:
    """Search the Open Model Zoo catalog."""
    params = {"q": query, **({"task": task} if task else {})}
    emit(fetch("/api/v1/omz/models", **params), json, lambda found: table(
        f"{found['count']} Open Model Zoo model(s) · mirror {found['mirror']}",
        ["name", "task", "framework", "precisions", "size (MB)", "license"],
        [[m["name"], m["task"] or m["omz_task_type"], m["framework"], ", ".join(m["precisions"]),
          f"{m['size_bytes'] / 1e6:.1f}", m["license"]] for m in found["data"]]))


@app.command("import")
def import_omz(name: str, precision: Annotated[str, typer.Option(help="for IR models: FP32, FP16, FP16-INT8")]
               = "FP32", json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Download a zoo model from the mirror (sha384-checked) and convert it."""
    client = connect()
    model = run_api(lambda: client.post(f"/api/v1/omz/models/{name}/import", {"precision": precision}))
    wait_for_model(client, model, f"importing {name}", json, progress)

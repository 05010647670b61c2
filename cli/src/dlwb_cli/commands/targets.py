"""``dlwb targets``: the machines running an agent."""

from __future__ import annotations

import typer

from dlwb_cli.api import fetch
from dlwb_cli.options import JsonOption
from dlwb_cli.output import emit, page_table

app = typer.Typer(help="Machines running an agent.", no_args_is_help=True)


@app.command("list")
def list_targets(json: JsonOption = False) -> None:
    """List targets with their status and devices."""
    emit(fetch("/api/v1/targets"), json, page_table(
        "target", ["id", "status", "host", "CPU", "devices", "OpenVINO"],
        lambda t: [t["id"], t["status"], t["inventory"]["hostname"], t["inventory"]["cpu"],
                   ", ".join(d["name"] for d in t["inventory"]["devices"]), t["inventory"]["openvino_version"]]))

"""``dlwb targets``: the machines running an agent."""

from __future__ import annotations

from typing import Annotated

import typer

from dlwb_cli.api import fetch, send
from dlwb_cli.options import JsonOption
from dlwb_cli.output import emit, emit_json, err, page_table

app = typer.Typer(help="Machines running an agent.", no_args_is_help=True)


@app.command("list")
def list_targets(json: JsonOption = False) -> None:
    """List targets with their status and devices."""
    emit(fetch("/api/v1/targets"), json, page_table(
        "target", ["id", "status", "host", "CPU", "devices", "OpenVINO"],
        lambda t: [t["id"], t["status"], t["inventory"]["hostname"], t["inventory"]["cpu"],
                   ", ".join(d["name"] for d in t["inventory"]["devices"]), t["inventory"]["openvino_version"]]))


@app.command("join")
def join(agent_id: Annotated[str | None, typer.Option("--id", help="the new target's name, filled into the command")]
         = None,
         ttl: Annotated[int, typer.Option("--ttl", help="seconds the token stays valid (60 to 604800)")] = 3600,
         json: JsonOption = False) -> None:
    """Create a one-time join token and print the command that installs, enrols and starts an agent on
    a new machine (Linux: paste it there; it needs python3 >= 3.11 with venv, and curl)."""
    token = send("/api/v1/targets/join-tokens", {"ttl_seconds": ttl})
    if agent_id:
        token["command"] = token["command"].replace("<name>", agent_id)
    if json:
        emit_json(token)
        return
    err.print(f"Join token created: valid once, until {token['expires_at']}. On the new machine, run"
              f"{'' if agent_id else ' (with <name> replaced by its name)'}:")
    print(token["command"])  # alone on stdout, unwrapped, so that it can be copied or piped as it is

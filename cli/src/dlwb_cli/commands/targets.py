"""``dlwb targets``: the machines running an agent and their devices as OpenVINO reports them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.api import fetch, send
from dlwb_cli.options import JsonOption
from dlwb_cli.output import emit, emit_json, err, out, table

app = typer.Typer(help="Machines running an agent.", no_args_is_help=True)


def device_rows(target: dict[str, Any]) -> list[list[Any]]:
    """One row per device as OpenVINO reports it."""
    return [[d["name"], d.get("full_name") or "", d.get("isa") or "—", ", ".join(d.get("precisions") or []) or "—",
             d.get("inference_precision") or "—"] for d in target["inventory"]["devices"]]


def show_targets(page: dict[str, Any]) -> None:
    """Each target's facts on one line (whole: the OpenVINO version and CPU name are never cut), then its devices."""
    out.print(f"{page['count']} target(s)")
    for target in page["data"]:
        inv = target["inventory"]
        out.print(f"\n[bold]{target['id']}[/bold] {target['status']} · {inv['hostname']} · {inv['os']} · "
                  f"{inv['cpu']}, {inv['cores']} cores · OpenVINO {inv['openvino_version']}", soft_wrap=True)
        if inv["devices"]:
            table("", ["device", "full name", "ISA", "precisions", "default precision"], device_rows(target))
        else:
            out.print("  no inference device reported")


@app.command("list")
def list_targets(json: JsonOption = False) -> None:
    """List targets with their status and devices (full name, ISA, supported precisions)."""
    emit(fetch("/api/v1/targets"), json, show_targets)


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

"""``dlwb up``: the whole system on this machine, until Ctrl-C; a crashed process is started again."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from dlwb_cli.exit_codes import OK, SYSTEM_FAILED
from dlwb_cli.output import err, out


def up(data_dir: Annotated[Path | None, typer.Option(envvar="DLWB_DATA_DIR", help="data directory")] = None,
       port: Annotated[int | None, typer.Option(envvar="DLWB_GATEWAY_PORT", help="gateway port")] = None) -> None:
    """Start the whole system on this machine (NATS, services, a local agent, the web UI)."""
    from dlwb_cli.launcher.healing import supervise
    from dlwb_cli.launcher.supervisor import LaunchError, LaunchSettings, System

    overrides: dict[str, Any] = {}
    if data_dir:
        overrides["data_dir"] = data_dir
    if port:
        overrides["gateway_port"] = port
    system = System(LaunchSettings(**overrides))
    stopping = threading.Event()

    def on_signal(*_: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        system.start(lambda line: err.print(f"[dim]{line}[/dim]"))
    except LaunchError as exc:
        err.print(f"[red]failed to start:[/red] {exc}")
        system.stop()
        raise typer.Exit(SYSTEM_FAILED) from None
    out.print(f"[green]DL Workbench is ready[/green] in {time.monotonic() - started:.1f} s")
    out.print(f"  open     {system.url}")
    out.print(f"  token    {system.token}")
    out.print(f"  data     {system.settings.data_dir}")
    out.print("Press Ctrl-C to stop.", style="dim")
    healthy = supervise(system, lambda line: err.print(f"[yellow]{line}[/yellow]"), stopping)
    code = OK if healthy else SYSTEM_FAILED
    err.print("stopping...")
    system.stop()
    raise typer.Exit(code)

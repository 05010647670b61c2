"""``dlwb``: the workbench from a terminal. Exit codes: 0 ok, 1 job failed, 2 usage, 3 API error,
4 server unreachable, 5 the embedded system failed (see ``exit_codes``).

This module only assembles the typer app; each command group lives in ``dlwb_cli.commands``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlwb_cli.api import connection
from dlwb_cli.client import default_token
from dlwb_cli.commands import accuracy, bench, calibrate, datasets, jobs, models, targets
from dlwb_cli.commands.compare import compare
from dlwb_cli.commands.up import up

app = typer.Typer(help="DL Workbench for OpenVINO: import models, benchmark them on targets.",
                  no_args_is_help=True, pretty_exceptions_enable=False)


@app.callback()
def main(url: Annotated[str, typer.Option(envvar="DLWB_URL", help="gateway URL")] = connection.url,
         token: Annotated[str | None, typer.Option(envvar="DLWB_TOKEN", help="access token")] = None) -> None:
    connection.url = url
    connection.token = token or default_token()


app.command()(up)
app.command()(compare)
for group in (datasets, accuracy, calibrate, models, bench, targets, jobs):
    app.add_typer(group.app, name=group.__name__.rsplit(".", 1)[-1])

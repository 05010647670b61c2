"""The gateway the global options point at, and API or connection errors turned into exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import typer

from dlwb_cli.client import ApiError, Client
from dlwb_cli.exit_codes import API_ERROR, UNREACHABLE
from dlwb_cli.output import err

T = TypeVar("T")


class Connection:
    url: str = "http://127.0.0.1:8800"
    token: str | None = None


connection = Connection()


def run_api(action: Callable[[], T]) -> T:
    """Run ``action`` and turn API and connection errors into a message and an exit code."""
    try:
        return action()
    except ApiError as exc:
        err.print(f"[red]error:[/red] {exc.message} [dim]({exc.code}, HTTP {exc.status})[/dim]")
        raise typer.Exit(API_ERROR) from None
    except httpx.TransportError as exc:
        err.print(f"[red]error:[/red] cannot reach {connection.url}: {exc}")
        raise typer.Exit(UNREACHABLE) from None


def connect() -> Client:
    """A client of the gateway (exit 3 without a token)."""
    return run_api(lambda: Client(connection.url, connection.token))


def fetch(path: str, **params: Any) -> Any:
    """GET ``path`` with a new client."""
    client = connect()
    return run_api(lambda: client.get(path, **params))


def send(path: str, body: Any = None) -> Any:
    """POST ``body`` to ``path`` with a new client."""
    client = connect()
    return run_api(lambda: client.post(path, body))

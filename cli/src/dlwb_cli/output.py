"""Output for people (Rich) and for machines (--json on stdout, nothing else there)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def emit(value: Any, as_json: bool, show: Callable[[Any], None]) -> None:
    """``value`` as JSON on stdout, or shown for people by ``show``."""
    if as_json:
        emit_json(value)
    else:
        show(value)


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    view = Table(title=title, title_justify="left")
    for column in columns:
        view.add_column(column, overflow="fold")  # a narrow terminal wraps a value, never cuts it
    for row in rows:
        view.add_row(*[str(cell) for cell in row])
    out.print(view)


def page_table(noun: str, columns: list[str], row: Callable[[dict[str, Any]], list[Any]]) -> Callable[[Any], None]:
    """Show a page of a list endpoint as a table titled with its count ("3 model(s)")."""
    return lambda page: table(f"{page['count']} {noun}(s)", columns, [row(item) for item in page["data"]])

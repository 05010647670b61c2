"""``dlwb compare``: two benchmarks, or two layer profiles, B against A."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlwb_cli.api import fetch
from dlwb_cli.options import JsonOption
from dlwb_cli.output import emit, out, table


def milliseconds(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "—"


def print_comparison(result: dict[str, Any], top: int) -> None:
    out.print(f"[bold]{result['verdict']}[/bold]")
    for side in ("a", "b"):
        run = result[side]
        ran = run["ran_in"]["summary"] if run.get("ran_in") else "precision not recorded"
        out.print(f"{side.upper()}: {run['project_name']} · weights {run['weights']} · {ran}")
    for title, rows in (("by layer type", result["by_type"]), (f"{top} largest layer changes", result["layers"])):
        if rows:
            table(title, ["", "type", "A ms", "B ms", "Δ ms", "precision A → B"],
                  [[r["key"], r["type"], milliseconds(r["a_ms"]), milliseconds(r["b_ms"]), f"{r['delta_ms']:+.3f}",
                    f"{r['a_precision'] or '—'} → {r['b_precision'] or '—'}"] for r in rows[:top]])


def compare(a: str, b: str, json: JsonOption = False,
            top: Annotated[int, typer.Option(help="largest per-layer changes shown")] = 15) -> None:
    """Compare two benchmarks, or two layer profiles (per-layer time deltas): B against A."""
    emit(fetch("/api/v1/compare", a=a, b=b), json, lambda result: print_comparison(result, top))

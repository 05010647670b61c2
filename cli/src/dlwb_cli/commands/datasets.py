"""``dlwb datasets``: import, browse and augment datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, fetch, run_api, send
from dlwb_cli.options import JsonOption, ProgressOption
from dlwb_cli.output import emit, out, page_table, table
from dlwb_cli.progress import upload_files

app = typer.Typer(help="Import and browse datasets.", no_args_is_help=True)


def print_dataset(dataset: dict[str, Any]) -> None:
    report = dataset.get("report")
    out.print(f"[bold]{report['verdict'] if report else dataset['name']}[/bold]")
    out.print(f"dataset {dataset['id']} ({dataset['name']}) · {dataset['kind']} · {dataset['count']} samples")
    for warning in (report or {}).get("warnings", []):
        out.print(f"[yellow]warning:[/yellow] {warning}")
    if dataset["histogram"]:
        widest = max(c["count"] for c in dataset["histogram"]) or 1
        table("classes", ["#", "class", "count", ""],
              [[i, c["name"], c["count"], "█" * round(20 * c["count"] / widest)]
               for i, c in enumerate(dataset["histogram"])])


@app.command("import")
def import_dataset(archive: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                                           help="a .zip or .tar.gz of the dataset")],
                   name: Annotated[str, typer.Option(help="display name")] = "",
                   json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Upload a dataset archive (resumable); its format is recognised and every annotation checked."""
    client = connect()
    (ref,) = run_api(lambda: upload_files(client, [archive], progress and not json))
    emit(run_api(lambda: client.post("/api/v1/datasets/imports", {**ref, "name": name})), json, print_dataset)


@app.command("list")
def list_datasets(json: JsonOption = False) -> None:
    """Datasets, newest first."""
    emit(fetch("/api/v1/datasets"), json, page_table(
        "dataset", ["id", "name", "kind", "format", "task", "samples"],
        lambda d: [d["id"], d["name"], d["kind"], d["format"] or "-", d["task"] or "-", d["count"]]))


@app.command("show")
def show_dataset(dataset_id: str, json: JsonOption = False) -> None:
    """A dataset: validation report, class histogram."""
    emit(fetch(f"/api/v1/datasets/{dataset_id}"), json, print_dataset)


@app.command("augment")
def augment_dataset(dataset_id: str, copies: Annotated[int, typer.Option(help="augmented copies per image")] = 1,
                    flip_horizontal: bool = False, flip_vertical: bool = False,
                    noise: Annotated[float, typer.Option(help="Gaussian noise sigma, pixel levels")] = 0.0,
                    erase: Annotated[float, typer.Option(help="probability of a random erase")] = 0.0,
                    brightness: Annotated[float, typer.Option(help="shift, share of the range")] = 0.0,
                    contrast: Annotated[float, typer.Option(help="scale by 1 +- this")] = 0.0,
                    seed: int = 0, name: str = "", json: JsonOption = False) -> None:
    """A new dataset: the originals and augmented copies (boxes follow flips)."""
    body = {"copies": copies, "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical, "noise": noise,
            "erase": erase, "brightness": brightness, "contrast": contrast, "seed": seed, "name": name}
    emit(send(f"/api/v1/datasets/{dataset_id}/augmentations", body), json, print_dataset)

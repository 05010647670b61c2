"""``dlwb models``: import, convert, derive and inspect models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dlwb_cli.api import connect, fetch, run_api
from dlwb_cli.commands import omz
from dlwb_cli.conversion import (
    InputsOption,
    LayoutOption,
    MeanOption,
    OutputOption,
    PrecisionsOption,
    ReverseOption,
    ScaleOption,
    conversion_settings,
    wait_for_model,
)
from dlwb_cli.options import JsonOption, PrecisionOption, ProgressOption
from dlwb_cli.output import emit, emit_json, out, page_table, table
from dlwb_cli.progress import upload_files
from dlwb_common.precision import file_stem

app = typer.Typer(help="Import and inspect models.", no_args_is_help=True)


@app.command("import")
def import_model(paths: Annotated[list[Path], typer.Argument(
                     exists=True, dir_okay=False, readable=True,
                     help="a model file, an archive, or every file of a multi-file model (.xml .bin, .pdmodel "
                          ".pdiparams, .onnx + external data)")],
                 name: Annotated[str, typer.Option(help="display name")] = "",
                 task: Annotated[str | None, typer.Option(help="the model's task, e.g. classification")] = None,
                 input_: InputsOption = None, layout: LayoutOption = None, mean: MeanOption = None,
                 scale: ScaleOption = None, reverse_channels: ReverseOption = None, output: OutputOption = None,
                 precision: PrecisionsOption = None,
                 wait: Annotated[bool, typer.Option(help="wait for the IR conversion")] = True,
                 json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Upload a model (resumable: a broken connection resumes where it stopped) and convert it to IR."""
    settings = conversion_settings(input_, layout, mean, scale, reverse_channels, output, precision)
    client = connect()
    refs = run_api(lambda: upload_files(client, paths, progress and not json))
    body: dict[str, Any] = {"uploads": refs, "name": name, "settings": settings}
    if task:
        body["task"] = task
    model = run_api(lambda: client.post("/api/v1/models/imports", body))
    if wait:
        wait_for_model(client, model, f"converting {paths[0].name}", json, progress)
    else:
        emit(model, json, lambda m: out.print(f"model [bold]{m['id']}[/bold] ({m['name']}): {m['status']}"))


@app.command("list")
def list_models(json: JsonOption = False) -> None:
    """List models."""
    emit(fetch("/api/v1/models"), json, page_table(
        "model", ["id", "name", "framework", "status", "weights", "IR", "inputs"],
        lambda m: [m["id"], m["name"], m["framework"], m["status"], weights(m),
                   ", ".join(v["label"] for v in m["variants"]),
                   "; ".join(f"{i['name']} {i['shape']}" for i in m["inputs"])]))


def weights(model: dict[str, Any]) -> str:
    """"INT8 from FP32" for a child, else the weight precision ("—" before conversion)."""
    return model.get("precision_lineage") or model.get("weight_precision") or "—"


def print_model(model: dict[str, Any]) -> None:
    out.print(f"[bold]{model['name']}[/bold] {model['id']} · {model['framework']} · {model['status']} · "
              f"weights {weights(model)}")
    table("inputs", ["name", "shape", "type"], [[t["name"], t["shape"], t["element_type"]] for t in model["inputs"]])
    table("outputs", ["name", "shape", "type"], [[t["name"], t["shape"], t["element_type"]] for t in model["outputs"]])
    table("IR variants", ["variant", "folder", "weights", "size (bytes)", "xml sha256"],
          [[v["label"], v["precision"], v["weight_precision"] or "—", v["size_bytes"], v["xml_sha256"][:16]]
           for v in model["variants"]])
    if analysis := model.get("analysis"):
        out.print(f"task: {model.get('task') or 'not set'} · {analysis['parameters']:,} parameters · "
                  f"{analysis['gflops']:.3f} GFLOPs · weights {analysis['weights_bytes'] / 1e6:.1f} MB "
                  f"({', '.join(analysis['weights_by_precision'])}) · opsets {', '.join(analysis['opsets'])}")
        table("operations", ["type", "count"], [[kind, count] for kind, count in analysis["operations"].items()])


@app.command("show")
def show_model(model_id: str, json: JsonOption = False) -> None:
    """One model: inputs, outputs, IR variants."""
    emit(fetch(f"/api/v1/models/{model_id}"), json, print_model)


@app.command("convert")
def reconvert_model(model_id: str, input_: InputsOption = None, layout: LayoutOption = None, mean: MeanOption = None,
                    scale: ScaleOption = None, reverse_channels: ReverseOption = None, output: OutputOption = None,
                    precision: PrecisionsOption = None, json: JsonOption = False,
                    progress: ProgressOption = True) -> None:
    """Convert a model again with edited settings (ovc's names), following the job."""
    settings = conversion_settings(input_, layout, mean, scale, reverse_channels, output, precision)
    client = connect()
    model = run_api(lambda: client.post(f"/api/v1/models/{model_id}/conversions", settings))
    wait_for_model(client, model, "converting", json, progress)


@app.command("derive")
def derive_model(model_id: str, name: Annotated[str, typer.Option(help="the child's name")] = "",
                 input_: InputsOption = None, layout: LayoutOption = None, mean: MeanOption = None,
                 scale: ScaleOption = None, reverse_channels: ReverseOption = None, output: OutputOption = None,
                 precision: PrecisionsOption = None, json: JsonOption = False,
                 progress: ProgressOption = True) -> None:
    """Make a child model from this model's IR with new settings (e.g. reshape: --input data[4,3,224,224])."""
    settings = conversion_settings(input_, layout, mean, scale, reverse_channels, output, precision)
    client = connect()
    child = run_api(lambda: client.post(f"/api/v1/models/{model_id}/derivatives", {"name": name,
                                                                                     "settings": settings}))
    wait_for_model(client, child, "deriving", json, progress)


def print_lineage(lineage: dict[str, Any]) -> None:
    chain = [*lineage["ancestors"], lineage["model"]]
    out.print(" → ".join(f"{e['name']} [dim]{e['id']} ({e['origin']}, {e['weight_precision'] or '?'})[/dim]"
                         for e in chain))
    table("descendants", ["id", "name", "origin", "weights", "parent", "status"],
          [[e["id"], e["name"], e["origin"], e["weight_precision"] or "—", e["parent_id"], e["status"]]
           for e in lineage["descendants"]])


@app.command("lineage")
def show_lineage(model_id: str, json: JsonOption = False) -> None:
    """A model's ancestors and descendants (derived and INT8 children)."""
    emit(fetch(f"/api/v1/models/{model_id}/lineage"), json, print_lineage)


@app.command("graph")
def show_graph(model_id: str, precision: PrecisionOption = "FP32",
               netron: Annotated[Path | None, typer.Option(
                   help="also write the IR's model.xml and model.bin into this folder (open the .xml in Netron)")]
               = None, json: JsonOption = False) -> None:
    """The IR graph: nodes by type and the edges; --json for the whole graph."""
    client = connect()
    graph = run_api(lambda: client.get(f"/api/v1/models/{model_id}/graph", precision=precision))
    if netron:
        netron.mkdir(parents=True, exist_ok=True)
        run_api(lambda: client.download(graph["xml_url"], netron / "model.xml"))
        run_api(lambda: client.download(graph["bin_url"], netron / "model.bin"))
    if json:
        emit_json(graph)
        return
    counts: dict[str, int] = {}
    for node in graph["nodes"]:
        counts[node["type"]] = counts.get(node["type"], 0) + 1
    out.print(f"{len(graph['nodes'])} operations, {len(graph['edges'])} edges ({precision})")
    table("operations", ["type", "count"], sorted(([k, v] for k, v in counts.items()), key=lambda r: -r[1]))
    if netron:
        out.print(f"wrote {netron / 'model.xml'} and model.bin: open the .xml in Netron")


@app.command("download")
def download_model(model_id: str, precision: PrecisionOption = "FP32",
                   output: Annotated[Path | None, typer.Option("--output", "-o", help="zip file to write")] = None
                   ) -> None:
    """Download a model's IR (.xml and .bin) of one precision as a zip."""
    client = connect()
    model = run_api(lambda: client.get(f"/api/v1/models/{model_id}"))
    label = next((v["label"] for v in model["variants"] if v["precision"] == precision), precision)
    target = output or Path(f"{file_stem(model['name'], label).replace('/', '_')}.zip")
    run_api(lambda: client.download(f"/api/v1/models/{model_id}/ir/{precision}", target))
    out.print(f"wrote {target} ({target.stat().st_size:,} bytes)")


app.add_typer(omz.app, name="omz")

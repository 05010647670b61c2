"""``dlwb``: the workbench from a terminal. Exit codes: 0 ok, 1 job failed, 2 usage, 3 API error,
4 server unreachable, 5 the embedded system failed."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from dlwb_cli.client import ApiError, Client, default_token
from dlwb_cli.output import emit_json, err, follow, out, show_progress, table

app = typer.Typer(help="DL Workbench for OpenVINO: import models, benchmark them on targets.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
models_app = typer.Typer(help="Import and inspect models.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmark a model on a target.", no_args_is_help=True)
targets_app = typer.Typer(help="Machines running an agent.", no_args_is_help=True)
jobs_app = typer.Typer(help="Long-running jobs.", no_args_is_help=True)
omz_app = typer.Typer(help="The Open Model Zoo catalog: search and import.", no_args_is_help=True)
datasets_app = typer.Typer(help="Import and browse datasets.", no_args_is_help=True)
accuracy_app = typer.Typer(help="Measure accuracy on a target; compare two runs.", no_args_is_help=True)
app.add_typer(datasets_app, name="datasets")
app.add_typer(accuracy_app, name="accuracy")
calibrate_app = typer.Typer(help="INT8 calibration with NNCF: child models and the FP32-to-INT8 report.",
                            no_args_is_help=True)
app.add_typer(calibrate_app, name="calibrate")
models_app.add_typer(omz_app, name="omz")
app.add_typer(models_app, name="models")
app.add_typer(bench_app, name="bench")
app.add_typer(targets_app, name="targets")
app.add_typer(jobs_app, name="jobs")

JOB_FAILED, API_ERROR, UNREACHABLE, SYSTEM_FAILED = 1, 3, 4, 5

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON on stdout, nothing else")]
ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar on a terminal")]


class State:
    url: str = "http://127.0.0.1:8800"
    token: str | None = None

    def client(self) -> Client:
        return Client(self.url, self.token)


state = State()


@app.callback()
def main(url: Annotated[str, typer.Option(envvar="DLWB_URL", help="gateway URL")] = state.url,
         token: Annotated[str | None, typer.Option(envvar="DLWB_TOKEN", help="access token")] = None) -> None:
    state.url = url
    state.token = token or default_token()


def run_api(action):  # type: ignore[no-untyped-def]
    """Run ``action`` and turn API and connection errors into a message and an exit code."""
    try:
        return action()
    except ApiError as exc:
        err.print(f"[red]error:[/red] {exc.message} [dim]({exc.code}, HTTP {exc.status})[/dim]")
        raise typer.Exit(API_ERROR) from None
    except httpx.TransportError as exc:
        err.print(f"[red]error:[/red] cannot reach {state.url}: {exc}")
        raise typer.Exit(UNREACHABLE) from None


def finish_job(job: Any, what: str) -> None:
    if job.status != "succeeded":
        detail = f"{job.error.message} ({job.error.code})" if job.error else job.status
        err.print(f"[red]{what} {job.status}:[/red] {detail}")
        raise typer.Exit(JOB_FAILED)


@app.command()
def up(data_dir: Annotated[Path | None, typer.Option(envvar="DLWB_DATA_DIR", help="data directory")] = None,
       port: Annotated[int | None, typer.Option(envvar="DLWB_GATEWAY_PORT", help="gateway port")] = None) -> None:
    """Start the whole system on this machine (NATS, services, a local agent, the web UI)."""
    from dlwb_cli.launcher.supervisor import LaunchError, LaunchSettings, System

    overrides: dict[str, Any] = {}
    if data_dir:
        overrides["data_dir"] = data_dir
    if port:
        overrides["gateway_port"] = port
    system = System(LaunchSettings(**overrides))
    stopping = False

    def on_signal(*_: Any) -> None:
        nonlocal stopping
        stopping = True

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
    code = 0
    while not stopping:
        child = system.exited()
        if child is not None:
            err.print(f"[red]{child.name} exited unexpectedly (code {child.process.returncode}); "
                      f"stopping everything[/red]")
            code = SYSTEM_FAILED
            break
        time.sleep(0.2)
    err.print("stopping...")
    system.stop()
    raise typer.Exit(code)


InputsOption = Annotated[list[str] | None, typer.Option(
    "--input", help="ovc style: name[1,3,?,224] or name[1,3,1..8,224] (repeatable)")]
LayoutOption = Annotated[list[str] | None, typer.Option(help="name:NCHW (repeatable)")]
MeanOption = Annotated[list[str] | None, typer.Option(help="name:123.7,116.3,103.5")]
ScaleOption = Annotated[list[str] | None, typer.Option(help="name:58.4,57.1,57.4")]
ReverseOption = Annotated[list[str] | None, typer.Option(help="input name (RGB<->BGR)")]
OutputOption = Annotated[list[str] | None, typer.Option(help="cut the model at this tensor")]
PrecisionsOption = Annotated[list[str] | None, typer.Option(
    "--precision", help="IR to save: FP32 and/or FP16 (compress_to_fp16); default both")]


def conversion_settings(input_: list[str] | None, layout: list[str] | None, mean: list[str] | None,
                        scale: list[str] | None, reverse_channels: list[str] | None, output: list[str] | None,
                        precisions: list[str] | None) -> dict[str, Any]:
    """ConversionSettings from ovc-style options."""
    inputs: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return inputs.setdefault(name, {"name": name})

    for spec in input_ or []:
        name, _, dims = spec.partition("[")
        entry(name)["shape"] = [int(d) if d.lstrip("-").isdigit() else d for d in dims.rstrip("]").split(",")
                                if d] if dims else None
    for key, values in (("layout", layout), ("mean", mean), ("scale", scale)):
        for spec in values or []:
            name, _, value = spec.partition(":")
            entry(name)[key] = value if key == "layout" else [float(v) for v in value.split(",")]
    for name in reverse_channels or []:
        entry(name)["reverse_channels"] = True
    settings: dict[str, Any] = {"inputs": list(inputs.values()), "outputs": output or []}
    if precisions:
        settings["precisions"] = [p.upper() for p in precisions]
    return settings


def upload_files(client: Client, paths: list[Path], show: bool) -> list[dict[str, str]]:
    """Resumable uploads of ``paths`` with a byte progress bar on a terminal."""
    if not show_progress(show):
        return [client.upload_resumable(path) for path in paths]
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        refs = []
        for path in paths:
            task = bar.add_task(f"uploading {path.name}", total=path.stat().st_size)
            refs.append(client.upload_resumable(path, lambda n, task=task: bar.advance(task, n)))
        return refs


def follow_and_show(client: Client, job_id: str, label: str, path: str, show: Callable[[dict[str, Any]], None],
                    what: str, json: bool, progress: bool) -> None:
    """Follow a job to its end, then print the resource it made (JSON or ``show``); exit 1 if it failed."""
    job = run_api(lambda: follow(client.follow(job_id), label, progress and not json))
    result = run_api(lambda: client.get(path))
    if json:
        emit_json(result)
    else:
        show(result)
    finish_job(job, what)


def print_model_line(model: dict[str, Any]) -> None:
    precisions = ", ".join(v["precision"] for v in model["variants"]) or "none"
    out.print(f"model [bold]{model['id']}[/bold] ({model['name']}, {model['framework']}): {model['status']}, "
              f"IR: {precisions}; inputs " + "; ".join(f"{i['name']} {i['shape']}" for i in model["inputs"]))


def wait_for_model(client: Client, model: dict[str, Any], label: str, json: bool, progress: bool) -> None:
    """Follow the model's conversion job, then print the model."""
    follow_and_show(client, model["conversion_job_id"], label, f"/api/v1/models/{model['id']}", print_model_line,
                    "conversion", json, progress)


@models_app.command("import")
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
    client = run_api(state.client)
    refs = run_api(lambda: upload_files(client, paths, progress and not json))
    body: dict[str, Any] = {"uploads": refs, "name": name, "settings": settings}
    if task:
        body["task"] = task
    model = run_api(lambda: client.post("/api/v1/models/imports", body))
    if wait:
        wait_for_model(client, model, f"converting {paths[0].name}", json, progress)
    elif json:
        emit_json(model)
    else:
        out.print(f"model [bold]{model['id']}[/bold] ({model['name']}): {model['status']}")


@models_app.command("list")
def list_models(json: JsonOption = False) -> None:
    """List models."""
    page = run_api(lambda: state.client().get("/api/v1/models"))
    if json:
        emit_json(page)
        return
    table(f"{page['count']} model(s)", ["id", "name", "framework", "status", "IR", "inputs"],
          [[m["id"], m["name"], m["framework"], m["status"], ", ".join(v["precision"] for v in m["variants"]),
            "; ".join(f"{i['name']} {i['shape']}" for i in m["inputs"])] for m in page["data"]])


@models_app.command("show")
def show_model(model_id: str, json: JsonOption = False) -> None:
    """One model: inputs, outputs, IR variants."""
    model = run_api(lambda: state.client().get(f"/api/v1/models/{model_id}"))
    if json:
        emit_json(model)
        return
    out.print(f"[bold]{model['name']}[/bold] {model['id']} · {model['framework']} · {model['status']}")
    table("inputs", ["name", "shape", "type"], [[t["name"], t["shape"], t["element_type"]] for t in model["inputs"]])
    table("outputs", ["name", "shape", "type"], [[t["name"], t["shape"], t["element_type"]] for t in model["outputs"]])
    table("IR variants", ["precision", "size (bytes)", "xml sha256"],
          [[v["precision"], v["size_bytes"], v["xml_sha256"][:16]] for v in model["variants"]])
    if analysis := model.get("analysis"):
        out.print(f"task: {model.get('task') or 'not set'} · {analysis['parameters']:,} parameters · "
                  f"{analysis['gflops']:.3f} GFLOPs · weights {analysis['weights_bytes'] / 1e6:.1f} MB "
                  f"({', '.join(analysis['weights_by_precision'])}) · opsets {', '.join(analysis['opsets'])}")
        table("operations", ["type", "count"], [[kind, count] for kind, count in analysis["operations"].items()])


@models_app.command("convert")
def reconvert_model(model_id: str, input_: InputsOption = None, layout: LayoutOption = None, mean: MeanOption = None,
                    scale: ScaleOption = None, reverse_channels: ReverseOption = None, output: OutputOption = None,
                    precision: PrecisionsOption = None, json: JsonOption = False,
                    progress: ProgressOption = True) -> None:
    """Convert a model again with edited settings (ovc's names), following the job."""
    settings = conversion_settings(input_, layout, mean, scale, reverse_channels, output, precision)
    client = run_api(state.client)
    model = run_api(lambda: client.post(f"/api/v1/models/{model_id}/conversions", settings))
    wait_for_model(client, model, "converting", json, progress)


@models_app.command("derive")
def derive_model(model_id: str, name: Annotated[str, typer.Option(help="the child's name")] = "",
                 input_: InputsOption = None, layout: LayoutOption = None, mean: MeanOption = None,
                 scale: ScaleOption = None, reverse_channels: ReverseOption = None, output: OutputOption = None,
                 precision: PrecisionsOption = None, json: JsonOption = False,
                 progress: ProgressOption = True) -> None:
    """Make a child model from this model's IR with new settings (e.g. reshape: --input data[4,3,224,224])."""
    settings = conversion_settings(input_, layout, mean, scale, reverse_channels, output, precision)
    client = run_api(state.client)
    child = run_api(lambda: client.post(f"/api/v1/models/{model_id}/derivatives", {"name": name,
                                                                                     "settings": settings}))
    wait_for_model(client, child, "deriving", json, progress)


@models_app.command("lineage")
def show_lineage(model_id: str, json: JsonOption = False) -> None:
    """A model's ancestors and descendants (derived and INT8 children)."""
    lineage = run_api(lambda: state.client().get(f"/api/v1/models/{model_id}/lineage"))
    if json:
        emit_json(lineage)
        return
    chain = [*lineage["ancestors"], lineage["model"]]
    out.print(" → ".join(f"{e['name']} [dim]{e['id']} ({e['origin']})[/dim]" for e in chain))
    table("descendants", ["id", "name", "origin", "parent", "status"],
          [[e["id"], e["name"], e["origin"], e["parent_id"], e["status"]] for e in lineage["descendants"]])


@models_app.command("graph")
def show_graph(model_id: str, precision: Annotated[str, typer.Option(help="FP32 or FP16")] = "FP32",
               netron: Annotated[Path | None, typer.Option(
                   help="also write the IR's model.xml and model.bin into this folder (open the .xml in Netron)")]
               = None, json: JsonOption = False) -> None:
    """The IR graph: nodes by type and the edges; --json for the whole graph."""
    client = run_api(state.client)
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


@models_app.command("download")
def download_model(model_id: str, precision: Annotated[str, typer.Option(help="FP32 or FP16")] = "FP32",
                   output: Annotated[Path | None, typer.Option("--output", "-o", help="zip file to write")] = None
                   ) -> None:
    """Download a model's IR (.xml and .bin) of one precision as a zip."""
    client = run_api(state.client)
    target = output or Path(f"{model_id}-{precision}.zip")
    run_api(lambda: client.download(f"/api/v1/models/{model_id}/ir/{precision}", target))
    out.print(f"wrote {target} ({target.stat().st_size:,} bytes)")


@omz_app.command("search")
def search_omz(query: Annotated[str, typer.Argument(help="words of the name or description")] = "",
               task: Annotated[str | None, typer.Option(help="e.g. object_detection")] = None,
               json: JsonOption = False) -> None:
    """Search the Open Model Zoo catalog."""
    params = {"q": query, **({"task": task} if task else {})}
    found = run_api(lambda: state.client().get("/api/v1/omz/models", **params))
    if json:
        emit_json(found)
        return
    table(f"{found['count']} Open Model Zoo model(s) · mirror {found['mirror']}",
          ["name", "task", "framework", "precisions", "size (MB)", "license"],
          [[m["name"], m["task"] or m["omz_task_type"], m["framework"], ", ".join(m["precisions"]),
            f"{m['size_bytes'] / 1e6:.1f}", m["license"]] for m in found["data"]])


@omz_app.command("import")
def import_omz(name: str, precision: Annotated[str, typer.Option(help="for IR models: FP32, FP16, FP16-INT8")]
               = "FP32", json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Download a zoo model from the mirror (sha384-checked) and convert it."""
    client = run_api(state.client)
    model = run_api(lambda: client.post(f"/api/v1/omz/models/{name}/import", {"precision": precision}))
    wait_for_model(client, model, f"importing {name}", json, progress)


def print_calibration(calibration: dict[str, Any]) -> None:
    report, stats = calibration.get("report"), calibration.get("stats")
    if report:
        out.print(f"[bold]{report['verdict']}[/bold]")
    out.print(f"calibration {calibration['id']} · {calibration['job']['status']} · parent "
              f"{calibration['parent_model_id']} → child {calibration['child_model_id'] or '-'} "
              f"(project {calibration['child_project_id'] or '-'})")
    if stats:
        out.print(f"{stats['quantized_layers']} of {stats['compute_layers']} compute layers quantized · "
                  f"{stats['fake_quantize']} FakeQuantize · {stats['samples']} samples · {stats['seconds']:.1f} s")
    if report:
        size = f"{report['parent_size_bytes'] / 1e6:.2f} MB → {report['child_size_bytes'] / 1e6:.2f} MB"
        out.print(f"size {size} ({report['size_change']:+.0%})")
        if report["precision_counts"]:
            table("layers by runtime precision (child)", ["precision", "layers", "time (ms)"],
                  [[c["precision"], c["layers"], f"{c['time_ms']:.3f}"] for c in report["precision_counts"]])
        if report["float_layers"]:
            out.print("stayed in floating point: " + ", ".join(report["float_layers"]))
        for line in report["advice"]:
            out.print(f"[yellow]advice:[/yellow] {line}")


@calibrate_app.command("run")
def run_calibration(model_id: Annotated[str, typer.Argument(help="the floating-point model to calibrate")],
                    target: str = "local", device: str = "CPU",
                    project: Annotated[str | None, typer.Option(help="an existing project instead")] = None,
                    method: Annotated[str, typer.Option(help="default, weight_compression or accuracy_aware")]
                    = "default",
                    preset: Annotated[str, typer.Option(help="performance or mixed")] = "performance",
                    subset: Annotated[int | None, typer.Option(help="samples for statistics")] = None,
                    subset_percent: Annotated[float | None, typer.Option(help="or a share of the dataset")] = None,
                    fast_bias_correction: Annotated[bool, typer.Option(
                        "--fast-bias-correction/--bias-correction")] = True,
                    transformer: Annotated[bool, typer.Option(help="model type transformer")] = False,
                    ignore_name: Annotated[list[str] | None, typer.Option(help="keep this layer in float")] = None,
                    ignore_type: Annotated[list[str] | None, typer.Option(help="keep this op type in float")]
                    = None,
                    ignore_pattern: Annotated[list[str] | None, typer.Option(help="regex of layer names")] = None,
                    weight_mode: Annotated[str, typer.Option(help="weight compression: INT8_ASYM, INT8_SYM, "
                                                                   "INT4_SYM, INT4_ASYM")] = "INT8_ASYM",
                    ratio: Annotated[float, typer.Option(help="INT4: share of layers in INT4")] = 1.0,
                    group_size: Annotated[int, typer.Option(help="INT4: weights per scale (-1: per channel)")] = -1,
                    compare: Annotated[bool, typer.Option(help="benchmark parent and child afterwards")] = True,
                    compare_seconds: Annotated[float, typer.Option(help="seconds per comparison run")] = 5.0,
                    json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Calibrate a model to INT8 (or compress its weights): an INT8 child model, a child project, the report."""
    client = run_api(state.client)
    project_id = project or ensure_project(client, model_id, "FP32", target, device)["id"]
    body = {"project_id": project_id, "method": method, "preset": preset, "subset_size": subset,
            "subset_percent": subset_percent, "fast_bias_correction": fast_bias_correction,
            "model_type": "transformer" if transformer else None,
            "ignored_scope": {"names": ignore_name or [], "types": ignore_type or [], "patterns": ignore_pattern or []},
            "weight_mode": weight_mode, "ratio": ratio, "group_size": group_size, "compare": compare,
            "compare_seconds": compare_seconds}
    calibration = run_api(lambda: client.post("/api/v1/calibrations", body))
    follow_and_show(client, calibration["job"]["id"], "calibrating", f"/api/v1/calibrations/{calibration['id']}",
                    print_calibration, "calibration", json, progress)


@calibrate_app.command("show")
def show_calibration(calibration_id: str, json: JsonOption = False) -> None:
    """A calibration: verdict, NNCF statistics, sizes, precisions, advice."""
    calibration = run_api(lambda: state.client().get(f"/api/v1/calibrations/{calibration_id}"))
    if json:
        emit_json(calibration)
    else:
        print_calibration(calibration)


@calibrate_app.command("list")
def list_calibrations(json: JsonOption = False) -> None:
    """Calibrations, newest first."""
    page = run_api(lambda: state.client().get("/api/v1/calibrations"))
    if json:
        emit_json(page)
        return
    table(f"{page['count']} calibration(s)", ["id", "name", "status", "child model", "verdict"],
          [[c["id"], c["name"], c["job"]["status"], c["child_model_id"] or "-",
            (c["report"] or {}).get("verdict", c["job"]["stage"])] for c in page["data"]])


@calibrate_app.command("log")
def calibration_log(calibration_id: str) -> None:
    """The calibration's log: stages, NNCF's summary, errors."""
    text = run_api(lambda: state.client().text(f"/api/v1/calibrations/{calibration_id}/log"))
    out.print(text, markup=False, highlight=False)


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


@datasets_app.command("import")
def import_dataset(archive: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                                           help="a .zip or .tar.gz of the dataset")],
                   name: Annotated[str, typer.Option(help="display name")] = "",
                   json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Upload a dataset archive (resumable); its format is recognised and every annotation checked."""
    client = run_api(state.client)
    (ref,) = run_api(lambda: upload_files(client, [archive], progress and not json))
    dataset = run_api(lambda: client.post("/api/v1/datasets/imports", {**ref, "name": name}))
    if json:
        emit_json(dataset)
    else:
        print_dataset(dataset)


@datasets_app.command("list")
def list_datasets(json: JsonOption = False) -> None:
    """Datasets, newest first."""
    page = run_api(lambda: state.client().get("/api/v1/datasets"))
    if json:
        emit_json(page)
        return
    table(f"{page['count']} dataset(s)", ["id", "name", "kind", "format", "task", "samples"],
          [[d["id"], d["name"], d["kind"], d["format"] or "-", d["task"] or "-", d["count"]] for d in page["data"]])


@datasets_app.command("show")
def show_dataset(dataset_id: str, json: JsonOption = False) -> None:
    """A dataset: validation report, class histogram."""
    dataset = run_api(lambda: state.client().get(f"/api/v1/datasets/{dataset_id}"))
    if json:
        emit_json(dataset)
    else:
        print_dataset(dataset)


@datasets_app.command("augment")
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
    dataset = run_api(lambda: state.client().post(f"/api/v1/datasets/{dataset_id}/augmentations", body))
    if json:
        emit_json(dataset)
    else:
        print_dataset(dataset)


def accuracy_config(resize: str | None, color: str | None, mean: str | None, scale: str | None, adapter: str | None,
                    background_offset: int | None, limit: int | None) -> dict[str, Any] | None:
    """An AccuracyConfig from the options given, or None to use the project's saved one."""
    preprocessing = {key: value for key, value in (
        ("resize", resize), ("color", color), ("mean", [float(v) for v in mean.split(",")] if mean else None),
        ("scale", [float(v) for v in scale.split(",")] if scale else None)) if value is not None}
    config = {key: value for key, value in (("adapter", adapter), ("background_offset", background_offset),
                                            ("max_samples", limit)) if value is not None}
    if not preprocessing and not config:
        return None
    return {**config, "preprocessing": preprocessing}


def print_accuracy(run: dict[str, Any]) -> None:
    out.print(f"[bold]{run['verdict'] or run['job']['stage']}[/bold]")
    result = run.get("result")
    if result:
        table(f"accuracy run {run['id']} · {result['samples']} images · {result['images_per_second']:,.0f} images/s",
              ["metric", "value"], [[m["name"], f"{m['value']:.4f} {m['unit']}".strip()] for m in result["metrics"]])
        wrong = [image for image in result["images"] if image.get("correct") is False]
        if wrong:
            table(f"{len(wrong)} misclassified image(s), first 10", ["image", "label", "predicted (top 5)"],
                  [[i["index"], i["label"], i["predicted"]] for i in wrong[:10]])


@accuracy_app.command("run")
def run_accuracy(model_id: str, dataset: Annotated[str, typer.Option(help="an imported, annotated dataset")],
                 precision: str = "FP32", target: str = "local", device: str = "CPU",
                 resize: Annotated[str | None, typer.Option(help="stretch, letterbox or center_crop")] = None,
                 color: Annotated[str | None, typer.Option(help="RGB, BGR or GRAY")] = None,
                 mean: Annotated[str | None, typer.Option(help="per channel, e.g. 123.7,116.3,103.5")] = None,
                 scale: Annotated[str | None, typer.Option(help="per channel, e.g. 255 or 58.4,57.1,57.4")] = None,
                 adapter: Annotated[str | None, typer.Option(help="classification, ssd, yolo_v8, boxes")] = None,
                 background_offset: Annotated[int | None, typer.Option(help="1: output class 0 is background")]
                 = None,
                 limit: Annotated[int | None, typer.Option(help="score only the first N images")] = None,
                 save: Annotated[bool, typer.Option(help="save the options as the project's configuration")]
                 = True,
                 json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Measure a model's accuracy on a dataset on a target (options not given: the project's saved ones)."""
    client = run_api(state.client)
    projects = run_api(lambda: client.get("/api/v1/projects"))["data"]
    project = next((p for p in projects if (p["model_id"], p["precision"], p["dataset_id"], p["target_id"],
                                            p["device"]) == (model_id, precision, dataset, target, device)), None)
    if project is None:
        project = run_api(lambda: client.post("/api/v1/projects", {
            "model_id": model_id, "precision": precision, "dataset_id": dataset, "target_id": target,
            "device": device}))
    config = accuracy_config(resize, color, mean, scale, adapter, background_offset, limit)
    if config is not None and save:
        run_api(lambda: client.put(f"/api/v1/projects/{project['id']}/accuracy-config", config))
    body = {"config": config} if config is not None else {}
    started = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/accuracy", body))
    follow_and_show(client, started["job"]["id"], "scoring", f"/api/v1/accuracy/{started['id']}", print_accuracy,
                    "accuracy run", json, progress)


@accuracy_app.command("show")
def show_accuracy(run_id: str, json: JsonOption = False) -> None:
    """An accuracy run: verdict, metrics, misclassified images."""
    measured = run_api(lambda: state.client().get(f"/api/v1/accuracy/{run_id}"))
    if json:
        emit_json(measured)
    else:
        print_accuracy(measured)


@accuracy_app.command("distance")
def output_distance(model_a: str, model_b: str, dataset: Annotated[str, typer.Option(help="inputs from this dataset")],
                    precision_a: str = "FP32", precision_b: str = "FP32", samples: int = 16,
                    scale: Annotated[str | None, typer.Option(help="pre-processing scale, e.g. 255")] = None,
                    json: JsonOption = False) -> None:
    """Per-output tensor distance of two models on the same inputs (e.g. INT8 child against its parent)."""
    config = accuracy_config(None, None, None, scale, None, None, None) or {}
    found = run_api(lambda: state.client().post(f"/api/v1/models/{model_a}/output-distance", {
        "b": model_b, "precision_a": precision_a, "precision_b": precision_b, "dataset_id": dataset,
        "samples": samples, "config": config}))
    if json:
        emit_json(found)
        return
    out.print(f"[bold]{found['verdict']}[/bold]")
    table("outputs", ["output", "shape", "mean |a-b|", "max |a-b|", "cosine", "relative L2"],
          [[o["name"], o["shape"], f"{o['mean_abs']:.4g}", f"{o['max_abs']:.4g}", f"{o['cosine']:.6f}",
            f"{o['relative_l2']:.4g}"] for o in found["outputs"]])


@accuracy_app.command("predict")
def predict_image(model_id: str, image: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
                  dataset: Annotated[str | None, typer.Option(help="class names from this dataset")] = None,
                  scale: Annotated[str | None, typer.Option(help="pre-processing scale, e.g. 255")] = None,
                  adapter: Annotated[str | None, typer.Option(help="classification, ssd, yolo_v8, ...")] = None,
                  json: JsonOption = False) -> None:
    """Single-image test: one picture through the model, read as its task."""
    import json as json_lib

    config = accuracy_config(None, None, None, scale, adapter, None, None)
    params = {key: value for key, value in (("dataset_id", dataset), ("config", json_lib.dumps(config)
                                                                          if config else None)) if value}
    client = run_api(state.client)
    response = run_api(lambda: client.http.post(f"/api/v1/models/{model_id}/predictions", params=params,
                                                content=image.read_bytes()))
    found = run_api(lambda: client.check(response))
    if json:
        emit_json(found)
        return
    rows = [[name, f"{score:.4f}", [round(v, 1) for v in box] if box else ""]
            for name, score, box in zip(found["names"], found["scores"], found["boxes"] or [None] * len(found["names"]),
                                        strict=False)]
    table(f"{found['task']} · {found['width']}x{found['height']}", ["class", "score", "box"], rows)


@accuracy_app.command("agreement")
def accuracy_agreement(a: str, b: str, json: JsonOption = False) -> None:
    """How often run B predicts what run A predicts (e.g. INT8 against FP32), no annotations needed."""
    found = run_api(lambda: state.client().get("/api/v1/accuracy-agreement", a=a, b=b))
    if json:
        emit_json(found)
        return
    out.print(f"[bold]{found['verdict']}[/bold]")
    table("metric deltas (B - A)", ["metric", "delta"], [[k, f"{v:+.4f}"] for k, v in found["metric_deltas"].items()])


@targets_app.command("list")
def list_targets(json: JsonOption = False) -> None:
    """List targets with their status and devices."""
    page = run_api(lambda: state.client().get("/api/v1/targets"))
    if json:
        emit_json(page)
        return
    table(f"{page['count']} target(s)", ["id", "status", "host", "CPU", "devices", "OpenVINO"],
          [[t["id"], t["status"], t["inventory"]["hostname"], t["inventory"]["cpu"],
            ", ".join(d["name"] for d in t["inventory"]["devices"]), t["inventory"]["openvino_version"]]
           for t in page["data"]])


def print_benchmark(bench: dict[str, Any]) -> None:
    result = bench["result"]
    if not result:
        out.print(f"benchmark {bench['id']}: {bench['job']['status']} ({bench['job']['stage']})")
        return
    out.print(f"[bold]{bench['verdict']}[/bold]")
    lat = result["latency"]
    rows = [["Throughput", f"{result['throughput_fps']:.2f} FPS"], ["Count", f"{result['count']} iterations"],
            ["Duration", f"{result['duration_ms']:.2f} ms"]]
    rows += [[f"Latency {key}", "—" if lat[key] is None else f"{lat[key]:.2f} ms"]
             for key in ("median", "mean", "min", "max", "p90", "p95", "p99")]
    rows += [["First inference", f"{result['first_inference_ms']:.2f} ms"],
             ["Compile", f"{result['compile_ms']:.2f} ms"]]
    table(f"benchmark {bench['id']}", ["metric", "value"], rows)


def ensure_project(client: Client, model_id: str, precision: str, target: str, device: str) -> dict[str, Any]:
    """A project for this model variant on this target and device, made with a random-input dataset."""
    dataset = run_api(lambda: client.post("/api/v1/datasets", {"name": "random inputs", "kind": "random"}))
    model = run_api(lambda: client.get(f"/api/v1/models/{model_id}"))
    return run_api(lambda: client.post("/api/v1/projects", {
        "name": f"{model['name']} {precision} on {target}/{device}", "model_id": model_id, "precision": precision,
        "dataset_id": dataset["id"], "target_id": target, "device": device}))


HintOption = Annotated[str, typer.Option(help="LATENCY, THROUGHPUT, CUMULATIVE_THROUGHPUT, NONE")]


@bench_app.command("run")
def run_benchmark(model_id: str, precision: Annotated[str, typer.Option(help="FP32 or FP16")] = "FP32",
                  target: str = "local", device: str = "CPU",
                  duration: Annotated[float | None, typer.Option("--time", "-t", "--duration",
                                                                 help="seconds of timed inference [default: 10]")]
                  = None,
                  niter: Annotated[int | None, typer.Option(help="iterations (with --time: both must be met)")]
                  = None,
                  hint: HintOption = "THROUGHPUT",
                  api: Annotated[str, typer.Option(help="async or sync")] = "async",
                  nireq: Annotated[int | None, typer.Option(help="infer requests")] = None,
                  nstreams: Annotated[int | None, typer.Option(help="streams (needs --hint NONE)")] = None,
                  nthreads: Annotated[int | None, typer.Option(help="threads (needs --hint NONE)")] = None,
                  batch: Annotated[int | None, typer.Option("--batch", "-b", help="batch size")] = None,
                  json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Benchmark a model (random inputs) on a target; benchmark_app's flags and rules."""
    client = run_api(state.client)
    project = ensure_project(client, model_id, precision, target, device)
    seconds = duration if duration is not None else (None if niter else 10.0)
    settings = {"duration_seconds": seconds, "niter": niter,
                "hint": hint, "api": api, "nireq": nireq, "nstreams": nstreams, "nthreads": nthreads, "batch": batch}
    bench = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/benchmarks", settings))
    job = run_api(lambda: follow(client.follow(bench["id"]), f"benchmark on {target}/{device}",
                                 progress and not json))
    bench = run_api(lambda: client.get(f"/api/v1/benchmarks/{bench['id']}"))
    if json:
        emit_json(bench)
    else:
        print_benchmark(bench)
    finish_job(job, "benchmark")


@bench_app.command("layers")
def profile_layers(model_id: str, precision: Annotated[str, typer.Option(help="FP32 or FP16")] = "FP32",
                   target: str = "local", device: str = "CPU",
                   niter: Annotated[int, typer.Option(help="profiled iterations")] = 100,
                   hint: HintOption = "LATENCY", top: Annotated[int, typer.Option(help="slowest layers shown")] = 15,
                   json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Per-layer profile: time per layer, by layer type and by runtime precision."""
    client = run_api(state.client)
    project = ensure_project(client, model_id, precision, target, device)
    profile = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/layer-profiles",
                                          {"niter": niter, "hint": hint}))
    job = run_api(lambda: follow(client.follow(profile["id"]), f"profiling layers on {target}/{device}",
                                 progress and not json))
    profile = run_api(lambda: client.get(f"/api/v1/layer-profiles/{profile['id']}"))
    if json:
        emit_json(profile)
    elif profile["profile"]:
        out.print(f"[bold]{profile['verdict']}[/bold]")
        data = profile["profile"]
        for title, rows in (("by layer type", data["by_type"]), ("by precision", data["by_precision"])):
            table(title, ["", "layers", "time (ms)", "share"],
                  [[r["key"], r["count"], f"{r['real_time_ms']:.3f}", f"{r['share']:.1%}"] for r in rows])
        slowest = sorted(data["layers"], key=lambda layer: layer["real_time_ms"], reverse=True)[:top]
        table(f"{top} slowest layers", ["layer", "type", "kernel", "precision", "time (ms)"],
              [[r["name"], r["type"], r["exec_type"], r["precision"], f"{r['real_time_ms']:.3f}"] for r in slowest])
    finish_job(job, "layer profile")


@bench_app.command("show")
def show_benchmark(benchmark_id: str, json: JsonOption = False) -> None:
    """A benchmark's result."""
    bench = run_api(lambda: state.client().get(f"/api/v1/benchmarks/{benchmark_id}"))
    emit_json(bench) if json else print_benchmark(bench)


def int_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(f"expected comma-separated integers, got {text!r}") from None


@bench_app.command("sweep")
def run_sweep(model_id: str, precision: Annotated[str, typer.Option(help="FP32 or FP16")] = "FP32",
              target: str = "local", device: str = "CPU",
              batches: Annotated[str, typer.Option("--batch", "-b", help="batch sizes, e.g. 1,2,4")] = "1",
              streams: Annotated[str, typer.Option("--streams", help="stream counts, e.g. 1,2")] = "1,2",
              nireqs: Annotated[str, typer.Option("--nireq", help="infer requests, e.g. 2,4 (default: auto)")] = "",
              duration: Annotated[float, typer.Option("--time", "-t", help="seconds per point")] = 3.0,
              latency_limit: Annotated[float | None, typer.Option(help="latency limit (ms) for the sweet spot")]
              = None,
              json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Benchmark a grid of batch x streams (x requests) and pick the best point under a latency limit."""
    client = run_api(state.client)
    project = ensure_project(client, model_id, precision, target, device)
    sweep = run_api(lambda: client.post(f"/api/v1/projects/{project['id']}/sweeps", {
        "batches": int_list(batches), "streams": int_list(streams), "nireqs": int_list(nireqs),
        "duration_seconds": duration, "latency_limit_ms": latency_limit}))
    if not json:
        err.print(f"{len(sweep['points'])} points, about {sweep['estimated_seconds']:.0f} s")
    job = run_api(lambda: follow(client.follow(sweep["id"]), "sweep", progress and not json))
    sweep = run_api(lambda: client.get(f"/api/v1/sweeps/{sweep['id']}"))
    if json:
        emit_json(sweep)
    else:
        if sweep["verdict"]:
            out.print(f"[bold]{sweep['verdict']}[/bold]")
        table("points", ["", "batch", "streams", "requests", "FPS", "median ms", "p90 ms", "status"],
              [["★" if p["index"] == sweep["sweet_spot"] else "", p["batch"] or "", p["nstreams"] or "",
                p["nireq"] or "auto", f"{p['throughput_fps']:.1f}" if p["throughput_fps"] else "—",
                f"{p['latency_median_ms']:.2f}" if p["latency_median_ms"] else "—",
                f"{p['latency_p90_ms']:.2f}" if p["latency_p90_ms"] else "—", p["error"] or p["status"]]
               for p in sweep["points"]])
    finish_job(job, "sweep")


@app.command()
def compare(a: str, b: str, json: JsonOption = False,
            top: Annotated[int, typer.Option(help="largest per-layer changes shown")] = 15) -> None:
    """Compare two benchmarks, or two layer profiles (per-layer time deltas): B against A."""
    result = run_api(lambda: state.client().get("/api/v1/compare", a=a, b=b))
    if json:
        emit_json(result)
        return
    out.print(f"[bold]{result['verdict']}[/bold]")
    for title, rows in (("by layer type", result["by_type"]), (f"{top} largest layer changes", result["layers"])):
        if rows:
            table(title, ["", "type", "A ms", "B ms", "Δ ms", "precision A → B"],
                  [[r["key"], r["type"], f"{r['a_ms']:.3f}" if r["a_ms"] is not None else "—",
                    f"{r['b_ms']:.3f}" if r["b_ms"] is not None else "—", f"{r['delta_ms']:+.3f}",
                    f"{r['a_precision'] or '—'} → {r['b_precision'] or '—'}"] for r in rows[:top]])


BENCHMARK_APP_FIELDS = {  # benchmark_app's report names (-report_type no_counters) → our result
    "read model time (ms)": lambda r: r["read_ms"],
    "compile model time (ms)": lambda r: r["compile_ms"],
    "first inference time (ms)": lambda r: r["first_inference_ms"],
    "total execution time (ms)": lambda r: r["duration_ms"],
    "total number of iterations": lambda r: r["count"],
    "latency (ms)": lambda r: r["latency"]["median"],
    "avg latency": lambda r: r["latency"]["mean"],
    "min latency": lambda r: r["latency"]["min"],
    "max latency": lambda r: r["latency"]["max"],
    "throughput": lambda r: r["throughput_fps"],
}


@bench_app.command("export")
def export_benchmark(benchmark_id: str,
                     fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json") -> None:
    """A result in benchmark_app's report format (execution_results field names), on stdout."""
    bench = run_api(lambda: state.client().get(f"/api/v1/benchmarks/{benchmark_id}"))
    if not bench["result"]:
        err.print(f"benchmark {benchmark_id} has no result ({bench['job']['status']})")
        raise typer.Exit(JOB_FAILED)
    results = {name: round(float(value(bench["result"])), 2) for name, value in BENCHMARK_APP_FIELDS.items()}
    settings = bench["settings"]
    setup = {"target device": settings["device"], "API": settings["api"], "batch size": str(bench["result"]["batch"]),
             "number of parallel infer requests": str(bench["result"]["nireq"]),
             "duration (ms)": str(int((settings["duration_seconds"] or 0) * 1000))}
    if fmt == "csv":
        import csv
        import sys

        writer = csv.writer(sys.stdout, delimiter=";")  # benchmark_app writes ';'-separated CSV
        writer.writerow(["Command line parameters"])
        writer.writerows([[key, value] for key, value in setup.items()])
        writer.writerow([])
        writer.writerow(["Execution results"])
        writer.writerows([[key, value] for key, value in results.items()])
    elif fmt == "json":
        emit_json({"configuration_setup": setup, "execution_results": results})
    else:
        err.print("--format must be json or csv")
        raise typer.Exit(2)


@jobs_app.command("cancel")
def cancel_job(job_id: str, json: JsonOption = False) -> None:
    """Cancel a queued or running benchmark, layer profile or sweep."""
    job = run_api(lambda: state.client().post(f"/api/v1/jobs/{job_id}/cancel"))
    emit_json(job) if json else out.print(f"{job['id']}: {job['status']} ({job['stage']})")


@jobs_app.command("watch")
def watch_job(job_id: str, json: JsonOption = False, progress: ProgressOption = True) -> None:
    """Follow a job until it finishes."""
    client = run_api(state.client)
    job = run_api(lambda: follow(client.follow(job_id), job_id, progress and not json))
    if json:
        emit_json(job.model_dump(mode="json"))
    else:
        out.print(f"{job.id}: {job.status} ({job.stage})")
    finish_job(job, job.kind)

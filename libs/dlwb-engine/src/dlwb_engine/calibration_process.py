"""One calibration in a child process, so NNCF's memory and a crash stay out of the caller, and a
cancel is a kill. Protocol as the model conversion's: JSON lines on stdout ({"progress", "stage"},
then {"result": stats}); on failure one {"error": {"code", "message"}} line and exit code 1.

    python -m dlwb_engine.calibration_process REQUEST_JSON
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind
from dlwb_common.api.calibration import CalibrationStats, QuantizeSettings
from dlwb_common.api.common import Schema
from dlwb_common.errors import DlwbError
from dlwb_common.messages.agent import ArtifactRef, DatasetSpec
from dlwb_engine.artifacts import ArtifactCache
from dlwb_engine.datasets import fetch_dataset

STDERR_KEPT = 4000


class CalibrationRequest(Schema):
    source_xml: Path
    output_xml: Path
    dataset: DatasetSpec
    settings: QuantizeSettings
    images_folder: Path | None = None  # an imported dataset: its files and manifest
    manifest_path: Path | None = None
    accuracy: AccuracyConfig | None = None  # pre-processing (and the classifier's background offset)
    validation_limit: int = 300  # annotated images scored before and after


def fetch_inputs(cache: ArtifactCache, model_xml: ArtifactRef, model_bin: ArtifactRef, dataset: DatasetSpec,
                 work: Path, settings: QuantizeSettings, accuracy: AccuracyConfig | None) -> CalibrationRequest:
    """Fetch the parent IR and the dataset into the artifact cache and lay out ``work``: the IR linked into
    ``work/parent`` under the names read_model pairs, the result to be written to ``work/int8``."""
    xml, weights = cache.fetch_all([model_xml, model_bin])
    images = fetch_dataset(cache, dataset.archive) if dataset.archive else None
    parent = work / "parent"
    parent.mkdir(parents=True, exist_ok=True)
    for source, name in ((xml, "model.xml"), (weights, "model.bin")):
        (parent / name).unlink(missing_ok=True)
        (parent / name).symlink_to(source)
    return CalibrationRequest(source_xml=parent / "model.xml", output_xml=work / "int8" / "model.xml", dataset=dataset,
                              settings=settings, images_folder=images.files if images else None,
                              manifest_path=images.manifest_path if images else None, accuracy=accuracy)


class CalibrationFailed(DlwbError):
    code = "calibration.failed"
    status = 422


async def calibrate_in_child(request: CalibrationRequest, report: Callable[[float, str], Awaitable[None]],
                             on_start: Callable[[asyncio.subprocess.Process], None] | None = None
                             ) -> CalibrationStats:
    """Run the calibration in a child; ``on_start`` gets the process (to kill it on a cancel)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dlwb_engine.calibration_process", request.model_dump_json(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    if on_start:
        on_start(process)
    assert process.stdout is not None and process.stderr is not None
    stderr_task = asyncio.create_task(process.stderr.read())
    result, error = None, None
    async for line in process.stdout:
        message = json.loads(line)
        if "result" in message:
            result = CalibrationStats.model_validate(message["result"])
        elif "error" in message:
            error = message["error"]
        else:
            await report(message["progress"], message["stage"])
    code = await process.wait()
    stderr = (await stderr_task).decode(errors="replace").strip()
    if error:
        raise CalibrationFailed(error["message"], code=error["code"])
    if code != 0 or result is None:
        reason = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        raise CalibrationFailed(f"NNCF stopped ({reason}): {stderr[-STDERR_KEPT:]}", code="calibration.crashed")
    return result


def dataset_samples(model, request: CalibrationRequest, report: Callable[[float, str], None]
                    ) -> tuple[list[dict[int, object]], object]:  # type: ignore[no-untyped-def]
    """Pre-processed images of an imported dataset, and (classification) the annotated ones to score."""
    from dlwb_common.messages.datasets import Manifest
    from dlwb_engine.calibration import Validation, check_static
    from dlwb_engine.datasets import Preprocessor

    assert request.manifest_path is not None and request.images_folder is not None
    check_static(model)
    manifest = Manifest.model_validate_json(request.manifest_path.read_text())
    config = request.accuracy or AccuracyConfig()
    preprocess = Preprocessor.for_input(model.inputs[0], config.preprocessing)
    wanted = min(len(manifest.samples), max(request.settings.subset_size or 300, request.validation_limit))
    report(0.08, f"decoding {wanted} images")
    tensors = [preprocess(request.images_folder / sample.image)[0] for sample in manifest.samples[:wanted]]
    validation = None
    if manifest.task == "classification" and config.adapter == AdapterKind.classification:
        labelled = [(tensor, sample.label) for tensor, sample in zip(tensors, manifest.samples, strict=False)
                    if sample.label is not None][: request.validation_limit]
        validation = Validation(labelled, config.background_offset) if labelled else None
    return [{0: tensor} for tensor in tensors], validation


def main() -> None:
    import openvino as ov

    from dlwb_engine.calibration import run
    from dlwb_engine.inputs import random_inputs

    request = CalibrationRequest.model_validate_json(sys.argv[1])
    # NNCF draws progress bars and logs on stdout: the protocol keeps the real stdout to itself
    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def say(message: dict) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    def report(progress: float, stage: str) -> None:
        say({"progress": progress, "stage": stage})

    try:
        report(0.05, "reading the parent model")
        model = ov.Core().read_model(str(request.source_xml))
        validation = None
        if request.manifest_path is not None and request.images_folder is not None:
            samples, validation = dataset_samples(model, request, report)
        elif all(port.get_partial_shape().is_static for port in model.inputs):
            samples = random_inputs(model, request.dataset, request.dataset.count)
        else:
            samples = []
        result, stats = run(model, samples, request.settings, report, validation)
        stats.dataset = "images" if request.manifest_path else "random"
        report(0.9, "saving the quantized IR")
        request.output_xml.parent.mkdir(parents=True, exist_ok=True)
        ov.save_model(result, str(request.output_xml), compress_to_fp16=False)
    except DlwbError as exc:
        say({"error": {"code": exc.code, "message": exc.message}})
        raise SystemExit(1) from None
    except Exception as exc:  # NNCF's own message says what went wrong
        message = f"NNCF failed: {type(exc).__name__}: {str(exc).strip()[:2000]}"
        say({"error": {"code": "calibration.nncf_failed", "message": message}})
        raise SystemExit(1) from None
    say({"result": stats.model_dump(mode="json")})


if __name__ == "__main__":
    main()

"""The accuracy task on this target: fetch the dataset, compile the model, score it (dlwb_engine)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import openvino as ov

from dlwb_agent.benchmark import Progress, check_device, compile_config
from dlwb_agent.scale_probe import scale_suggestion
from dlwb_common.api.accuracy import AccuracyConfig, AccuracyResult
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.agent import BenchmarkSettings, DatasetSpec, PerformanceHint
from dlwb_engine.accuracy import run_accuracy
from dlwb_engine.artifacts import ArtifactCache
from dlwb_engine.datasets import fetch_dataset
from dlwb_engine.device_facts import precision_facts
from dlwb_engine.model_shapes import batched_model, static_image_model


def run_accuracy_task(xml: Path, weights: Path, settings: BenchmarkSettings, dataset: DatasetSpec,
                      config: AccuracyConfig, cache: ArtifactCache, report: Callable[[Progress], None],
                      core: ov.Core, manifest: dict[str, object], cancel: threading.Event | None = None
                      ) -> AccuracyResult:
    if dataset.archive is None:
        raise InvalidInputError("the project's dataset is generated (random inputs): accuracy needs an imported, "
                                "annotated dataset", code="accuracy.needs_annotations")
    check_device(core, settings.device)
    report(Progress(0.02, "fetching the dataset"))
    fetched = fetch_dataset(cache, dataset.archive)
    folder, samples = fetched.files, fetched.manifest
    report(Progress(0.06, f"compiling for {settings.device}"))
    throughput = settings.model_copy(update={"hint": PerformanceHint.throughput})
    model = static_image_model(core.read_model(str(xml), str(weights)), samples)
    batched = batched_model(model.clone(), config)  # a copy: reshaping changes the model in place
    compiled = core.compile_model(batched or model, settings.device, compile_config(throughput))

    def progress(fraction: float, stage: str, images_per_second: float | None) -> None:
        report(Progress(fraction, stage, throughput_fps=images_per_second))

    result = run_accuracy(compiled, folder, samples, config, progress, cancel, prepared_dir=cache.folder / "prepared",
                          dataset_key=dataset.archive.sha256)
    suggestion = scale_suggestion(compiled, folder, samples, config, result)
    result.warnings = [suggestion] if suggestion else []
    result.manifest = {**result.manifest, **manifest, "device": settings.device,
                       "dataset_sha256": dataset.archive.sha256, **precision_facts(compiled, settings.device)}
    return result

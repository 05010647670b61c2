"""Run a model over an annotated dataset and score it: images decoded and pre-processed in a thread
pool ahead of an asynchronous infer queue, outputs turned into predictions by the configured adapter,
metrics accumulated with dlwb_metrics (checked against the reference implementations)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import openvino as ov

from dlwb_common.api.accuracy import TASKS_OF_ADAPTER, AccuracyConfig, AccuracyResult, AdapterKind, ImageResult
from dlwb_common.errors import CancelledError, InvalidInputError
from dlwb_common.messages.datasets import Manifest, Sample
from dlwb_engine.datasets import PreparedInputs, Preprocessor
from dlwb_engine.model_shapes import image_input_index, side_inputs
from dlwb_engine.scoring import Scorer
from dlwb_metrics.detection_adapters import ImageTransform

PREFETCH = 16
REPORT_EVERY_SECONDS = 0.5

Report = Callable[[float, str, float | None], None]  # progress, stage, images per second


def decoded(samples: list[tuple[int, Sample]], folder: Path, preprocess: Preprocessor, pool: ThreadPoolExecutor
            ) -> Iterator[tuple[int, Sample, Future]]:
    """Images decoded by the pool, ``PREFETCH`` ahead of the consumer."""
    pending: list[tuple[int, Sample, Future]] = []
    for index, sample in samples:
        pending.append((index, sample, pool.submit(preprocess, folder / sample.image)))
        if len(pending) > PREFETCH:
            yield pending.pop(0)
    yield from pending


def run_accuracy(compiled: ov.CompiledModel, folder: Path, manifest: Manifest, config: AccuracyConfig,
                 report: Report, cancel: threading.Event | None = None, prepared_dir: Path | None = None,
                 dataset_key: str = "") -> AccuracyResult:
    """Score ``compiled`` on the manifest's samples. With ``prepared_dir``, the pre-processed tensors are
    kept there (keyed by ``dataset_key``, the pre-processing and the input) for the next run."""
    if manifest.task is None:
        raise InvalidInputError("the dataset has no annotations: accuracy needs an annotated dataset",
                                code="accuracy.needs_annotations")
    if manifest.task not in TASKS_OF_ADAPTER[config.adapter]:
        raise InvalidInputError(f"a {manifest.task} dataset does not fit the {config.adapter.value} adapter",
                                code="accuracy.task_mismatch")
    image = image_input_index(compiled)
    scorer = Scorer(config, manifest, folder)
    scorer.check_outputs(list(compiled.outputs))
    preprocess = Preprocessor.for_input(compiled.inputs[image], config.preprocessing)
    extra = side_inputs(compiled, image, preprocess.layout)
    input_size = (preprocess.layout.width, preprocess.layout.height)
    samples = list(enumerate(manifest.samples))[: config.max_samples]
    prepared = None
    if prepared_dir is not None and dataset_key:
        key = hashlib.sha256(f"{dataset_key}|{config.preprocessing.model_dump_json()}|{preprocess.shape}|"
                             f"{len(samples)}".encode()).hexdigest()[:32]
        prepared = PreparedInputs(prepared_dir, key, len(samples), preprocess.shape)
    reused = prepared is not None and prepared.ready
    images: dict[int, ImageResult] = {}
    failure: list[BaseException] = []
    queue = ov.AsyncInferQueue(compiled)
    batch = compiled.inputs[image].get_partial_shape()[0].get_length()

    def done(request: ov.InferRequest, items: list[tuple[int, Sample, ImageTransform]]) -> None:
        try:
            outputs = [request.get_output_tensor(i).data.copy() for i in range(len(compiled.outputs))]
            if config.adapter == AdapterKind.classification:
                for result in scorer.add_classified(items, outputs[0]):
                    images[result.index] = result
                return
            for row, (index, sample, transform) in enumerate(items):
                mine = [output[row:row + 1] for output in outputs] if batch > 1 else outputs
                images[index] = scorer.add(index, sample, mine, transform, input_size)
        except BaseException as exc:  # noqa: BLE001 - raised again on the caller's thread
            failure.append(exc)

    def inputs(pool: ThreadPoolExecutor) -> Iterator[tuple[int, Sample, np.ndarray, ImageTransform]]:
        if prepared is not None and prepared.ready:
            tensors = prepared.read()
            needs_transform = config.adapter != AdapterKind.classification
            unused = preprocess.transform_for((preprocess.layout.width, preprocess.layout.height))
            for position, (index, sample) in enumerate(samples):
                size = (sample.width or preprocess.layout.width, sample.height or preprocess.layout.height)
                yield index, sample, tensors[position][None], (preprocess.transform_for(size) if needs_transform
                                                               else unused)
            return
        keep = prepared.writer() if prepared is not None else None
        for position, (index, sample, future) in enumerate(decoded(samples, folder, preprocess, pool)):
            tensor, transform = future.result()
            if keep is not None:
                keep[position] = tensor[0]
            yield index, sample, tensor, transform
        if keep is not None and prepared is not None:
            prepared.commit(keep)

    queue.set_callback(done)
    started = last_report = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        group: list[tuple[int, Sample, ImageTransform]] = []
        tensors: list[np.ndarray] = []
        for count, (index, sample, tensor, transform) in enumerate(inputs(pool), start=1):
            if cancel is not None and cancel.is_set():
                raise CancelledError("the accuracy run was cancelled", code="job.cancelled")
            if failure:
                raise failure[0]
            group.append((index, sample, transform))
            tensors.append(tensor)
            if len(group) == batch or count == len(samples):
                stacked = np.concatenate(tensors + [tensors[-1]] * (batch - len(tensors)))  # the last one padded
                queue.start_async({image: stacked, **extra}, group)
                group, tensors = [], []
            now = time.perf_counter()
            if now - last_report >= REPORT_EVERY_SECONDS:
                last_report = now
                report(0.1 + 0.85 * count / len(samples), f"{count}/{len(samples)} images", count / (now - started))
        queue.wait_all()
    if failure:
        raise failure[0]
    seconds = time.perf_counter() - started
    return AccuracyResult(task=manifest.task, metrics=scorer.metrics(), images=[images[i] for i in sorted(images)],
                          samples=len(samples), seconds=seconds, images_per_second=len(samples) / max(seconds, 1e-9),
                          manifest={"inputs": "prepared tensors reused" if reused else "images decoded",
                                    "batch": batch})

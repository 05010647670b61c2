"""Trying a converted model here: one image's prediction, and two models' output distance."""

from __future__ import annotations

import asyncio

from dlwb_common.api.accuracy import AccuracyConfig, OutputDistancePublic, OutputDistanceRequest, Prediction
from dlwb_common.api.models import Precision
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import service as datasets
from dlwb_model_service.model import distance, predict
from dlwb_model_service.model.crud import get


async def predict_image(ctx: Context, model_id: str, precision: Precision, image: bytes, config_json: str | None,
                        dataset_id: str | None) -> Prediction:
    """The single-image test; class names come from ``dataset_id`` when given."""
    try:
        config = AccuracyConfig.model_validate_json(config_json) if config_json else AccuracyConfig()
    except ValueError as exc:
        raise InvalidInputError(f"config is not an accuracy configuration: {exc}", code="predict.bad_config") from exc
    model = get(ctx, model_id)
    if not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} IR", code="model.no_ir")
    classes = datasets.get(ctx, dataset_id).classes if dataset_id else []
    xml = ctx.settings.files_dir / model_id / "ir" / precision.value / "model.xml"
    return Prediction.model_validate(await asyncio.to_thread(predict.predict, xml, image, config, classes))


async def output_distance(ctx: Context, model_id: str, request: OutputDistanceRequest) -> OutputDistancePublic:
    """Per-output tensor distance of two models on the same inputs (no annotations needed)."""
    paths = []
    for model, precision in ((model_id, request.precision_a), (request.b, request.precision_b)):
        found = get(ctx, model)
        if not any(v.precision == precision for v in found.variants):
            raise NotFoundError(f"model {model} has no {precision} IR", code="model.no_ir")
        paths.append(ctx.settings.files_dir / model / "ir" / precision / "model.xml")
    spec = datasets.spec(ctx, request.dataset_id)
    images = None
    if spec.kind == "imported":
        images = (datasets.folder_of(ctx, request.dataset_id) / "files", datasets.manifest_of(ctx, request.dataset_id))
    outputs = await asyncio.to_thread(distance.compare, paths[0], paths[1], request.samples, spec, images,
                                      request.config)
    worst = min(outputs, key=lambda o: o.cosine)
    count = min(request.samples, spec.count)
    verdict = (f"on {count} {'images' if images else 'generated inputs'}, the outputs of {request.b} match "
               f"{model_id}'s with cosine similarity {worst.cosine:.4f} at worst (output {worst.name}, mean absolute "
               f"difference {worst.mean_abs:.3g})")
    return OutputDistancePublic(verdict=verdict, a=model_id, b=request.b, samples=count, outputs=outputs)


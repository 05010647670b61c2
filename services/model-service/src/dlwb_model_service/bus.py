"""The model-service on NATS: request/reply endpoints (nats.micro) and the conversion job worker."""

from __future__ import annotations

import logging

from nats.micro import add_service
from nats.micro.service import Service

from dlwb_common import subjects
from dlwb_common.bus import typed_handler
from dlwb_common.messages.jobs import JobKind
from dlwb_common.messages.models import (
    ArtifactsRequest,
    DatasetReply,
    DatasetRequest,
    DiscardChildReply,
    DiscardChildRequest,
    RegisterChildReply,
    RegisterChildRequest,
)
from dlwb_model_service.artifacts import service as artifacts
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import service as datasets
from dlwb_model_service.model import conversion_jobs, lineage
from dlwb_model_service.omz import service as omz
from dlwb_service_kit.runtime import job_worker

log = logging.getLogger(__name__)


async def start_endpoints(ctx: Context) -> Service:
    service = await add_service(ctx.bus.nc, name="model-service", version="0.1.0",
                                description="models, datasets and their files")

    async def answer_artifacts(request: ArtifactsRequest):  # type: ignore[no-untyped-def]
        return artifacts.references(ctx, request)

    async def answer_dataset(request: DatasetRequest) -> DatasetReply:
        return DatasetReply(dataset_id=request.dataset_id, spec=datasets.spec(ctx, request.dataset_id))

    await service.add_endpoint(name="artifacts", subject=subjects.MODEL_ARTIFACTS,
                               handler=typed_handler(ArtifactsRequest, answer_artifacts))
    await service.add_endpoint(name="dataset", subject=subjects.DATASET_GET,
                               handler=typed_handler(DatasetRequest, answer_dataset))

    async def answer_register_child(request: RegisterChildRequest) -> RegisterChildReply:
        return await lineage.register_child(ctx, request)

    await service.add_endpoint(name="register-child", subject=subjects.MODEL_REGISTER_CHILD,
                               handler=typed_handler(RegisterChildRequest, answer_register_child))

    async def answer_discard_child(request: DiscardChildRequest) -> DiscardChildReply:
        return lineage.discard_child(ctx, request)

    await service.add_endpoint(name="discard-child", subject=subjects.MODEL_DISCARD_CHILD,
                               handler=typed_handler(DiscardChildRequest, answer_discard_child))
    return service


async def conversion_worker(ctx: Context) -> None:
    handle = job_worker(lambda job_id: conversion_jobs.run_conversion(ctx, job_id, fetch=omz.fetch_sources),
                        JobKind.convert.value)
    await ctx.bus.consume(stream=subjects.JOBS_STREAM, durable="model-service-convert",
                          subject=subjects.job_queue(JobKind.convert.value), handler=handle)

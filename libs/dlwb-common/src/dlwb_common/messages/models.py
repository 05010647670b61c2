"""Requests to the model-service over NATS."""

from __future__ import annotations

from dlwb_common.messages.agent import ArtifactRef, DatasetSpec
from dlwb_common.messages.base import Message


class ArtifactsRequest(Message):
    model_id: str
    precision: str


class ArtifactsReply(Message):
    model_id: str
    precision: str
    xml: ArtifactRef
    bin: ArtifactRef


class DatasetRequest(Message):
    dataset_id: str


class DatasetReply(Message):
    dataset_id: str
    spec: DatasetSpec

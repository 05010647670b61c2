"""Requests to the model-service over NATS."""

from __future__ import annotations

from dlwb_common.api.models import TensorInfo
from dlwb_common.messages.agent import ArtifactRef, DatasetSpec
from dlwb_common.messages.base import Message


class ArtifactsRequest(Message):
    model_id: str
    precision: str


class ArtifactsReply(Message):
    model_id: str
    precision: str
    model_name: str = ""
    label: str = ""  # the variant's name from its weights: "INT8" for the FP32 folder of an INT8 child
    xml: ArtifactRef
    bin: ArtifactRef
    inputs: list[TensorInfo] = []  # the model's inputs, to check a pre-processing against before a job starts


class DatasetRequest(Message):
    dataset_id: str


class DatasetReply(Message):
    dataset_id: str
    spec: DatasetSpec


class RegisterChildRequest(Message):
    """Another service made a model from a parent (INT8 calibration): the model-service fetches its
    IR (with the internal token), checks sizes and sha256s, and converts it."""

    parent_id: str
    name: str
    origin: str
    model_xml: ArtifactRef
    model_bin: ArtifactRef


class RegisterChildReply(Message):
    model_id: str
    job_id: str


class DiscardChildRequest(Message):
    """Remove a child model whose making failed or was cancelled (nothing half-made stays)."""

    model_id: str
    reason: str


class DiscardChildReply(Message):
    discarded: bool

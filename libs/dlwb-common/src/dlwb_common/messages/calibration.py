"""Calibration on a target: the calibration-service asks an agent (request/reply on
``dlwb.agent.<id>.in.calibrate``); the agent streams progress like any run, uploads the INT8 IR to
signed URLs and answers with NNCF's statistics."""

from __future__ import annotations

from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.calibration import CalibrationStats, QuantizeSettings
from dlwb_common.messages.agent import ArtifactRef, DatasetSpec
from dlwb_common.messages.base import Message


class AgentCalibrationRequest(Message):
    job_id: str
    model_xml: ArtifactRef
    model_bin: ArtifactRef
    dataset: DatasetSpec
    settings: QuantizeSettings
    accuracy: AccuracyConfig | None = None
    upload_xml_url: str  # signed PUT links for the result
    upload_bin_url: str


class AgentCalibrationReply(Message):
    """A finished calibration; a failed one is an error answer on the bus (its code and status)."""

    stats: CalibrationStats | None = None
    xml_sha256: str | None = None
    bin_sha256: str | None = None

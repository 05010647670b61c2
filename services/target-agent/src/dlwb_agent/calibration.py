"""Calibration on this target (the ``calibration`` extra brings NNCF): the parent IR and the dataset
fetched by sha256, NNCF in a child process (dlwb_engine), the INT8 IR uploaded to signed links."""

from __future__ import annotations

import asyncio
import importlib.util
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from dlwb_common.api.calibration import CalibrationStats
from dlwb_common.errors import InvalidInputError
from dlwb_common.hashing import sha256_file
from dlwb_common.messages.calibration import AgentCalibrationRequest
from dlwb_engine.artifacts import ArtifactCache
from dlwb_engine.calibration_process import calibrate_in_child, fetch_inputs

Report = Callable[[float, str], Awaitable[None]]


def upload(path: Path, url: str) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        with path.open("rb") as handle:
            while block := handle.read(1024 * 1024):
                yield block

    with httpx.Client(timeout=httpx.Timeout(120.0, connect=10.0)) as client:
        response = client.put(url, content=chunks(), headers={"content-length": str(path.stat().st_size)})
        if not response.is_success:
            raise InvalidInputError(f"the server refused the INT8 IR ({response.status_code}): {response.text[:300]}",
                                    code="calibration.upload_failed")


async def calibrate(request: AgentCalibrationRequest, cache: ArtifactCache, report: Report
                    ) -> tuple[CalibrationStats, str, str]:
    """Returns NNCF's statistics and the sha256 of the uploaded .xml and .bin."""
    if importlib.util.find_spec("nncf") is None:
        raise InvalidInputError("NNCF is not installed on this target: install the agent with its calibration extra "
                                "(pip install 'dlwb-agent[calibration]'), or calibrate on the server",
                                code="calibration.nncf_missing")
    await report(0.03, "fetching the parent model and the dataset")

    with tempfile.TemporaryDirectory(prefix="dlwb-calibration-") as scratch:
        work = Path(scratch)
        calibration = await asyncio.to_thread(fetch_inputs, cache, request.model_xml, request.model_bin,
                                              request.dataset, work, request.settings, request.accuracy)

        async def progress(fraction: float, stage: str) -> None:
            await report(0.05 + 0.85 * fraction, stage)

        stats = await calibrate_in_child(calibration, progress)
        await report(0.92, "uploading the INT8 IR")
        out_xml, out_bin = work / "int8" / "model.xml", work / "int8" / "model.bin"
        await asyncio.to_thread(upload, out_xml, request.upload_xml_url)
        await asyncio.to_thread(upload, out_bin, request.upload_bin_url)
        return stats, sha256_file(out_xml), sha256_file(out_bin)

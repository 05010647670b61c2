"""Which uploads are models, and the check that a file really is one (OpenVINO's own reader)."""

from __future__ import annotations

from pathlib import Path

import openvino as ov

from dlwb_common.errors import DlwbError, InvalidInputError

FRAMEWORK_BY_SUFFIX = {".onnx": "onnx"}


class UnsupportedFormatError(DlwbError):
    code = "model.unsupported_format"
    status = 415


def framework_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    try:
        return FRAMEWORK_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(FRAMEWORK_BY_SUFFIX))
        raise UnsupportedFormatError(f"'{filename}' is not a supported model file (supported: {known})") from None


def check_readable(path: Path) -> None:
    """Raise ``model.invalid`` with the reader's own message when OpenVINO cannot read the file."""
    if path.stat().st_size == 0:
        raise InvalidInputError("the uploaded file is empty", code="model.empty")
    try:
        ov.Core().read_model(str(path))
    except Exception as exc:  # OpenVINO raises RuntimeError subclasses with the frontend's message
        message = str(exc).strip().splitlines()
        detail = next((line for line in message if "Check" in line or "rror" in line), message[0] if message else "")
        raise InvalidInputError(f"OpenVINO cannot read this model: {detail[:500]}", code="model.invalid") from exc

"""Which uploads are models, and the check that a file really is one (OpenVINO's own reader)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
import openvino as ov

from dlwb_common.errors import DlwbError, InvalidInputError
from dlwb_model_service.model.archives import is_archive

FRAMEWORK_BY_SUFFIX = {".onnx": "onnx"}
MULTI_FILE_HINT = "upload the files together as a .zip or .tar.gz archive"


class UnsupportedFormatError(DlwbError):
    code = "model.unsupported_format"
    status = 415


def framework_of(filename: str) -> str:
    """The framework of a single-file upload; archives are detected after extraction."""
    suffix = Path(filename).suffix.lower()
    if is_archive(filename):
        return "archive"
    if suffix in (".xml", ".bin"):
        raise UnsupportedFormatError(f"an OpenVINO IR is an .xml and a .bin: {MULTI_FILE_HINT}")
    try:
        return FRAMEWORK_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join([*sorted(FRAMEWORK_BY_SUFFIX), "an archive (.zip, .tar.gz) of an IR or ONNX with "
                           "external data"])
        raise UnsupportedFormatError(f"'{filename}' is not a supported model file (supported: {known})") from None


def detect(folder: Path) -> tuple[str, Path]:
    """The framework and main file of an extracted archive: an IR (.xml with its .bin) or one ONNX."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    irs = [xml for xml in files if xml.suffix.lower() == ".xml" and xml.with_suffix(".bin").is_file()]
    onnx = [path for path in files if path.suffix.lower() == ".onnx"]
    candidates = [("openvino", path) for path in irs] + [("onnx", path) for path in onnx]
    if len(candidates) != 1:
        found = ", ".join(str(path.relative_to(folder)) for _, path in candidates) or "none"
        raise UnsupportedFormatError(f"the archive must hold exactly one model (an IR .xml with its .bin, or an "
                                     f".onnx with its external data); found: {found}", code="model.ambiguous"
                                     if candidates else "model.unsupported_format")
    return candidates[0]


def check_ir_xml(xml: Path) -> None:
    """Refuse DTDs and entities before OpenVINO's parser sees the file (entity expansion bombs)."""
    try:
        defusedxml.ElementTree.parse(str(xml), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (defusedxml.DefusedXmlException, ElementTree.ParseError) as exc:
        raise InvalidInputError(f"the IR's XML is refused: {exc}", code="model.unsafe_xml") from exc


def check_readable(path: Path, framework: str = "onnx") -> None:
    """Raise ``model.invalid`` with the reader's own message when OpenVINO cannot read the file."""
    if path.stat().st_size == 0:
        raise InvalidInputError("the uploaded file is empty", code="model.empty")
    if framework == "openvino":
        check_ir_xml(path)
    try:
        ov.Core().read_model(str(path))
    except Exception as exc:  # OpenVINO raises RuntimeError subclasses with the frontend's message
        message = str(exc).strip().splitlines()
        detail = next((line for line in message if "Check" in line or "rror" in line), message[0] if message else "")
        raise InvalidInputError(f"OpenVINO cannot read this model: {detail[:500]}", code="model.invalid") from exc

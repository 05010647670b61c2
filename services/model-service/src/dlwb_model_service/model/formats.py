"""Which uploads are models, in which framework, and the check that a file really is one.

Frameworks are the ones OpenVINO's frontends read: OpenVINO IR, ONNX, TensorFlow (SavedModel
folder or frozen .pb), TensorFlow Lite, PaddlePaddle and PyTorch (TorchScript or torch.export
.pt2, through the optional torch extra). A model of several files (IR, ONNX with external data,
SavedModel, Paddle) comes as an archive or as a multi-file upload, and is detected in its folder.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree

from dlwb_common.errors import DlwbError, InvalidInputError
from dlwb_engine.archives import is_archive

FRAMEWORK_BY_SUFFIX = {".onnx": "onnx", ".pb": "tf", ".tflite": "tflite", ".pt": "pytorch", ".pt2": "pytorch"}
MULTI_FILE_HINT = "upload the files together (as a .zip or .tar.gz archive, or several files at once)"
# formats OpenVINO cannot take as they are, and what to upload instead
REFUSED_SUFFIXES = {
    ".keras": "OpenVINO reads Keras models through TensorFlow: export a SavedModel (model.export('folder')) "
              "and upload the folder as a .zip or .tar.gz archive",
    ".h5": "an .h5 file is a Keras model or weights: export a SavedModel (model.export('folder')) and upload "
           "the folder as a .zip or .tar.gz archive",
    ".pth": "a .pth file is usually a state dict (weights without the network): save TorchScript "
            "(torch.jit.save) or torch.export (.pt2) instead",
    ".ckpt": "a checkpoint holds weights, not the network: save TorchScript (torch.jit.save), torch.export "
             "(.pt2), ONNX or a TensorFlow SavedModel instead",
    ".safetensors": "safetensors hold weights without the network: export ONNX, TorchScript or torch.export "
                    "(.pt2) instead",
    ".caffemodel": "Caffe is not read by OpenVINO since 2023: convert to ONNX first",
}
PYTORCH_EXTRA_HINT = ("PyTorch models need torch in the model-service: install the workbench with its pytorch extra "
                      "(pip install 'dlwb-model-service[pytorch]'), or export ONNX")


class UnsupportedFormatError(DlwbError):
    code = "model.unsupported_format"
    status = 415


def refuse_known(filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise UnsupportedFormatError(f"'{filename}': {REFUSED_SUFFIXES[suffix]}")


def check_upload_name(filename: str) -> None:
    """A file of a chunked upload: a model, an archive or a companion file (.bin, .pdiparams,
    ONNX external data); only the formats OpenVINO cannot read are refused here."""
    refuse_known(filename)


def framework_of(filename: str) -> str:
    """The framework of a single-file upload; archives are detected after extraction."""
    refuse_known(filename)
    suffix = Path(filename).suffix.lower()
    if is_archive(filename):
        return "archive"
    if suffix in (".xml", ".bin"):
        raise UnsupportedFormatError(f"an OpenVINO IR is an .xml and a .bin: {MULTI_FILE_HINT}")
    if suffix in (".pdmodel", ".pdiparams"):
        raise UnsupportedFormatError(f"a PaddlePaddle model is a .pdmodel and a .pdiparams: {MULTI_FILE_HINT}")
    try:
        return FRAMEWORK_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join([*sorted(FRAMEWORK_BY_SUFFIX), "an archive (.zip, .tar.gz) of an IR, a SavedModel, a "
                           "Paddle model or ONNX with external data"])
        raise UnsupportedFormatError(f"'{filename}' is not a supported model file (supported: {known})") from None


def candidates(folder: Path) -> list[tuple[str, Path]]:
    """Every model found in ``folder`` as (framework, main path); a SavedModel's main path is its folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    found: list[tuple[str, Path]] = []
    saved_models = {path.parent for path in files if path.name == "saved_model.pb"}
    found += [("tf", saved) for saved in sorted(saved_models)]
    for path in sorted(files):
        if any(parent in saved_models for parent in path.parents):  # a SavedModel's own files
            continue
        suffix = path.suffix.lower()
        if suffix == ".xml" and path.with_suffix(".bin").is_file():
            found.append(("openvino", path))
        elif suffix == ".pdmodel":
            found.append(("paddle", path))
        elif suffix in FRAMEWORK_BY_SUFFIX:
            found.append((FRAMEWORK_BY_SUFFIX[suffix], path))
    return found


def detect(folder: Path) -> tuple[str, Path]:
    """The framework and main path of a multi-file model: exactly one model must be in ``folder``."""
    for path in folder.rglob("*"):
        refuse_known(path.name)
    found = candidates(folder)
    if len(found) != 1:
        listed = ", ".join(str(path.relative_to(folder)) or "." for _, path in found) or "none"
        raise UnsupportedFormatError(
            "the upload must hold exactly one model (an IR .xml with its .bin, an .onnx with its external data, a "
            f"SavedModel folder, a frozen .pb, a .tflite, a .pdmodel with its .pdiparams, a .pt or .pt2); found: "
            f"{listed}", code="model.ambiguous" if found else "model.unsupported_format")
    return found[0]


def check_ir_xml(xml: Path) -> None:
    """Refuse DTDs and entities before OpenVINO's parser sees the file (entity expansion bombs)."""
    try:
        defusedxml.ElementTree.parse(str(xml), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (defusedxml.DefusedXmlException, ElementTree.ParseError) as exc:
        raise InvalidInputError(f"the IR's XML is refused: {exc}", code="model.unsafe_xml") from exc


def first_error_line(exc: BaseException) -> str:
    """The converter's own words: its message without the source locations of its checks."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith("Check '") and "src/" not in line.split(" ")[0]]
    return " ".join(meaningful or lines)[:500] or type(exc).__name__


def check_readable(path: Path, framework: str) -> None:
    """Raise ``model.invalid`` with the reader's own message when the model cannot be read."""
    from dlwb_model_service.model import readers

    if path.is_file() and path.stat().st_size == 0:
        raise InvalidInputError("the uploaded file is empty", code="model.empty")
    if framework == "openvino":
        check_ir_xml(path)
    try:
        readers.check(path, framework)
    except readers.NeedsTorchError:
        raise InvalidInputError(PYTORCH_EXTRA_HINT, code="model.needs_torch") from None
    except Exception as exc:  # the frontends raise RuntimeError subclasses (torch: its own types)
        raise InvalidInputError(f"cannot read this {framework} model: {first_error_line(exc)}",
                                code="model.invalid") from exc

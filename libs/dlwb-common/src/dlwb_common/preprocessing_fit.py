"""Does a pre-processing fit the model it is for? Checked from the model's recorded inputs before any job
starts, so that three means for a one-channel input is a clear refusal, not a failed (or silently wrong)
run. The channel count is read as the engine reads it (dlwb_engine.datasets.InputLayout)."""

from __future__ import annotations

from dlwb_common.api.accuracy import ColorOrder, Preprocessing
from dlwb_common.api.models import TensorInfo
from dlwb_common.errors import InvalidInputError

CODE = "preprocessing.mismatch"


def image_input(inputs: list[TensorInfo]) -> TensorInfo | None:
    """The image input: the one of rank 4 (others are side inputs); None when there is not exactly one."""
    ranked = [port for port in inputs if len(port.shape) == 4]
    return ranked[0] if len(ranked) == 1 else None


def channel_axis(port: TensorInfo, layout: str | None) -> int:
    """1 (NCHW) or 3 (NHWC): as given, as the model declares, else the dimension of size 1 or 3."""
    declared = (port.layout or "").strip("[]").replace(",", "").upper() or None
    chosen = layout or declared
    if chosen == "NCHW":
        return 1
    if chosen == "NHWC":
        return 3
    dims = port.shape
    if dims[1] in (1, 3) and dims[3] not in (1, 3):
        return 1
    return 3 if dims[3] in (1, 3) else 1


def describe(port: TensorInfo) -> str:
    return f"input {port.name} [{', '.join(str(d) for d in port.shape)}]"


def check_fits(preprocessing: Preprocessing, inputs: list[TensorInfo]) -> None:
    """Raise ``InvalidInputError`` (``preprocessing.mismatch``) when the pre-processing cannot feed the model."""
    port = image_input(inputs)
    if port is None:
        return  # not an image model (or several images): the run says what it cannot feed
    channels = port.shape[channel_axis(port, preprocessing.layout)]
    if not isinstance(channels, int) or channels < 1:
        return  # a dynamic channel dimension: the run fixes it
    where = describe(port)
    if preprocessing.layout and channels not in (1, 3):
        raise InvalidInputError(f"layout {preprocessing.layout} makes {channels} channels of {where}; images have "
                                "1 (GRAY) or 3 (RGB/BGR): choose the other layout", code=CODE)
    for name, values in (("mean", preprocessing.mean), ("scale", preprocessing.scale)):
        if len(values) not in (0, 1, channels):
            raise InvalidInputError(f"{len(values)} {name} values for the {channels}-channel {where}: give one "
                                    f"value, or one per channel ({channels})", code=CODE)
    if preprocessing.color in (ColorOrder.rgb, ColorOrder.bgr) and channels == 1:
        raise InvalidInputError(f"colour order {preprocessing.color.value} makes 3 channels but {where} has 1: "
                                "use GRAY", code=CODE)

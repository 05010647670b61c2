"""The words for what a run computed in, the device's offer, and the precision differences a comparison
names: pure functions over what results record."""

from __future__ import annotations

from dlwb_common.api.projects import RunSummary
from dlwb_common.messages.agent import DeviceInfo
from dlwb_common.precision import ran_in, with_differences
from dlwb_profiler.compare.service import differences


def summary(weights: str, ran: str | None) -> RunSummary:
    manifest = {"inference_precision": ran, "cpu_isa": "AMX"} if ran else {}
    return RunSummary(id="r", project_id="p", project_name="n", precision="FP32", weights=weights,
                      ran_in=ran_in(manifest, None), target_id="local", device="CPU")


def test_what_ran_is_said_with_how_it_was_chosen() -> None:
    assert ran_in({"inference_precision": "bf16", "cpu_isa": "AMX"}, None).summary == \
        "ran in BF16 (device default) on AMX"
    assert ran_in({"inference_precision": "f32", "cpu_isa": "AVX2"}, "f32").summary == "ran in F32 (as asked) on AVX2"
    assert ran_in({"inference_precision": "f32"}, "bf16").summary == "ran in F32 (asked BF16)"
    assert ran_in({}, "f32") is None and ran_in(None, None) is None


def test_a_device_offers_the_precisions_of_its_optimization_capabilities() -> None:
    cpu = DeviceInfo(name="CPU", capabilities=["FP32", "INT8", "BIN", "EXPORT_IMPORT", "BF16"])
    assert cpu.inference_precisions == ["f32", "bf16"]
    assert DeviceInfo(name="GPU", capabilities=["FP32", "FP16", "INT8"]).inference_precisions == ["f32", "f16"]
    assert cpu.model_dump()["inference_precisions"] == ["f32", "bf16"]  # sent to the SPA with the inventory


def test_comparisons_name_different_weights_and_different_inference_precisions() -> None:
    assert differences(summary("FP32", "bf16"), summary("FP32", "bf16")) == []
    assert differences(summary("FP32", "f32"), summary("INT8", "bf16")) == [  # A, B: named B vs A
        "different weights (INT8 vs FP32)", "different inference precisions (BF16 vs F32)"]
    assert differences(summary("FP32", None), summary("FP32", "f32")) == []  # not recorded: not claimed
    assert with_differences("B is faster.", ["different weights (INT8 vs FP32)"]) == \
        "B is faster. The runs differ in precision: different weights (INT8 vs FP32) (B vs A)."
    assert with_differences("B is faster.", []) == "B is faster."

"""Precision names shared by requests, results and models, and the one place that words them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, Field

# The element type a device computes in; None in a request = the device's default (bf16 on CPUs with AMX,
# f32 elsewhere), which is what a deployment gets unless it asks otherwise.
InferencePrecision = Literal["f32", "f16", "bf16"]

# What a model's weights are stored as, read from the IR (not from the folder it sits in): the compute
# layers' weights all FP32, all FP16, all quantized (INT8 / INT4), or a mix of these.
WeightPrecision = Literal["FP32", "FP16", "BF16", "INT8", "INT4", "mixed"]

# OPTIMIZATION_CAPABILITIES names -> the inference precisions a device can be asked to compute in
CAPABILITY_PRECISIONS: dict[str, InferencePrecision] = {"FP32": "f32", "FP16": "f16", "BF16": "bf16"}


def variant_label(slot: str, weights: str | None) -> str:
    """The name of one IR variant: its folder (FP32 / FP16) unless its weights say otherwise, e.g. the
    FP32 folder of an INT8 child is "INT8", its FP16 folder "INT8-FP16" (INT8 with FP16 for the rest)."""
    if weights is None or weights == slot:
        return slot
    return weights if slot == "FP32" else f"{weights}-{slot}"


def file_stem(model_name: str, label: str) -> str:
    """A downloaded IR's file name: "<name>-INT8", without saying the weights twice when the name ends with
    them already (an INT8 child's own name): "resnet INT8", "resnet INT8-FP16"."""
    weights = label.split("-")[0]
    if model_name.split(" ")[-1] == weights:
        return model_name + label[len(weights):]
    return f"{model_name}-{label}"


def precision_lineage(weights: str | None, parent_weights: str | None) -> str | None:
    """"INT8 from FP32" for a child whose weights differ from its parent's; None otherwise."""
    if weights is None or parent_weights is None or weights == parent_weights:
        return None
    return f"{weights} from {parent_weights}"


def precision_differences(weights: tuple[str, str], ran: tuple[str | None, str | None]) -> list[str]:
    """What differs in precision between run B and run A (each pair is B, A), which a reader must know
    before trusting a ratio: the weights, and what the device computed in (when both recorded it)."""
    found = []
    if weights[0] != weights[1]:
        found.append(f"different weights ({weights[0]} vs {weights[1]})")
    if ran[0] and ran[1] and ran[0] != ran[1]:
        found.append(f"different inference precisions ({ran[0].upper()} vs {ran[1].upper()})")
    return found


def with_differences(verdict: str, differences: list[str]) -> str:
    """The verdict, followed by the precision differences when there are any."""
    if not differences:
        return verdict
    return f"{verdict} The runs differ in precision: {'; '.join(differences)} (B vs A)."


def supported_precisions(capabilities: list[str]) -> list[InferencePrecision]:
    """The inference precisions a device offers, from its OPTIMIZATION_CAPABILITIES."""
    return [CAPABILITY_PRECISIONS[c] for c in ("FP32", "BF16", "FP16") if c in capabilities]


class RunPrecision(BaseModel):
    """The precision a run asked for and the one that really ran (from its result's manifest)."""

    asked: InferencePrecision | None = Field(default=None, description="None: the device's default")
    ran: str | None = Field(default=None, description="what the compiled model computed in (f32, bf16, f16)")
    cpu_isa: str | None = None
    summary: str = Field(description='e.g. "ran in BF16 (device default) on AMX"')


def ran_in(manifest: Mapping[str, object] | None, asked: str | None) -> RunPrecision | None:
    """"ran in BF16 (device default) on AMX" from a result's manifest and the precision the run asked for;
    None when the manifest does not say (results recorded before the precision was)."""
    ran = (manifest or {}).get("inference_precision")
    if not ran:
        return None
    how = "device default" if asked is None else ("as asked" if asked == ran else f"asked {str(asked).upper()}")
    isa = (manifest or {}).get("cpu_isa")
    summary = f"ran in {str(ran).upper()} ({how})" + (f" on {isa}" if isa else "")
    return RunPrecision(asked=asked, ran=str(ran), cpu_isa=str(isa) if isa else None, summary=summary)

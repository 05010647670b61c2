"""Precision names shared by requests, results and models."""

from __future__ import annotations

from typing import Literal

# The element type a device computes in; None in a request = the device's default (bf16 on CPUs with AMX,
# f32 elsewhere), which is what a deployment gets unless it asks otherwise.
InferencePrecision = Literal["f32", "f16", "bf16"]

import { describe, expect, it } from "vitest";
import { offeredPrecisions, projectWeights, ranInText, runPrecisionTag, variantLabel, weightsText, weightTags } from "./precision";

describe("weights", () => {
  it("names a variant by its weights, its folder when not known", () => {
    expect(variantLabel({ precision: "FP32", label: "INT8" })).toBe("INT8");
    expect(variantLabel({ precision: "FP16", label: null })).toBe("FP16");
  });

  it("tags an INT8 child INT8, never FP32/FP16", () => {
    const child = { variants: [{ precision: "FP32", label: "INT8" }, { precision: "FP16", label: "INT8-FP16" }] };
    expect(weightTags(child as never)).toEqual(["INT8", "INT8-FP16"]);
    const plain = { variants: [{ precision: "FP32", label: "FP32" }, { precision: "FP16", label: "FP16" }] };
    expect(weightTags(plain as never)).toEqual(["FP32", "FP16"]);
  });

  it("names a project by its IR's weights, its folder for projects made before", () => {
    expect(projectWeights({ precision: "FP32", variant_label: "INT8" })).toBe("INT8");
    expect(projectWeights({ precision: "FP16", variant_label: null })).toBe("FP16");
  });

  it("prefers the lineage to the bare weights", () => {
    expect(weightsText({ weight_precision: "INT8", precision_lineage: "INT8 from FP32" })).toBe("INT8 from FP32");
    expect(weightsText({ weight_precision: "FP16", precision_lineage: null })).toBe("FP16");
    expect(weightsText({ weight_precision: null, precision_lineage: null })).toBeNull();
  });
});

describe("inference precision", () => {
  const devices = [
    { name: "CPU", inference_precisions: ["f32", "bf16"] as const },
    { name: "GPU", inference_precisions: ["f32", "f16"] as const },
    { name: "NPU", inference_precisions: [] as const },
  ];

  it("offers what the device lists, in a fixed order, and everything when it lists nothing", () => {
    expect(offeredPrecisions(devices as never, "CPU")).toEqual(["f32", "bf16"]);
    expect(offeredPrecisions(devices as never, "GPU.1")).toEqual(["f32", "f16"]);
    expect(offeredPrecisions(devices as never, "NPU")).toEqual(["f32", "f16", "bf16"]);
    expect(offeredPrecisions([], "CPU")).toEqual(["f32", "f16", "bf16"]);
  });

  it("says what ran, or what was asked when the result did not record it", () => {
    expect(ranInText({ asked: null, ran: "bf16", cpu_isa: "AMX", summary: "ran in BF16 (device default) on AMX" }, null))
      .toBe("Ran in BF16 (device default) on AMX");
    expect(ranInText(null, "f32")).toBe("Asked for F32 (what ran was not recorded)");
    expect(ranInText(undefined, null)).toBe("Device default (what ran was not recorded)");
  });

  it("tags a side of a comparison with its weights and what ran", () => {
    expect(runPrecisionTag({ weights: "INT8", ran_in: { ran: "bf16", summary: "" } as never })).toBe("INT8 · ran in BF16");
    expect(runPrecisionTag({ weights: "FP32", ran_in: null })).toBe("FP32");
  });
});

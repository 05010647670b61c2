import { describe, expect, it } from "vitest";
import { deviceFacts } from "./devices";

describe("device facts", () => {
  it("lists what the device reports, in a fixed order", () => {
    expect(
      deviceFacts({ name: "CPU", full_name: "Intel(R) Xeon(R) Platinum 8480+", capabilities: ["FP32", "BF16", "INT8", "EXPORT_IMPORT"], precisions: ["FP32", "BF16", "INT8"], isa: "AMX", inference_precision: "bf16", device_type: "integrated", architecture: "intel64", inference_precisions: ["f32", "bf16"] }),
    ).toEqual([["ISA", "AMX"], ["Precisions", "FP32, BF16, INT8"], ["Default precision", "bf16"], ["Type", "integrated"], ["Architecture", "intel64"]]);
  });

  it("leaves out what an older agent or another device does not report", () => {
    expect(deviceFacts({ name: "GPU.1", full_name: "Intel(R) Arc(TM) A770", capabilities: ["FP16"], inference_precisions: ["f16"] })).toEqual([]);
    expect(deviceFacts({ name: "NPU", full_name: "Intel(R) AI Boost", precisions: ["FP16", "INT8"], isa: null, inference_precisions: [] })).toEqual([["Precisions", "FP16, INT8"]]);
  });
});

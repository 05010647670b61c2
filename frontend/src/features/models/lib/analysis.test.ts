import { describe, expect, it } from "vitest";
import type { ModelAnalysis } from "../../../api/types";
import { analysisSummary, formatCount, isModelTask, opsRows, TASKS, taskLabel, weightsRows } from "./analysis";

const analysis: ModelAnalysis = {
  operations: { Convolution: 10, Add: 4, Parameter: 1, Result: 1 },
  parameters: 1_240_000,
  macs: 410_000_000,
  gflops: 0.82,
  weights_bytes: 4_960_000,
  weights_by_precision: { f32: 4_960_000 },
  opsets: ["opset1", "opset8"],
  task_guess: "classification",
};

describe("formatCount", () => {
  it("uses a metric suffix with three significant digits", () => {
    expect(formatCount(1_240_000)).toBe("1.24 M");
    expect(formatCount(25_557_032)).toBe("25.6 M");
    expect(formatCount(950)).toBe("950");
    expect(formatCount(12_345)).toBe("12.3 K");
    expect(formatCount(3_000_000_000)).toBe("3 G");
    expect(formatCount(null)).toBe("—");
  });
});

describe("analysisSummary", () => {
  it("says parameters, GFLOPs, weights and opsets in one sentence", () => {
    expect(analysisSummary(analysis)).toBe("1.24 M parameters, 0.82 GFLOPs, 4.73 MiB of f32 weights, opsets opset1, opset8");
  });
  it("lists several element types and a single opset", () => {
    const mixed = { ...analysis, weights_by_precision: { i8: 1000, f32: 3000 }, weights_bytes: 4000, opsets: ["opset11"] };
    expect(analysisSummary(mixed)).toBe("1.24 M parameters, 0.82 GFLOPs, 3.91 KiB of weights (f32, i8), opset opset11");
  });
  it("leaves out element types under 1 % of the weights", () => {
    const tiny = { ...analysis, weights_by_precision: { f32: 4_960_000, i64: 64 } };
    expect(analysisSummary(tiny)).toContain("4.73 MiB of f32 weights");
  });
});

describe("opsRows", () => {
  it("sorts by count and keeps everything under the limit", () => {
    expect(opsRows(analysis.operations).map((r) => r.type)).toEqual(["Convolution", "Add", "Parameter", "Result"]);
  });
  it("sums the tail as other", () => {
    const ops = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`Op${String(i).padStart(2, "0")}`, 100 - i]));
    const rows = opsRows(ops, 12);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toEqual({ type: "Op00", count: 100 });
    expect(rows[12]).toEqual({ type: "other", count: 88 + 87 + 86 });
  });
});

describe("weightsRows", () => {
  it("gives shares, largest first", () => {
    expect(weightsRows({ weights_by_precision: { i8: 1000, f32: 3000 } })).toEqual([
      { precision: "f32", bytes: 3000, share: 0.75 },
      { precision: "i8", bytes: 1000, share: 0.25 },
    ]);
  });
});

describe("tasks", () => {
  it("has nine labelled tasks", () => {
    expect(TASKS).toHaveLength(9);
    expect(taskLabel("object_detection")).toBe("Object detection");
    expect(taskLabel(null)).toBe("");
    expect(isModelTask("inpainting")).toBe(true);
    expect(isModelTask("")).toBe(false);
  });
});

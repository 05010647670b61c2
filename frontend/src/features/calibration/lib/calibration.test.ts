import { describe, expect, it } from "vitest";
import type { Calibration, Job } from "../../../api/types";
import { calibrationHeadline, calibrationLinks, calibrationOutcome, calibrationSummary, describeCalibration, figureTone, formatSizeChange, keyFigures, precisionRows } from "./calibration";
import { buildCalibrationRequest, DEFAULT_CALIBRATION, splitList, type CalibrationForm } from "./calibrationForm";
import { calibrationSteps } from "./steps";

const form = (patch: Partial<CalibrationForm> = {}): CalibrationForm => ({ ...DEFAULT_CALIBRATION, ...patch });

const job = (patch: Partial<Job> = {}): Job => ({
  id: "calibration_1",
  kind: "calibrate",
  status: "running",
  created_at: "2026-11-29T10:00:00Z",
  progress: 0,
  stage: "",
  ...patch,
});

const calibration = (patch: Partial<Calibration> = {}): Calibration => ({
  id: "calibration_1",
  name: "tiny INT8",
  project_id: "prj_1",
  parent_model_id: "mdl_parent",
  job: job({ status: "succeeded", progress: 1 }),
  settings: { project_id: "prj_1", compare: true, compare_seconds: 1 },
  created_at: "2026-11-29T10:00:00Z",
  child_model_id: "mdl_child",
  child_project_id: "prj_child",
  stats: { fake_quantize: 40, compute_layers: 26, quantized_layers: 26, float_layers: [], samples: 8, seconds: 3.21 },
  report: {
    verdict: "INT8: 1.85x throughput, 0.55x median latency, -73% size, 100% of compute layers quantized; accuracy not measured (the dataset has no annotations).",
    throughput_ratio: 1.85,
    latency_median_ratio: 0.55,
    parent_size_bytes: 4_000_000,
    child_size_bytes: 1_080_000,
    size_change: -0.73,
    int8_share: 1,
    precision_counts: [
      { precision: "FP32", layers: 3, time_ms: 0.1 },
      { precision: "I8", layers: 30, time_ms: 0.3 },
    ],
    parent_benchmark_id: "benchmark_a",
    child_benchmark_id: "benchmark_b",
    parent_profile_id: "profile_a",
    child_profile_id: "profile_b",
    advice: [],
  },
  ...patch,
});

describe("splitList", () => {
  it("splits on commas, trims and drops empty items", () => {
    expect(splitList("")).toEqual([]);
    expect(splitList(" Conv_0 , fc_out,, ")).toEqual(["Conv_0", "fc_out"]);
  });
  it("keeps commas inside brackets and escaped ones (regular expressions)", () => {
    expect(splitList(".*conv{1,3}, [a,b]+x, (p|q,r)")).toEqual([".*conv{1,3}", "[a,b]+x", "(p|q,r)"]);
    expect(splitList("a\\,b, c")).toEqual(["a\\,b", "c"]);
  });
});

describe("buildCalibrationRequest", () => {
  it("sends the one-click defaults with every value explicit", () => {
    const { body, errors } = buildCalibrationRequest("prj_1", form());
    expect(errors).toEqual({});
    expect(body).toEqual({
      project_id: "prj_1",
      name: "",
      method: "default",
      preset: "performance",
      subset_size: null,
      subset_percent: null,
      fast_bias_correction: true,
      model_type: null,
      ignored_scope: { names: [], types: [], patterns: [] },
      max_drop: 0.01,
      drop_type: "absolute",
      weight_mode: "INT8_ASYM",
      ratio: 1,
      group_size: -1,
      compare: true,
      compare_seconds: 5,
    });
  });

  it("carries the quantization settings: preset, subset, bias correction, transformer, ignored scope", () => {
    const { body } = buildCalibrationRequest(
      "prj_1",
      form({
        name: "  mine ",
        preset: "mixed",
        subsetKind: "size",
        subset: "8",
        fastBiasCorrection: false,
        transformer: true,
        ignoredNames: "Conv_0, Gemm_1",
        ignoredTypes: "MatMul",
        ignoredPatterns: ".*head{1,2}",
        compareSeconds: "1",
      }),
    );
    expect(body).toMatchObject({
      name: "mine",
      preset: "mixed",
      subset_size: 8,
      subset_percent: null,
      fast_bias_correction: false,
      model_type: "transformer",
      ignored_scope: { names: ["Conv_0", "Gemm_1"], types: ["MatMul"], patterns: [".*head{1,2}"] },
      compare_seconds: 1,
    });
  });

  it("sends a subset as a share of the dataset, never both", () => {
    const { body } = buildCalibrationRequest("p", form({ subsetKind: "percent", subset: "12.5" }));
    expect(body).toMatchObject({ subset_size: null, subset_percent: 12.5 });
    // a value typed before switching back to the default is not sent
    expect(buildCalibrationRequest("p", form({ subsetKind: "default", subset: "abc" })).body).toMatchObject({ subset_size: null });
  });

  it("refuses out-of-range values field by field", () => {
    expect(buildCalibrationRequest("p", form({ subsetKind: "size", subset: "0" })).errors).toHaveProperty("subset");
    expect(buildCalibrationRequest("p", form({ subsetKind: "size", subset: "2.5" })).errors).toHaveProperty("subset");
    expect(buildCalibrationRequest("p", form({ subsetKind: "size", subset: "" })).errors).toHaveProperty("subset");
    expect(buildCalibrationRequest("p", form({ subsetKind: "percent", subset: "120" })).errors).toHaveProperty("subset");
    expect(buildCalibrationRequest("p", form({ compareSeconds: "0.2" })).errors).toHaveProperty("compareSeconds");
    expect(buildCalibrationRequest("p", form({ compareSeconds: "121" })).errors).toHaveProperty("compareSeconds");
    expect(buildCalibrationRequest("p", form({ name: "x".repeat(201) })).errors).toHaveProperty("name");
    const { body, errors } = buildCalibrationRequest("p", form({ compareSeconds: "" }));
    expect(body).toBeNull();
    expect(Object.keys(errors)).toEqual(["compareSeconds"]);
  });

  it("ignores the comparison seconds when the comparison is off", () => {
    const { body, errors } = buildCalibrationRequest("p", form({ compare: false, compareSeconds: "oops" }));
    expect(errors).toEqual({});
    expect(body).toMatchObject({ compare: false, compare_seconds: 5 });
  });

  it("weight compression: the mode, and ratio and group size for INT4 only; no samples nor scope", () => {
    const int8 = buildCalibrationRequest(
      "p",
      form({ method: "weight_compression", weightMode: "INT8_SYM", ratio: "bad", subsetKind: "size", subset: "-3", ignoredNames: "x", transformer: true }),
    );
    expect(int8.errors).toEqual({});
    expect(int8.body).toMatchObject({
      method: "weight_compression",
      weight_mode: "INT8_SYM",
      ratio: 1,
      group_size: -1,
      subset_size: null,
      model_type: null,
      ignored_scope: { names: [], types: [], patterns: [] },
    });
    const int4 = buildCalibrationRequest("p", form({ method: "weight_compression", weightMode: "INT4_ASYM", ratio: "0.8", groupSize: "128" }));
    expect(int4.body).toMatchObject({ weight_mode: "INT4_ASYM", ratio: 0.8, group_size: 128 });
    expect(buildCalibrationRequest("p", form({ method: "weight_compression", weightMode: "INT4_SYM", ratio: "0" })).errors).toHaveProperty("ratio");
    expect(buildCalibrationRequest("p", form({ method: "weight_compression", weightMode: "INT4_SYM", groupSize: "0" })).errors).toHaveProperty("groupSize");
    expect(buildCalibrationRequest("p", form({ method: "weight_compression", weightMode: "INT4_SYM", groupSize: "" })).body).toMatchObject({ group_size: -1 });
  });

  it("accuracy-aware: the drop limit is checked and sent", () => {
    const { body } = buildCalibrationRequest("p", form({ method: "accuracy_aware", maxDrop: "0.5", dropType: "relative" }));
    expect(body).toMatchObject({ method: "accuracy_aware", max_drop: 0.5, drop_type: "relative" });
    expect(buildCalibrationRequest("p", form({ method: "accuracy_aware", maxDrop: "0" })).errors).toHaveProperty("maxDrop");
    // outside accuracy-aware the field is not checked
    expect(buildCalibrationRequest("p", form({ maxDrop: "0" })).errors).toEqual({});
  });
});

describe("describeCalibration and calibrationSummary", () => {
  it("describes the settings in one line", () => {
    expect(describeCalibration({ project_id: "p" })).toBe("default quantization · performance · compared 5 s");
    expect(
      describeCalibration({
        project_id: "p",
        preset: "mixed",
        subset_size: 8,
        model_type: "transformer",
        ignored_scope: { names: ["a"], types: ["MatMul"], patterns: [] },
        compare_seconds: 1,
      }),
    ).toBe("default quantization · mixed · 8 samples · transformer · 2 ignored-scope entries · compared 1 s");
    expect(
      describeCalibration({ project_id: "p", method: "weight_compression", weight_mode: "INT4_SYM", ratio: 0.8, group_size: 128, compare: false }),
    ).toBe("weight compression · INT4_SYM · ratio 0.8 · group 128 · not compared");
  });

  it("tags only what differs from the defaults", () => {
    expect(calibrationSummary(form())).toEqual([]);
    expect(calibrationSummary(form({ compareSeconds: "1" }))).toEqual(["compare 1 s"]);
    expect(calibrationSummary(form({ method: "accuracy_aware", subsetKind: "percent", subset: "10", ignoredTypes: "Add, MatMul" }))).toEqual([
      "accuracy-aware quantization",
      "10% of the dataset",
      "2 ignored",
    ]);
    expect(calibrationSummary(form({ method: "weight_compression", weightMode: "INT4_ASYM", compare: false }))).toEqual([
      "weight compression",
      "INT4_ASYM",
      "ratio 1",
      "group -1",
      "no comparison",
    ]);
  });
});

describe("report figures", () => {
  it("formats the size change with its sign", () => {
    expect(formatSizeChange(-0.7345)).toBe("−73%");
    expect(formatSizeChange(0.031)).toBe("+3.1%");
    expect(formatSizeChange(0)).toBe("±0%");
    expect(formatSizeChange(-0.00001)).toBe("±0%");
    expect(formatSizeChange(null)).toBe("—");
  });

  it("judges each figure in its own direction", () => {
    expect(figureTone("throughput", 1.5)).toBe("ok");
    expect(figureTone("throughput", 0.8)).toBe("bad");
    expect(figureTone("latency", 0.5)).toBe("ok");
    expect(figureTone("latency", 1.01)).toBe("muted");
    expect(figureTone("size", -0.7)).toBe("ok");
    expect(figureTone("size", 0.1)).toBe("bad");
    expect(figureTone("throughput", null)).toBe("muted");
  });

  it("lists the key figures: ratios ×, size, INT8 share, samples, NNCF seconds", () => {
    const figures = keyFigures(calibration());
    expect(figures.map((f) => [f.key, f.value, f.tone])).toEqual([
      ["throughput", "1.85×", "ok"],
      ["latency", "0.55×", "ok"],
      ["size", "−73%", "ok"],
      ["int8", "100%", "ok"],
      ["samples", "8", "muted"],
      ["seconds", "3.2 s", "muted"],
    ]);
    const notCompared = keyFigures(calibration({ report: null, settings: { project_id: "p", compare: false } }));
    expect(notCompared[0].value).toBe("—");
    expect(notCompared[0].title).toContain("without the comparison");
  });

  it("orders the precisions by time with their share", () => {
    const rows = precisionRows(calibration().report?.precision_counts);
    expect(rows.map((r) => [r.precision, r.layers, r.low])).toEqual([
      ["I8", 30, true],
      ["FP32", 3, false],
    ]);
    expect(rows[0].timeShare).toBeCloseTo(0.75);
    expect(precisionRows(null)).toEqual([]);
    expect(precisionRows([{ precision: "u8", layers: 2, time_ms: 0 }])).toEqual([
      { precision: "u8", layers: 2, timeMs: 0, timeShare: 0, low: true },
    ]);
  });

  it("links the child model and project and the Compare page, parent as A", () => {
    expect(calibrationLinks(calibration())).toEqual({
      childModel: "/models/mdl_child",
      childProject: "/projects/prj_child",
      parentModel: "/models/mdl_parent",
      compareBenchmarks: "/compare?a=benchmark_a&b=benchmark_b",
      compareProfiles: "/compare?a=profile_a&b=profile_b",
    });
    const early = calibrationLinks(calibration({ child_model_id: null, child_project_id: null, report: null }));
    expect(early).toEqual({ childModel: null, childProject: null, parentModel: "/models/mdl_parent", compareBenchmarks: null, compareProfiles: null });
  });
});

describe("headline, outcome and steps", () => {
  it("leads with the verdict, the error or where the job is", () => {
    expect(calibrationHeadline(calibration(), job({ status: "succeeded" })).text).toMatch(/^INT8: 1.85x throughput/);
    const failed = job({ status: "failed", stage: "calibration failed", progress: 0.12, error: { code: "calibration.not_float", message: "m" } });
    expect(calibrationHeadline(calibration({ report: null }), failed)).toEqual({
      text: "The calibration failed at step 3 of 9 (NNCF: statistics and quantization).",
      tone: "bad",
    });
    const cancelled = job({ status: "cancelled", stage: "cancelled", progress: 0.75 });
    expect(calibrationHeadline(calibration({ report: null }), cancelled).text).toBe(
      "The calibration was cancelled at step 7 of 9 (Benchmark the parent).",
    );
    expect(calibrationHeadline(calibration({ report: null }), job({ stage: "registering the INT8 model" })).text).toBe(
      "Calibrating: registering the INT8 model…",
    );
    expect(calibrationHeadline(calibration({ report: null }), job({ status: "queued" })).tone).toBe("info");
  });

  it("sums a calibration up for the project's list", () => {
    expect(calibrationOutcome(calibration())).toBe("1.85x throughput, 0.55x median latency, -73% size, 100% of compute layers quantized");
    expect(
      calibrationOutcome(calibration({ report: null, job: job({ status: "failed", error: { code: "calibration.not_float", message: "m" } }) })),
    ).toBe("calibration.not_float");
    expect(calibrationOutcome(calibration({ report: null, job: job({ stage: "benchmarking the parent: running" }) }))).toBe(
      "benchmarking the parent: running",
    );
  });

  it("places the job among its steps by stage, or by progress for NNCF's own stages", () => {
    const states = (j: Job, compare = true) => calibrationSteps(j, compare).map((s) => `${s.key}:${s.state}`);
    expect(states(job({ stage: "registering the INT8 model", progress: 0.52 }))).toEqual([
      "resolve:done",
      "fetch:done",
      "nncf:done",
      "register:current",
      "convert:todo",
      "project:todo",
      "bench-parent:todo",
      "bench-child:todo",
      "profile:todo",
    ]);
    expect(calibrationSteps(job({ stage: "benchmarking the INT8 child: running", progress: 0.8 })).find((s) => s.state === "current")?.key).toBe(
      "bench-child",
    );
    expect(calibrationSteps(job({ stage: "ignoring 3 nodes", progress: 0.3 })).find((s) => s.state === "current")?.key).toBe("nncf");
    expect(states(job({ status: "failed", stage: "calibration failed", progress: 0.12 }), false)).toEqual([
      "resolve:done",
      "fetch:done",
      "nncf:failed",
      "register:todo",
      "convert:todo",
      "project:todo",
    ]);
    expect(calibrationSteps(job({ status: "succeeded" })).every((s) => s.state === "done")).toBe(true);
    expect(calibrationSteps(job({ status: "queued" })).every((s) => s.state === "todo")).toBe(true);
  });
});

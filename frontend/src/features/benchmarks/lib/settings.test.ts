import { describe, expect, it } from "vitest";
import type { BenchmarkSettings, TensorInfo } from "../../../api/types";
import {
  advancedSummary,
  buildBenchmarkRequest,
  buildProfileRequest,
  buildShapes,
  cleanServerMessage,
  DEFAULT_SETTINGS,
  describeSettings,
  dynamicInputs,
  effectiveHint,
  parseShape,
  runLength,
  serverErrorField,
  shapeTemplate,
  type SettingsForm,
} from "./settings";

const form = (patch: Partial<SettingsForm> = {}): SettingsForm => ({ ...DEFAULT_SETTINGS, ...patch });
const staticInput: TensorInfo = { name: "data", shape: [1, 3, 224, 224], element_type: "f32" };
const dynInput: TensorInfo = { name: "pixel_values", shape: ["?", 3, "?", "?"], element_type: "f32" };
const batchOnly: TensorInfo = { name: "ids", shape: ["?", 128], element_type: "i64" };

describe("buildBenchmarkRequest", () => {
  it("sends the defaults with every unset value explicit", () => {
    const { body, errors } = buildBenchmarkRequest(form(), [staticInput]);
    expect(errors).toEqual({});
    expect(body).toEqual({
      device: null,
      batch: null,
      infer_precision: null,
      shape: null,
      api: "async",
      hint: "THROUGHPUT",
      duration_seconds: 10,
      niter: null,
      nireq: null,
      nstreams: null,
      nthreads: null,
    });
  });

  it("sends duration_seconds null for an iterations-only run (the server would default to 10 s)", () => {
    const { body } = buildBenchmarkRequest(form({ duration: "", niter: "500" }));
    expect(body?.duration_seconds).toBeNull();
    expect(body?.niter).toBe(500);
  });

  it("keeps both limits: the run lasts until both are met", () => {
    const { body } = buildBenchmarkRequest(form({ duration: "2.5", niter: "100" }));
    expect(body).toMatchObject({ duration_seconds: 2.5, niter: 100 });
  });

  it("needs a duration or iterations", () => {
    const { body, errors } = buildBenchmarkRequest(form({ duration: "", niter: "" }));
    expect(body).toBeNull();
    expect(errors.duration).toMatch(/duration or a number of iterations/);
  });

  it("checks ranges and integers", () => {
    const { errors } = buildBenchmarkRequest(form({ duration: "0", niter: "1.5", nireq: "300", batch: "0" }));
    expect(Object.keys(errors).sort()).toEqual(["batch", "duration", "nireq", "niter"]);
  });

  it("ignores nstreams and nthreads unless the hint is NONE", () => {
    const withHint = buildBenchmarkRequest(form({ hint: "LATENCY", nstreams: "2", nthreads: "4" }));
    expect(withHint.errors).toEqual({});
    expect(withHint.body).toMatchObject({ nstreams: null, nthreads: null });
    const none = buildBenchmarkRequest(form({ hint: "NONE", nstreams: "2", nthreads: "4" }));
    expect(none.body).toMatchObject({ hint: "NONE", nstreams: 2, nthreads: 4 });
    expect(buildBenchmarkRequest(form({ hint: "NONE", nstreams: "0" })).errors.nstreams).toBeDefined();
  });

  it("runs one request with the sync API", () => {
    expect(buildBenchmarkRequest(form({ api: "sync", nireq: "4" })).errors.nireq).toMatch(/exactly one/);
    expect(buildBenchmarkRequest(form({ api: "sync", nireq: "1" })).body).toMatchObject({ api: "sync", nireq: null });
  });

  it("passes device, batch and inference precision", () => {
    const { body } = buildBenchmarkRequest(form({ device: "GPU", batch: "8", inferPrecision: "f16" }));
    expect(body).toMatchObject({ device: "GPU", batch: 8, infer_precision: "f16" });
  });

  it("requires a static shape for each dynamic input", () => {
    const missing = buildBenchmarkRequest(form(), [staticInput, dynInput]);
    expect(missing.body).toBeNull();
    expect(missing.errors["shape:pixel_values"]).toMatch(/replace each \?/);
    const ok = buildBenchmarkRequest(form({ shapes: { pixel_values: "1, 3, 384, 384" } }), [staticInput, dynInput]);
    expect(ok.body?.shape).toEqual({ pixel_values: [1, 3, 384, 384] });
  });
});

describe("shapes", () => {
  it("finds dynamic inputs", () => {
    expect(dynamicInputs([staticInput, dynInput, { name: "x", shape: [-1, 4], element_type: "f32" }]).map((i) => i.name)).toEqual([
      "pixel_values",
      "x",
    ]);
    expect(dynamicInputs(undefined)).toEqual([]);
  });

  it("templates the model's shape", () => {
    expect(shapeTemplate(["?", 3, -1, 224])).toBe("?, 3, ?, 224");
  });

  it("parses the usual spellings", () => {
    expect(parseShape("1, 3, 224, 224").dims).toEqual([1, 3, 224, 224]);
    expect(parseShape("[1,3,224,224]").dims).toEqual([1, 3, 224, 224]);
    expect(parseShape("1x3x224x224").dims).toEqual([1, 3, 224, 224]);
    expect(parseShape("1 3 224 224").dims).toEqual([1, 3, 224, 224]);
  });

  it("rejects what OpenVINO would", () => {
    expect(parseShape("").error).toMatch(/required/);
    expect(parseShape("?, 3").error).toMatch(/replace/);
    expect(parseShape("1, 0").error).toMatch(/positive/);
    expect(parseShape("1, 2.5").error).toMatch(/positive/);
    expect(parseShape("1, 3, 224", 4).error).toMatch(/4 dimensions/);
  });

  it("lets a batch fill a dynamic first dimension", () => {
    expect(buildShapes([batchOnly], {}, 8)).toEqual({ shape: null, errors: {} });
    expect(buildShapes([batchOnly], {}, null).errors["shape:ids"]).toBeDefined();
    expect(buildShapes([batchOnly], { ids: "4, 128" }, 8).shape).toEqual({ ids: [4, 128] });
    // a batch does not fix the other dimensions
    expect(buildShapes([dynInput], {}, 8).errors["shape:pixel_values"]).toBeDefined();
  });
});

describe("buildProfileRequest", () => {
  it("takes iterations and the shared settings, not the hint or streams", () => {
    const { body } = buildProfileRequest(form({ hint: "NONE", nstreams: "3", device: "CPU", batch: "2" }), "250");
    expect(body).toEqual({ device: "CPU", batch: 2, infer_precision: null, shape: null, niter: 250 });
  });

  it("needs iterations and valid shapes", () => {
    expect(buildProfileRequest(form(), "").errors.profileNiter).toBeDefined();
    expect(buildProfileRequest(form(), "2000000").errors.profileNiter).toBeDefined();
    expect(buildProfileRequest(form(), "100", [dynInput]).errors["shape:pixel_values"]).toBeDefined();
  });
});

describe("descriptions", () => {
  const settings: BenchmarkSettings = { device: "CPU", api: "async", hint: "NONE", duration_seconds: 10, niter: null };

  it("knows benchmark_app's default hint", () => {
    expect(effectiveHint({ hint: null, api: "sync" })).toBe("LATENCY");
    expect(effectiveHint({ hint: null, api: "async" })).toBe("THROUGHPUT");
    expect(effectiveHint({ hint: undefined })).toBe("THROUGHPUT");
    expect(effectiveHint({ hint: "NONE", api: "sync" })).toBe("NONE");
    expect(describeSettings({ api: "sync", hint: null, duration_seconds: 1, niter: null })).toBe("LATENCY · sync · 1 s");
  });

  it("says how long a run lasts", () => {
    expect(runLength({ duration_seconds: 10, niter: null })).toBe("10 s");
    expect(runLength({ duration_seconds: null, niter: 5000 })).toBe("5,000 iterations");
    expect(runLength({ duration_seconds: 2.5, niter: 100 })).toBe("2.5 s and 100 iterations");
  });

  it("describes settings, defaults left out", () => {
    expect(describeSettings(settings)).toBe("NONE · async · 10 s");
    expect(
      describeSettings({ ...settings, nireq: 4, nstreams: 2, nthreads: 8, batch: 2, infer_precision: "bf16", shape: { x: [1, 3] } }),
    ).toBe("NONE · async · 10 s · nireq 4 · nstreams 2 · nthreads 8 · batch 2 · bf16 · x 1×3");
  });

  it("summarises changed advanced settings", () => {
    expect(advancedSummary(DEFAULT_SETTINGS)).toEqual([]);
    expect(advancedSummary(form({ api: "sync", nireq: "4", batch: "2", nstreams: "3" }))).toEqual(["sync API", "batch 2"]);
    expect(advancedSummary(form({ hint: "NONE", nstreams: "3", device: "GPU", inferPrecision: "f16" }))).toEqual([
      "GPU",
      "nstreams 3",
      "f16",
    ]);
  });
});

describe("server errors", () => {
  it("maps a 422 location to a form field", () => {
    expect(serverErrorField(["body", "nireq"])).toBe("nireq");
    expect(serverErrorField(["body", "duration_seconds"])).toBe("duration");
    expect(serverErrorField(["body", "shape", "data"])).toBe("shape:data");
    expect(serverErrorField(["body"])).toBeNull();
    expect(serverErrorField(null)).toBeNull();
  });

  it("drops the location prefix", () => {
    expect(cleanServerMessage("body: Value error, nstreams and nthreads are low-level settings: they need hint NONE")).toBe(
      "Nstreams and nthreads are low-level settings: they need hint NONE",
    );
    expect(cleanServerMessage("body.nireq: Input should be greater than or equal to 1")).toBe(
      "Input should be greater than or equal to 1",
    );
    expect(cleanServerMessage("target local has no device GPU (it has: CPU)")).toBe("Target local has no device GPU (it has: CPU)");
  });
});

import { describe, expect, it } from "vitest";
import type { TensorInfo } from "../../../api/types";
import {
  buildConversionSettings,
  conversionFormFrom,
  conversionSummary,
  DEFAULT_CONVERSION,
  emptyInput,
  formatDims,
  parseDims,
  parseNames,
  parseNumbers,
  withPrecision,
  type ConversionForm,
} from "./conversion";

const form = (patch: Partial<ConversionForm> = {}): ConversionForm => ({ ...DEFAULT_CONVERSION, ...patch });
const input = (patch: Partial<ReturnType<typeof emptyInput>>) => ({ ...emptyInput(), ...patch });
const data0: TensorInfo = { name: "data_0", shape: [1, 3, 224, 224], element_type: "f32", layout: null };

describe("parseDims", () => {
  it("reads sizes, ? and ranges in the usual spellings", () => {
    expect(parseDims("1,3,224,224").dims).toEqual([1, 3, 224, 224]);
    expect(parseDims("1,3,?,100..300").dims).toEqual([1, 3, "?", "100..300"]);
    expect(parseDims("[1, 3, -1, 8]").dims).toEqual([1, 3, "?", 8]);
    expect(parseDims("2x3x224x224").dims).toEqual([2, 3, 224, 224]);
    expect(parseDims("  ")).toEqual({ dims: null });
  });

  it("refuses what ovc would not take", () => {
    expect(parseDims("1,0,3").error).toContain('"0"');
    expect(parseDims("1,a").error).toContain("not a size");
    expect(parseDims("1,300..100").error).toContain("lower bound");
    expect(parseDims("1.5").error).toBeDefined();
  });

  it("prints back what it reads", () => {
    expect(formatDims([1, 3, "?", "100..300", -1])).toBe("1,3,?,100..300,?");
  });
});

describe("parseNumbers and parseNames", () => {
  it("reads numbers; a scale must be positive", () => {
    expect(parseNumbers("123.675, 116.28, 103.53").values).toEqual([123.675, 116.28, 103.53]);
    expect(parseNumbers("[255]").values).toEqual([255]);
    expect(parseNumbers("1, x").error).toBeDefined();
    expect(parseNumbers("0", true).error).toContain("more than 0");
    expect(parseNumbers("0").values).toEqual([0]);
  });

  it("splits output names on commas, once each", () => {
    expect(parseNames("prob, fc7/conv:0 ,prob,")).toEqual(["prob", "fc7/conv:0"]);
    expect(parseNames("")).toEqual([]);
  });
});

describe("buildConversionSettings", () => {
  it("sends empty settings with both precisions by default", () => {
    expect(buildConversionSettings(DEFAULT_CONVERSION)).toEqual({
      settings: { inputs: [], outputs: [], precisions: ["FP32", "FP16"] },
      errors: {},
    });
  });

  it("builds one input's settings and the FP16-only choice", () => {
    const { settings, errors } = buildConversionSettings(
      form({
        inputs: [input({ name: " data_0 ", shape: "1,3,?,100..300", layout: "nchw", mean: "0.5", scale: "255", reverseChannels: true })],
        outputs: "prob",
        precisions: ["FP16"],
      }),
    );
    expect(errors).toEqual({});
    expect(settings).toEqual({
      inputs: [{ name: "data_0", shape: [1, 3, "?", "100..300"], layout: "NCHW", mean: [0.5], scale: [255], reverse_channels: true }],
      outputs: ["prob"],
      precisions: ["FP16"],
    });
  });

  it("leaves out inputs with nothing set, even named ones (the model page lists every input)", () => {
    const { settings } = buildConversionSettings(form({ inputs: [emptyInput("a"), input({ name: "b", shape: "2,3" })] }));
    expect(settings?.inputs).toEqual([{ name: "b", shape: [2, 3] }]);
  });

  it("says which field is wrong", () => {
    const { settings, errors } = buildConversionSettings(
      form({
        inputs: [input({ shape: "1,3" }), input({ name: "x", shape: "1,3,224,224", layout: "NCH" }), input({ name: "y", mean: "1" })],
        precisions: [],
      }),
    );
    expect(settings).toBeNull();
    expect(errors["input:0:name"]).toContain("name");
    expect(errors["input:1:layout"]).toContain("3 letters for a shape of 4");
    expect(errors["input:2:layout"]).toContain("need a layout with C");
    expect(errors.precisions).toContain("at least one");
  });

  it("checks names against the model's inputs when it knows them", () => {
    const { errors } = buildConversionSettings(form({ inputs: [input({ name: "nope", shape: "1" })] }), [data0]);
    expect(errors["input:0:name"]).toBe('the model has no input "nope"');
    const twice = buildConversionSettings(form({ inputs: [input({ name: "a", shape: "1" }), input({ name: "a", layout: "N" })] }));
    expect(twice.errors["input:1:name"]).toContain("twice");
  });
});

describe("conversionFormFrom and conversionSummary", () => {
  it("fills one row per model input from earlier settings", () => {
    const f = conversionFormFrom(
      { inputs: [{ name: "data_0", shape: [1, 3, "?", "100..300"], layout: "NCHW", mean: [1, 2, 3] }], outputs: ["prob"], precisions: ["FP16"] },
      [data0, { ...data0, name: "extra" }],
    );
    expect(f.inputs.map((i) => [i.name, i.shape, i.layout, i.mean])).toEqual([
      ["data_0", "1,3,?,100..300", "NCHW", "1, 2, 3"],
      ["extra", "", "", ""],
    ]);
    expect(f.outputs).toBe("prob");
    expect(f.precisions).toEqual(["FP16"]);
    expect(conversionFormFrom(null).precisions).toEqual(["FP32", "FP16"]);
  });

  it("summarises what differs from a plain conversion", () => {
    expect(conversionSummary({ inputs: [], outputs: [], precisions: ["FP32", "FP16"] })).toEqual([]);
    expect(
      conversionSummary({ inputs: [{ name: "data_0", shape: [2, 3, 224, 224], reverse_channels: true }], outputs: ["a", "b"], precisions: ["FP16"] }),
    ).toEqual(["data_0 2×3×224×224 BGR↔RGB", "cut at 2 outputs", "FP16 only"]);
  });

  it("keeps precisions in the canonical order", () => {
    expect(withPrecision(["FP16"], "FP32", true)).toEqual(["FP32", "FP16"]);
    expect(withPrecision(["FP32", "FP16"], "FP32", false)).toEqual(["FP16"]);
  });
});

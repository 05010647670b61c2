import { describe, expect, it } from "vitest";
import type { AccuracyConfig, Calibration, CalibrationReport } from "../../../api/types";
import { isUnsaved, type AccuracyDraft } from "../../accuracy/lib/draft";
import {
  accuracyCheckNote,
  accuracyRow,
  accuracyToSend,
  configDifferences,
  formatAccuracyPercent,
  formatPoints,
  settingsChoice,
  settingsFacts,
} from "./int8Settings";

const saved: AccuracyConfig = { adapter: "classification", preprocessing: { resize: "stretch", mean: [], scale: [] } };
const form: AccuracyConfig = { adapter: "classification", preprocessing: { resize: "stretch", mean: [], scale: [255] } };

describe("which accuracy settings a calibration starts with", () => {
  it("asks when the form differs from the saved settings, and only then", () => {
    const unsaved: AccuracyDraft = { config: form, saved };
    expect(isUnsaved(unsaved)).toBe(true);
    expect(settingsChoice(unsaved)).toBe("ask");
    expect(settingsChoice({ config: saved, saved: { ...saved } })).toBe("form");
    expect(settingsChoice({ config: null, saved })).toBe("ask-invalid");
    expect(settingsChoice(null)).toBe("saved"); // no form on the page: the service uses (and records) the saved ones
  });

  it("sends the form's values, or nothing for the saved settings", () => {
    const unsaved: AccuracyDraft = { config: form, saved };
    expect(accuracyToSend(unsaved, "form")).toEqual(form);
    expect(accuracyToSend(unsaved, "saved")).toBeUndefined();
    expect(accuracyToSend({ config: null, saved }, "form")).toBeUndefined();
  });

  it("says what differs", () => {
    expect(configDifferences(form, saved)).toEqual(["scale 255 (saved: none)"]);
    expect(configDifferences({ ...form, adapter: "ssd" }, saved)).toEqual(["scale 255 (saved: none)", "adapter ssd (saved: classification)"]);
    expect(configDifferences({ ...saved, confidence_threshold: 0.5 }, saved)).toEqual(["other settings"]);
    expect(configDifferences(saved, { ...saved })).toEqual([]);
  });
});

describe("the accuracy check before it runs", () => {
  it("says 'not measured' only when it will not be, and why", () => {
    const annotated = { kind: "imported", task: "classification", name: "fashion" };
    expect(accuracyCheckNote(annotated, "classification")).toMatch(/^Top-1 is measured before and after/);
    expect(accuracyCheckNote(annotated, undefined)).toMatch(/^Top-1 is measured/);
    expect(accuracyCheckNote({ kind: "random", task: null, name: "noise" }, null)).toBe("Accuracy is not measured: random inputs have no annotations.");
    expect(accuracyCheckNote({ kind: "imported", task: null, name: "photos" }, null)).toContain("“photos” has no annotations");
    expect(accuracyCheckNote({ kind: "imported", task: "object_detection", name: "coco" }, "ssd")).toContain("this dataset is object detection");
    expect(accuracyCheckNote(annotated, "boxes")).toContain("the accuracy settings use boxes");
  });
});

describe("the report's accuracy and settings", () => {
  const report = {
    verdict: "INT8: top1 89.4 % -> 89.1 % (-0.3 pt), -46% size.",
    parent_size_bytes: 100,
    child_size_bytes: 54,
    size_change: -0.46,
    accuracy: { metric: "top1", images: 300, fp32_percent: 89.4, int8_percent: 89.06666, delta_points: -0.33333 },
    settings: {
      preprocessing: "resize stretch, colour by channel count, mean none, scale 255, layout as the model declares",
      adapter: "classification",
      source: "request",
      matches_saved: false,
      dataset_id: "ds_1",
      dataset: "500 imported images (classification)",
      subset_size: 100,
      validation_images: 300,
      check_precision: "f32",
      check_cpu_isa: "AVX2",
      benchmark_precision: "bf16",
      cpu_isa: "AMX",
    },
  } as CalibrationReport;

  it("shows FP32 and INT8 in percent and the change in points, never raw fractions", () => {
    expect(accuracyRow(report)).toEqual({ metric: "Top-1", fp32: "89.4 %", int8: "89.1 %", change: "−0.3 pt", tone: "ok" });
    expect(accuracyRow({ accuracy: { ...report.accuracy!, delta_points: -2.04 } })?.tone).toBe("warn");
    expect(accuracyRow({ accuracy: { ...report.accuracy!, delta_points: -5 } })).toMatchObject({ change: "−5.0 pt", tone: "bad" });
    expect(accuracyRow({ accuracy: null })).toBeNull();
    expect(formatPoints(0.04)).toBe("±0.0 pt");
    expect(formatPoints(1.25)).toBe("+1.3 pt");
    expect(formatAccuracyPercent(null)).toBe("—");
  });

  it("states the settings it was measured with", () => {
    const facts = Object.fromEntries(settingsFacts({ report, accuracy_settings: null } as Pick<Calibration, "report" | "accuracy_settings">));
    expect(facts["Settings from"]).toBe("the values in the accuracy form, sent with the calibration (not the saved settings)");
    expect(facts["Pre-processing"]).toContain("scale 255");
    expect(facts["Statistics on"]).toBe("100 samples");
    expect(facts["Accuracy check"]).toBe("300 images in f32 on AVX2");
    expect(facts["Benchmarks"]).toBe("parent in bf16 on a CPU with AMX");
    expect(settingsFacts({ report: null, accuracy_settings: null } as Pick<Calibration, "report" | "accuracy_settings">)).toEqual([]);
  });
});

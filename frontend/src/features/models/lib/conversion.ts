/**
 * Conversion settings (ovc / ov.convert_model / PrePostProcessor): the form's text state → a
 * ConversionSettings body plus per-field errors, and a short summary. Shared by the upload form, the
 * re-conversion and the "derive a child model" forms. Pure; tested in conversion.test.ts.
 */
import type { ConversionSettings, Dim, InputSetting, Precision, TensorInfo } from "../../../api/types";
import { PRECISIONS } from "../../../api/types";

export interface InputForm {
  name: string;
  /** "1,3,224,224", "1,3,?,100..300" */
  shape: string;
  /** "NCHW" */
  layout: string;
  /** "123.675, 116.28, 103.53" or one number for every channel */
  mean: string;
  scale: string;
  reverseChannels: boolean;
}

export interface ConversionForm {
  inputs: InputForm[];
  /** output names to cut the model at, comma-separated */
  outputs: string;
  precisions: Precision[];
}

export type FieldErrors = Record<string, string>;

export const emptyInput = (name = ""): InputForm => ({
  name,
  shape: "",
  layout: "",
  mean: "",
  scale: "",
  reverseChannels: false,
});

/** The upload form: one unnamed input, both precisions. */
export const DEFAULT_CONVERSION: ConversionForm = { inputs: [emptyInput()], outputs: "", precisions: ["FP32", "FP16"] };

/** A dimension as typed back: 1, ?, 100..300 */
export function formatDim(dim: Dim): string {
  return typeof dim === "number" ? (dim < 0 ? "?" : String(dim)) : dim;
}

export function formatDims(dims: readonly Dim[]): string {
  return dims.map(formatDim).join(",");
}

/** "1,3,?,100..300" (also "[1, 3, 224, 224]", "1x3x224x224", -1 for ?) → [1, 3, "?", "100..300"]. */
export function parseDims(text: string): { dims: Dim[] | null; error?: string } {
  const t = text.trim().replace(/^\[|\]$/g, "").trim();
  if (t === "") return { dims: null };
  const parts = t.split(/\s*[,x×]\s*|\s+/).filter((p) => p !== "");
  const dims: Dim[] = [];
  for (const part of parts) {
    if (part === "?" || part === "-1") {
      dims.push("?");
      continue;
    }
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (lo > hi) return { dims: null, error: `range ${part}: the lower bound is above the upper one` };
      dims.push(`${lo}..${hi}`);
      continue;
    }
    if (!/^\d+$/.test(part) || Number(part) < 1) {
      return { dims: null, error: `"${part}" is not a size, ? or a range like 1..8` };
    }
    dims.push(Number(part));
  }
  return { dims };
}

/** "123.675, 116.28, 103.53" → numbers; `positive` refuses 0 and below (a scale divides). */
export function parseNumbers(text: string, positive = false): { values: number[] | null; error?: string } {
  const t = text.trim().replace(/^\[|\]$/g, "").trim();
  if (t === "") return { values: null };
  const parts = t.split(/\s*[,;]\s*|\s+/).filter((p) => p !== "");
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v))) return { values: null, error: "numbers separated by commas" };
  if (positive && values.some((v) => v <= 0)) return { values: null, error: "each value must be more than 0" };
  if (values.length > 16) return { values: null, error: "at most 16 values (one per channel)" };
  return { values };
}

/** "out1, out2" → ["out1", "out2"], each once. */
export function parseNames(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== ""))];
}

const hasAny = (i: InputForm) =>
  i.shape.trim() !== "" || i.layout.trim() !== "" || i.mean.trim() !== "" || i.scale.trim() !== "" || i.reverseChannels;

/** Keep the precisions in the canonical order (FP32, FP16). */
export function withPrecision(list: readonly Precision[], precision: Precision, on: boolean): Precision[] {
  const set = new Set(list);
  if (on) set.add(precision);
  else set.delete(precision);
  return PRECISIONS.filter((p) => set.has(p));
}

/**
 * The request body for the form, or the reasons it cannot be sent. Error keys: `input:<i>:<field>`,
 * `outputs`, `precisions`. Inputs with nothing set are left out; with `knownInputs` (the model's) a name
 * must be one of them.
 */
export function buildConversionSettings(
  form: ConversionForm,
  knownInputs?: readonly TensorInfo[],
): { settings: ConversionSettings | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const inputs: InputSetting[] = [];
  const names = new Set<string>();
  form.inputs.forEach((input, i) => {
    const key = (field: string) => `input:${i}:${field}`;
    const name = input.name.trim();
    if (!hasAny(input)) return;
    if (!name) {
      errors[key("name")] = "the input's name (as the model calls it)";
    } else if (names.has(name)) {
      errors[key("name")] = "this input is set twice";
    } else if (knownInputs && knownInputs.length > 0 && !knownInputs.some((t) => t.name === name)) {
      errors[key("name")] = `the model has no input "${name}"`;
    }
    names.add(name);
    const setting: InputSetting = { name };
    const shape = parseDims(input.shape);
    if (shape.error) errors[key("shape")] = shape.error;
    else if (shape.dims) setting.shape = shape.dims;
    const layout = input.layout.trim().toUpperCase();
    if (layout) {
      if (!/^[A-Z?]{1,8}$/.test(layout)) errors[key("layout")] = "letters like NCHW or NHWC (? for an unnamed dimension)";
      else if (new Set(layout.replace(/\?/g, "")).size !== layout.replace(/\?/g, "").length) {
        errors[key("layout")] = "each letter once";
      } else if (shape.dims && shape.dims.length !== layout.length) {
        errors[key("layout")] = `${layout.length} letters for a shape of ${shape.dims.length} dimensions`;
      } else setting.layout = layout;
    }
    const mean = parseNumbers(input.mean);
    if (mean.error) errors[key("mean")] = mean.error;
    else if (mean.values) setting.mean = mean.values;
    const scale = parseNumbers(input.scale, true);
    if (scale.error) errors[key("scale")] = scale.error;
    else if (scale.values) setting.scale = scale.values;
    if (input.reverseChannels) setting.reverse_channels = true;
    const channelWork = mean.values || scale.values || input.reverseChannels;
    if (channelWork && !layout.includes("C") && !errors[key("layout")]) {
      errors[key("layout")] = "mean, scale and reverse channels need a layout with C, e.g. NCHW";
    }
    inputs.push(setting);
  });
  if (form.precisions.length === 0) errors.precisions = "choose at least one precision";
  const outputs = parseNames(form.outputs);
  if (outputs.length > 64) errors.outputs = "at most 64 outputs";
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  return { settings: { inputs, outputs, precisions: PRECISIONS.filter((p) => form.precisions.includes(p)) }, errors };
}

/** The form for settings sent before (re-conversion starts from the model's current settings). */
export function conversionFormFrom(settings: ConversionSettings | null | undefined, modelInputs?: readonly TensorInfo[]): ConversionForm {
  const given = settings?.inputs ?? [];
  const fromSetting = (s: InputSetting): InputForm => ({
    name: s.name,
    shape: s.shape ? formatDims(s.shape) : "",
    layout: s.layout ?? "",
    mean: s.mean ? s.mean.join(", ") : "",
    scale: s.scale ? s.scale.join(", ") : "",
    reverseChannels: s.reverse_channels ?? false,
  });
  let inputs: InputForm[];
  if (modelInputs && modelInputs.length > 0) {
    // one row per input of the model, filled from the settings that name it
    inputs = modelInputs.map((t) => {
      const s = given.find((g) => g.name === t.name);
      return s ? fromSetting(s) : emptyInput(t.name);
    });
    for (const s of given) if (!modelInputs.some((t) => t.name === s.name)) inputs.push(fromSetting(s));
  } else {
    inputs = given.length > 0 ? given.map(fromSetting) : [emptyInput()];
  }
  const precisions = settings?.precisions && settings.precisions.length > 0 ? [...settings.precisions] : ["FP32" as const, "FP16" as const];
  return { inputs, outputs: (settings?.outputs ?? []).join(", "), precisions: PRECISIONS.filter((p) => precisions.includes(p)) };
}

/** Short tags for settings: "data_0 1×3×?×100..300", "NCHW", "mean", "cut at 2 outputs", "FP16 only". */
export function conversionSummary(settings: ConversionSettings | null | undefined): string[] {
  if (!settings) return [];
  const out: string[] = [];
  for (const input of settings.inputs ?? []) {
    const parts = [input.name];
    if (input.shape) parts.push(input.shape.map(formatDim).join("×"));
    if (input.layout) parts.push(input.layout);
    if (input.mean) parts.push("mean");
    if (input.scale) parts.push("scale");
    if (input.reverse_channels) parts.push("BGR↔RGB");
    if (parts.length > 1) out.push(parts.join(" "));
  }
  const outputs = settings.outputs ?? [];
  if (outputs.length > 0) out.push(outputs.length === 1 ? `cut at ${outputs[0]}` : `cut at ${outputs.length} outputs`);
  const precisions = settings.precisions ?? PRECISIONS;
  if (precisions.length === 1) out.push(`${precisions[0]} only`);
  return out;
}

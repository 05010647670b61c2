/**
 * The "Optimize to INT8" form: its text state, defaults, limits and help, and the CalibrationCreate body
 * (with per-field errors) built from it. Pure; tested in calibration.test.ts.
 */
import type { CalibrationCreate, CalibrationMethod, QuantizationPreset, WeightMode } from "../../../api/types";
import type { FieldErrors } from "../../benchmarks/lib/settings";

export type SubsetKind = "default" | "size" | "percent";
export type DropType = NonNullable<CalibrationCreate["drop_type"]>;

/** What the form holds: text as typed ("" = the API's default), and the choices. */
export interface CalibrationForm {
  name: string;
  method: CalibrationMethod;
  preset: QuantizationPreset;
  /** "default": NNCF's own (300 samples or the whole dataset when smaller) */
  subsetKind: SubsetKind;
  subset: string;
  fastBiasCorrection: boolean;
  transformer: boolean;
  /** comma-separated */
  ignoredNames: string;
  ignoredTypes: string;
  ignoredPatterns: string;
  maxDrop: string;
  dropType: DropType;
  weightMode: WeightMode;
  ratio: string;
  groupSize: string;
  compare: boolean;
  compareSeconds: string;
}

/** The one-click defaults: default quantization, preset performance, the parent and child compared. */
export const DEFAULT_CALIBRATION: CalibrationForm = {
  name: "",
  method: "default",
  preset: "performance",
  subsetKind: "default",
  subset: "",
  fastBiasCorrection: true,
  transformer: false,
  ignoredNames: "",
  ignoredTypes: "",
  ignoredPatterns: "",
  maxDrop: "0.01",
  dropType: "absolute",
  weightMode: "INT8_ASYM",
  ratio: "1",
  groupSize: "-1",
  compare: true,
  compareSeconds: "5",
};

export const CALIBRATION_LIMITS = {
  name: 200,
  subsetSize: 100_000,
  compareSeconds: { min: 0.5, max: 120 },
  groupSize: 4096,
  maxDrop: 100,
  names: 1000,
  types: 100,
  patterns: 100,
} as const;

export const METHOD_LABELS: Record<CalibrationMethod, string> = {
  default: "default quantization",
  accuracy_aware: "accuracy-aware quantization",
  weight_compression: "weight compression",
};

export const PRESET_HELP: Record<QuantizationPreset, string> = {
  performance: "symmetric weights and activations: the fastest",
  mixed: "symmetric weights, asymmetric activations: for activations not centred on 0 (ReLU-free, GELU)",
};

export const WEIGHT_MODE_HELP: Record<WeightMode, string> = {
  INT8_ASYM: "8-bit weights with a zero point",
  INT8_SYM: "8-bit weights, symmetric",
  INT4_SYM: "4-bit weights, symmetric; the ratio of layers in INT4, the rest INT8",
  INT4_ASYM: "4-bit weights with a zero point; the ratio of layers in INT4, the rest INT8",
};

/** The method quantizes activations too (it needs samples, a preset, an ignored scope). */
export function usesSamples(method: CalibrationMethod): boolean {
  return method !== "weight_compression";
}

export function isInt4(mode: WeightMode): boolean {
  return mode.startsWith("INT4");
}

/**
 * A comma-separated list → its trimmed, non-empty items. Commas inside brackets stay (a regular
 * expression's `{1,3}` or `[a,b]`), so patterns can be typed as they are.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  let escaped = false;
  for (const ch of text) {
    if (escaped) {
      current += ch;
      escaped = false;
      continue;
    }
    if (ch === "\\") {
      current += ch;
      escaped = true;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
    if (ch === "," && depth === 0) {
      items.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The form → the request body, or null with the reason for each field in error. Only the fields the
 * method uses are checked; the others are sent with the API's defaults (so a half-typed INT4 ratio does
 * not block default quantization).
 */
export function buildCalibrationRequest(
  projectId: string,
  form: CalibrationForm,
): { body: CalibrationCreate | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const samples = usesSamples(form.method);

  const name = form.name.trim();
  if (name.length > CALIBRATION_LIMITS.name) errors.name = `at most ${CALIBRATION_LIMITS.name} characters`;

  let subsetSize: number | null = null;
  let subsetPercent: number | null = null;
  if (samples && form.subsetKind !== "default") {
    const n = parseNumber(form.subset);
    if (form.subsetKind === "size") {
      if (n === null || !Number.isInteger(n) || n < 1 || n > CALIBRATION_LIMITS.subsetSize) {
        errors.subset = `a number of samples from 1 to ${CALIBRATION_LIMITS.subsetSize.toLocaleString("en-US")}`;
      } else subsetSize = n;
    } else if (n === null || n <= 0 || n > 100) {
      errors.subset = "a share of the dataset: more than 0, at most 100 (%)";
    } else subsetPercent = n;
  }

  const scope = {
    names: samples ? splitList(form.ignoredNames) : [],
    types: samples ? splitList(form.ignoredTypes) : [],
    patterns: samples ? splitList(form.ignoredPatterns) : [],
  };
  if (scope.names.length > CALIBRATION_LIMITS.names) errors.ignoredNames = `at most ${CALIBRATION_LIMITS.names} names`;
  if (scope.types.length > CALIBRATION_LIMITS.types) errors.ignoredTypes = `at most ${CALIBRATION_LIMITS.types} types`;
  if (scope.patterns.length > CALIBRATION_LIMITS.patterns) errors.ignoredPatterns = `at most ${CALIBRATION_LIMITS.patterns} patterns`;

  let maxDrop = 0.01;
  if (form.method === "accuracy_aware") {
    const n = parseNumber(form.maxDrop);
    if (n === null || n <= 0 || n > CALIBRATION_LIMITS.maxDrop) errors.maxDrop = `more than 0, at most ${CALIBRATION_LIMITS.maxDrop}`;
    else maxDrop = n;
  }

  let ratio = 1;
  let groupSize = -1;
  if (form.method === "weight_compression" && isInt4(form.weightMode)) {
    const r = parseNumber(form.ratio);
    if (r === null || r <= 0 || r > 1) errors.ratio = "a share of the layers: more than 0, at most 1";
    else ratio = r;
    const g = form.groupSize.trim() === "" ? -1 : parseNumber(form.groupSize);
    if (g === null || !Number.isInteger(g) || g === 0 || g < -1 || g > CALIBRATION_LIMITS.groupSize) {
      errors.groupSize = `-1 (per channel) or 1 to ${CALIBRATION_LIMITS.groupSize} weights per scale`;
    } else groupSize = g;
  }

  let compareSeconds = 5;
  if (form.compare) {
    const { min, max } = CALIBRATION_LIMITS.compareSeconds;
    const n = parseNumber(form.compareSeconds);
    if (n === null || n < min || n > max) errors.compareSeconds = `seconds, from ${min} to ${max}`;
    else compareSeconds = n;
  }

  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    body: {
      project_id: projectId,
      name,
      method: form.method,
      preset: samples ? form.preset : "performance",
      subset_size: subsetSize,
      subset_percent: subsetPercent,
      fast_bias_correction: samples ? form.fastBiasCorrection : true,
      model_type: samples && form.transformer ? "transformer" : null,
      ignored_scope: scope,
      max_drop: maxDrop,
      drop_type: form.method === "accuracy_aware" ? form.dropType : "absolute",
      weight_mode: form.method === "weight_compression" ? form.weightMode : "INT8_ASYM",
      ratio,
      group_size: groupSize,
      compare: form.compare,
      compare_seconds: compareSeconds,
    },
    errors,
  };
}

/**
 * INT8 calibration (NNCF): the "Optimize to INT8" form's text state → a CalibrationCreate body plus
 * per-field errors, a one-line description of a calibration's settings, and the report's figures
 * (ratios, size change, INT8 share, time by runtime precision) and links. Pure; tested in calibration.test.ts.
 */
import type {
  Calibration,
  CalibrationCreate,
  CalibrationMethod,
  CalibrationReport,
  Job,
  PrecisionCount,
  QuantizationPreset,
  WeightMode,
} from "../../../api/types";
import { compareUrl, formatRatio, ratioTone } from "../../compare/lib/compare";
import { DASH, formatNumber, formatPercent, isJobFinished } from "../../../shared/lib/format";
import { normalizePrecision } from "../../../shared/graph/graph";
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

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function scopeParts(scope: CalibrationCreate["ignored_scope"]): string | null {
  if (!scope) return null;
  const n = (scope.names?.length ?? 0) + (scope.types?.length ?? 0) + (scope.patterns?.length ?? 0);
  if (n === 0) return null;
  return n === 1 ? "1 ignored-scope entry" : `${n.toLocaleString("en-US")} ignored-scope entries`;
}

/** One line for a calibration's settings: "default quantization · performance · 8 samples · compared 1 s". */
export function describeCalibration(s: Partial<Omit<CalibrationCreate, "accuracy">>): string {
  const method: CalibrationMethod = s.method ?? "default";
  const parts: string[] = [METHOD_LABELS[method]];
  if (method === "weight_compression") {
    const mode = s.weight_mode ?? "INT8_ASYM";
    parts.push(mode);
    if (isInt4(mode)) {
      parts.push(`ratio ${s.ratio ?? 1}`);
      parts.push((s.group_size ?? -1) === -1 ? "per channel" : `group ${s.group_size}`);
    }
  } else {
    parts.push(s.preset ?? "performance");
    if (s.subset_size != null) parts.push(plural(s.subset_size, "sample"));
    else if (s.subset_percent != null) parts.push(`${s.subset_percent}% of the dataset`);
    if (s.fast_bias_correction === false) parts.push("full bias correction");
    if (s.model_type === "transformer") parts.push("transformer");
    const scope = scopeParts(s.ignored_scope);
    if (scope) parts.push(scope);
    if (method === "accuracy_aware") parts.push(`max drop ${s.max_drop ?? 0.01} ${s.drop_type ?? "absolute"}`);
  }
  parts.push(s.compare === false ? "not compared" : `compared ${s.compare_seconds ?? 5} s`);
  return parts.join(" · ");
}

/** Tags for the settings that differ from the one-click defaults (shown while "Advanced" is closed). */
export function calibrationSummary(form: CalibrationForm): string[] {
  const tags: string[] = [];
  if (form.method !== "default") tags.push(METHOD_LABELS[form.method]);
  if (form.method === "weight_compression") {
    tags.push(form.weightMode);
    if (isInt4(form.weightMode)) tags.push(`ratio ${form.ratio.trim() || "1"}`, `group ${form.groupSize.trim() || "-1"}`);
  } else {
    if (form.preset !== "performance") tags.push(`preset ${form.preset}`);
    if (form.subsetKind === "size" && form.subset.trim()) tags.push(`${form.subset.trim()} samples`);
    if (form.subsetKind === "percent" && form.subset.trim()) tags.push(`${form.subset.trim()}% of the dataset`);
    if (!form.fastBiasCorrection) tags.push("full bias correction");
    if (form.transformer) tags.push("transformer");
    const scope = splitList(form.ignoredNames).length + splitList(form.ignoredTypes).length + splitList(form.ignoredPatterns).length;
    if (scope > 0) tags.push(`${scope} ignored`);
  }
  if (!form.compare) tags.push("no comparison");
  else if (form.compareSeconds.trim() !== DEFAULT_CALIBRATION.compareSeconds) tags.push(`compare ${form.compareSeconds.trim() || "?"} s`);
  if (form.name.trim()) tags.push(`“${form.name.trim()}”`);
  return tags;
}

// ---------- the report ----------

/** A size change (child / parent − 1) with its sign: −0.74 → "−74%", 0.031 → "+3.1%", 0 → "±0%". */
export function formatSizeChange(change: number | null | undefined): string {
  if (change == null || !Number.isFinite(change)) return DASH;
  const pct = change * 100;
  const abs = Math.abs(pct);
  const text = abs >= 10 ? Math.round(abs).toString() : abs.toFixed(1).replace(/\.0$/, "");
  if (text === "0") return "±0%";
  return `${pct < 0 ? "−" : "+"}${text}%`;
}

/** "1.85×" (a ratio B / A); "—" when not measured. */
export const formatTimes = formatRatio;

/** Whether a ratio of the report is good news: throughput up, latency down, size down. */
export function figureTone(kind: "throughput" | "latency" | "size", value: number | null | undefined): "ok" | "bad" | "muted" {
  if (kind === "size") return value == null || !Number.isFinite(value) || Math.abs(value) < 0.02 ? "muted" : value < 0 ? "ok" : "bad";
  return ratioTone(value, kind === "throughput");
}

export interface KeyFigure {
  key: "throughput" | "latency" | "size" | "int8" | "samples" | "seconds";
  label: string;
  value: string;
  /** the raw number, for data-value */
  raw: number | null;
  tone: "ok" | "bad" | "muted";
  title: string;
}

/** The report's key figures in display order; ratios are child / parent. */
export function keyFigures(c: Pick<Calibration, "report" | "stats" | "settings">): KeyFigure[] {
  const r = c.report ?? null;
  const s = c.stats ?? null;
  const compared = c.settings.compare !== false;
  const notMeasured = compared ? "not measured" : "the calibration was started without the comparison";
  const quantized = s ? `${s.quantized_layers ?? 0} of ${s.compute_layers ?? 0} compute layers quantized` : "";
  return [
    {
      key: "throughput",
      label: "Throughput vs parent",
      value: formatTimes(r?.throughput_ratio),
      raw: r?.throughput_ratio ?? null,
      tone: figureTone("throughput", r?.throughput_ratio),
      title: r?.throughput_ratio != null ? "the INT8 child's throughput / the parent's (higher is better)" : notMeasured,
    },
    {
      key: "latency",
      label: "Latency vs parent",
      value: formatTimes(r?.latency_median_ratio),
      raw: r?.latency_median_ratio ?? null,
      tone: figureTone("latency", r?.latency_median_ratio),
      title: r?.latency_median_ratio != null ? "the child's median latency / the parent's (lower is better)" : notMeasured,
    },
    {
      key: "size",
      label: "Size vs parent",
      value: formatSizeChange(r?.size_change),
      raw: r?.size_change ?? null,
      tone: figureTone("size", r?.size_change),
      title: r ? "the child's IR (.xml + .bin) against the parent's FP32 IR" : "",
    },
    {
      key: "int8",
      label: "INT8 share",
      value: r?.int8_share != null ? formatPercent(r.int8_share) : DASH,
      raw: r?.int8_share ?? null,
      tone: r?.int8_share == null ? "muted" : r.int8_share >= 0.8 ? "ok" : "bad",
      title: quantized || "compute layers quantized / compute layers",
    },
    {
      key: "samples",
      label: "Samples",
      value: s ? (s.samples ?? 0).toLocaleString("en-US") : DASH,
      raw: s?.samples ?? null,
      tone: "muted",
      title: "inputs NNCF collected statistics on (weight compression needs none)",
    },
    {
      key: "seconds",
      label: "NNCF time",
      value: s ? `${formatNumber(s.seconds ?? 0, 1)} s` : DASH,
      raw: s?.seconds ?? null,
      tone: "muted",
      title: "seconds NNCF took to quantize (statistics, bias correction)",
    },
  ];
}

export interface PrecisionRow {
  precision: string;
  layers: number;
  timeMs: number;
  /** of the child's total layer time */
  timeShare: number;
  /** an integer precision (I8, U8, I4, U4) */
  low: boolean;
}

const LOW_BIT = new Set(["I8", "U8", "I4", "U4", "NF4"]);

/** precision_counts → rows with their share of the time, the slowest first. */
export function precisionRows(counts: readonly PrecisionCount[] | null | undefined): PrecisionRow[] {
  const rows = (counts ?? []).map((c) => ({ precision: c.precision, layers: c.layers, timeMs: c.time_ms }));
  const total = rows.reduce((sum, r) => sum + Math.max(0, r.timeMs), 0);
  return rows
    .map((r) => ({
      ...r,
      timeShare: total > 0 ? Math.max(0, r.timeMs) / total : 0,
      low: LOW_BIT.has(normalizePrecision(r.precision)),
    }))
    .sort((a, b) => b.timeMs - a.timeMs || b.layers - a.layers || a.precision.localeCompare(b.precision));
}

export interface CalibrationLinks {
  childModel: string | null;
  childProject: string | null;
  parentModel: string | null;
  compareBenchmarks: string | null;
  compareProfiles: string | null;
}

/** Where the report leads: the child model and project, and the Compare page (parent = A, child = B). */
export function calibrationLinks(c: Pick<Calibration, "child_model_id" | "child_project_id" | "parent_model_id" | "report">): CalibrationLinks {
  const r: Partial<CalibrationReport> = c.report ?? {};
  return {
    childModel: c.child_model_id ? `/models/${c.child_model_id}` : null,
    childProject: c.child_project_id ? `/projects/${c.child_project_id}` : null,
    parentModel: c.parent_model_id ? `/models/${c.parent_model_id}` : null,
    compareBenchmarks: r.parent_benchmark_id && r.child_benchmark_id ? compareUrl(r.parent_benchmark_id, r.child_benchmark_id) : null,
    compareProfiles: r.parent_profile_id && r.child_profile_id ? compareUrl(r.parent_profile_id, r.child_profile_id) : null,
  };
}

/**
 * The verdict line of a calibration in any state: the report's; for a failed or cancelled job the step
 * where it stopped (the error's code and message are shown next to it); or where the job is.
 */
export function calibrationHeadline(
  c: Pick<Calibration, "report" | "settings">,
  job: Pick<Job, "status" | "stage" | "progress">,
): {
  text: string;
  tone: "ok" | "warn" | "bad" | "info";
} {
  if (c.report?.verdict) return { text: c.report.verdict, tone: "ok" };
  if (job.status === "failed" || job.status === "cancelled") {
    const steps = calibrationSteps(job, c.settings.compare !== false);
    const at = steps.findIndex((s) => s.state === "failed");
    const where = at >= 0 ? ` at step ${at + 1} of ${steps.length} (${steps[at].label})` : "";
    return job.status === "failed"
      ? { text: `The calibration failed${where}.`, tone: "bad" }
      : { text: `The calibration was cancelled${where}.`, tone: "warn" };
  }
  if (job.status === "succeeded") return { text: "Finished: loading the report…", tone: "info" };
  if (job.status === "queued") return { text: "Waiting for the calibration service…", tone: "info" };
  return { text: `Calibrating: ${job.stage || "starting"}…`, tone: "info" };
}

/** The short outcome for the project's list: verdict without its "INT8: " label, the error code, or the stage. */
export function calibrationOutcome(c: Pick<Calibration, "report" | "job">): string {
  if (c.report?.verdict) return c.report.verdict.replace(/^[\w-]+:\s*/, "").replace(/;\s*accuracy not measured.*$/, "");
  if (c.job.status === "failed") return c.job.error?.code ?? "failed";
  if (isJobFinished(c.job)) return c.job.status;
  return c.job.stage || c.job.status;
}

// ---------- the job's steps ----------

interface StepDef {
  key: string;
  label: string;
  /** the job's stage starts with one of these while the step runs */
  prefixes: readonly string[];
  /** the job's progress when the step starts */
  from: number;
  /** only with the comparison */
  compare?: boolean;
}

export const CALIBRATION_STEPS: readonly StepDef[] = [
  { key: "resolve", label: "Resolve the project and its dataset", prefixes: ["starting", "resolving the project"], from: 0 },
  { key: "fetch", label: "Fetch the parent's FP32 IR", prefixes: ["fetching the parent"], from: 0.05 },
  {
    key: "nncf",
    label: "NNCF: statistics and quantization",
    prefixes: ["collecting statistics", "compressing weights", "quantizing", "loading"],
    from: 0.1,
  },
  { key: "register", label: "Register the INT8 model", prefixes: ["registering"], from: 0.52 },
  { key: "convert", label: "Convert the child", prefixes: ["converting the child"], from: 0.55 },
  { key: "project", label: "Create the child project", prefixes: ["creating the child project"], from: 0.66 },
  { key: "bench-parent", label: "Benchmark the parent", prefixes: ["benchmarking the parent"], from: 0.7, compare: true },
  { key: "bench-child", label: "Benchmark the INT8 child", prefixes: ["benchmarking the int8 child", "benchmarking the child"], from: 0.78, compare: true },
  { key: "profile", label: "Profile the layers of both", prefixes: ["profiling"], from: 0.86, compare: true },
];

export type StepState = "done" | "current" | "todo" | "failed";

export interface Step {
  key: string;
  label: string;
  state: StepState;
}

/**
 * Where a calibration job is, as a list of steps: the current one found by its stage (or, for stages
 * NNCF reports in its own words, by the progress), those before it done.
 */
export function calibrationSteps(job: Pick<Job, "status" | "stage" | "progress">, compare = true): Step[] {
  const defs = CALIBRATION_STEPS.filter((s) => compare || !s.compare);
  if (job.status === "succeeded") return defs.map((d) => ({ key: d.key, label: d.label, state: "done" }));
  if (job.status === "queued") return defs.map((d) => ({ key: d.key, label: d.label, state: "todo" }));
  const stage = (job.stage ?? "").toLowerCase();
  let current = defs.findIndex((d) => d.prefixes.some((p) => stage.startsWith(p)));
  if (current < 0) {
    const progress = job.progress ?? 0;
    current = 0;
    defs.forEach((d, i) => {
      if (progress >= d.from) current = i;
    });
  }
  const stopped = job.status === "failed" || job.status === "cancelled";
  return defs.map((d, i) => ({
    key: d.key,
    label: d.label,
    state: i < current ? "done" : i === current ? (stopped ? "failed" : "current") : "todo",
  }));
}

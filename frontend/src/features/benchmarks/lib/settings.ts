/**
 * Benchmark settings as benchmark_app names them (-d, -api, -hint, -nireq, -nstreams, -nthreads, -b,
 * -infer_precision, -t, -niter, -shape): the form's text state → a request body plus per-field errors,
 * and the one-line description of a run's settings. Pure; tested in settings.test.ts.
 */
import { ApiError } from "../../../shared/api/errors";
import type {
  BenchmarkCreate,
  BenchmarkSettings,
  InferenceApi,
  InferPrecision,
  LayerProfileCreate,
  PerformanceHint,
  TensorInfo,
} from "../../../api/types";

/** What the form holds: text as typed, so that "" (= let the runtime decide) stays distinct from 0. */
export interface SettingsForm {
  duration: string;
  niter: string;
  hint: PerformanceHint;
  api: InferenceApi;
  nireq: string;
  nstreams: string;
  nthreads: string;
  batch: string;
  inferPrecision: InferPrecision | "";
  /** "" = the project's device */
  device: string;
  /** by input name, e.g. "1, 3, 224, 224" */
  shapes: Record<string, string>;
}

export const DEFAULT_SETTINGS: SettingsForm = {
  duration: "10",
  niter: "",
  hint: "THROUGHPUT",
  api: "async",
  nireq: "",
  nstreams: "",
  nthreads: "",
  batch: "",
  inferPrecision: "",
  device: "",
  shapes: {},
};

/** Field keys for errors: the form's names, and `shape:<input>` for one shape field. */
export type FieldErrors = Record<string, string>;

export const LIMITS = {
  duration: 3600,
  niter: 10_000_000,
  profileNiter: 1_000_000,
  nireq: 256,
  nstreams: 256,
  nthreads: 1024,
  batch: 4096,
} as const;

/** nstreams and nthreads are low-level settings that only mean something without a performance hint. */
export function lowLevelAllowed(hint: PerformanceHint): boolean {
  return hint === "NONE";
}

export const LOW_LEVEL_REASON = "only with hint NONE: a hint chooses streams and threads itself";
export const SYNC_NIREQ_REASON = "the sync API runs exactly one infer request";

/** "" → null; otherwise an integer in [min, max] or an error message. */
export function parseInteger(text: string, min: number, max: number): { value: number | null; error?: string } {
  const t = text.trim();
  if (t === "") return { value: null };
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    return { value: null, error: `an integer from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}` };
  }
  return { value: n };
}

/** "" → null; otherwise a number in (0, max] or an error message. */
export function parsePositive(text: string, max: number): { value: number | null; error?: string } {
  const t = text.trim();
  if (t === "") return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0 || n > max) return { value: null, error: `more than 0, at most ${max}` };
  return { value: n };
}

export function isDynamicDim(dim: number | string): boolean {
  return typeof dim !== "number" || dim < 0;
}

/** Inputs with at least one dynamic dimension ("?" from the model service, or a negative number). */
export function dynamicInputs(inputs: readonly TensorInfo[] | undefined): TensorInfo[] {
  return (inputs ?? []).filter((i) => i.shape.some(isDynamicDim));
}

/** The text a shape field starts with: the model's shape, "?" where a size must be chosen. */
export function shapeTemplate(shape: ReadonlyArray<number | string>): string {
  return shape.map((d) => (isDynamicDim(d) ? "?" : String(d))).join(", ");
}

/** "1, 3, 224, 224", "[1,3,224,224]" or "1x3x224x224" → [1, 3, 224, 224]. */
export function parseShape(text: string, rank?: number): { dims: number[] | null; error?: string } {
  const t = text.trim().replace(/^\[|\]$/g, "").trim();
  if (t === "") return { dims: null, error: "required: the model has dynamic dimensions" };
  const parts = t.split(/\s*[,x×]\s*|\s+/).filter((p) => p !== "");
  if (parts.some((p) => p === "?" || p === "-1")) return { dims: null, error: "replace each ? with a size" };
  const dims = parts.map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) return { dims: null, error: "sizes must be positive integers" };
  if (rank !== undefined && rank > 0 && dims.length !== rank) {
    return { dims: null, error: `the input has ${rank} dimensions, not ${dims.length}` };
  }
  return { dims };
}

/**
 * Shapes for the dynamic inputs. An input whose only dynamic dimension is the first one needs no shape
 * when a batch is given (the batch sets that dimension), but may still have one.
 */
export function buildShapes(
  inputs: readonly TensorInfo[] | undefined,
  texts: Record<string, string>,
  batch: number | null,
): { shape: Record<string, number[]> | null; errors: FieldErrors } {
  const shape: Record<string, number[]> = {};
  const errors: FieldErrors = {};
  for (const input of dynamicInputs(inputs)) {
    const text = texts[input.name] ?? shapeTemplate(input.shape);
    const onlyBatchDynamic = input.shape.length > 0 && input.shape.slice(1).every((d) => !isDynamicDim(d));
    if (batch !== null && onlyBatchDynamic && text.trim() === shapeTemplate(input.shape)) continue;
    const parsed = parseShape(text, input.shape.length);
    if (parsed.dims) shape[input.name] = parsed.dims;
    else errors[`shape:${input.name}`] = parsed.error ?? "invalid shape";
  }
  return { shape: Object.keys(shape).length > 0 ? shape : null, errors };
}

/** The settings every kind of run shares (what runs where): device, batch, precision, shapes. */
function commonSettings(form: SettingsForm, inputs: readonly TensorInfo[] | undefined) {
  const errors: FieldErrors = {};
  const batch = parseInteger(form.batch, 1, LIMITS.batch);
  if (batch.error) errors.batch = batch.error;
  const shapes = buildShapes(inputs, form.shapes, batch.value);
  Object.assign(errors, shapes.errors);
  return {
    errors,
    body: {
      device: form.device.trim() || null,
      batch: batch.value,
      infer_precision: form.inferPrecision || null,
      shape: shapes.shape,
    },
  };
}

/** The benchmark request for the form, or the reasons it cannot be sent (by field). */
export function buildBenchmarkRequest(
  form: SettingsForm,
  inputs?: readonly TensorInfo[],
): { body: BenchmarkCreate | null; errors: FieldErrors } {
  const common = commonSettings(form, inputs);
  const errors: FieldErrors = { ...common.errors };
  const duration = parsePositive(form.duration, LIMITS.duration);
  if (duration.error) errors.duration = duration.error;
  const niter = parseInteger(form.niter, 1, LIMITS.niter);
  if (niter.error) errors.niter = niter.error;
  if (!duration.error && !niter.error && duration.value === null && niter.value === null) {
    errors.duration = "give a duration or a number of iterations (or both)";
  }
  const nireq = parseInteger(form.nireq, 1, LIMITS.nireq);
  if (nireq.error) errors.nireq = nireq.error;
  else if (form.api === "sync" && nireq.value !== null && nireq.value !== 1) errors.nireq = SYNC_NIREQ_REASON;
  const lowLevel = lowLevelAllowed(form.hint);
  const nstreams = lowLevel ? parseInteger(form.nstreams, 1, LIMITS.nstreams) : { value: null };
  if (nstreams.error) errors.nstreams = nstreams.error;
  const nthreads = lowLevel ? parseInteger(form.nthreads, 1, LIMITS.nthreads) : { value: null };
  if (nthreads.error) errors.nthreads = nthreads.error;
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    errors,
    body: {
      ...common.body,
      api: form.api,
      hint: form.hint,
      // sent explicitly: an absent duration means the server's default of 10 s, not "iterations only"
      duration_seconds: duration.value,
      niter: niter.value,
      nireq: form.api === "sync" ? null : nireq.value,
      nstreams: nstreams.value,
      nthreads: nthreads.value,
    },
  };
}

/** A layer-profile request: its iterations, plus device, batch, precision and shapes from the form. */
export function buildProfileRequest(
  form: SettingsForm,
  niterText: string,
  inputs?: readonly TensorInfo[],
): { body: LayerProfileCreate | null; errors: FieldErrors } {
  const common = commonSettings(form, inputs);
  const errors: FieldErrors = { ...common.errors };
  const niter = parseInteger(niterText, 1, LIMITS.profileNiter);
  if (niter.error) errors.profileNiter = niter.error;
  else if (niter.value === null) errors.profileNiter = "how many inferences to profile";
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return { errors, body: { ...common.body, niter: niter.value } };
}

/** Advanced settings that differ from the defaults, for the collapsed "Advanced" summary. */
export function advancedSummary(form: SettingsForm): string[] {
  const out: string[] = [];
  if (form.device) out.push(form.device);
  if (form.api !== "async") out.push(`${form.api} API`);
  if (form.nireq.trim() && form.api !== "sync") out.push(`nireq ${form.nireq.trim()}`);
  if (lowLevelAllowed(form.hint)) {
    if (form.nstreams.trim()) out.push(`nstreams ${form.nstreams.trim()}`);
    if (form.nthreads.trim()) out.push(`nthreads ${form.nthreads.trim()}`);
  }
  if (form.batch.trim()) out.push(`batch ${form.batch.trim()}`);
  if (form.inferPrecision) out.push(form.inferPrecision);
  const shapes = Object.values(form.shapes).filter((s) => s.trim() && !s.includes("?"));
  if (shapes.length > 0) out.push(`${shapes.length} shape${shapes.length > 1 ? "s" : ""}`);
  return out;
}

/** How long a run lasts: "10 s", "500 iterations", or "10 s and 500 iterations". */
export function runLength(settings: Pick<BenchmarkSettings, "duration_seconds" | "niter">): string {
  const parts: string[] = [];
  if (settings.duration_seconds != null) parts.push(`${trim(settings.duration_seconds)} s`);
  if (settings.niter != null) parts.push(`${settings.niter.toLocaleString("en-US")} iterations`);
  return parts.join(" and ") || "—";
}

const trim = (n: number) => String(Number(n.toFixed(2)));

/** The hint a run used: the one given, else benchmark_app's default (LATENCY for sync, THROUGHPUT for async). */
export function effectiveHint(settings: Pick<BenchmarkSettings, "hint" | "api">): PerformanceHint {
  return settings.hint ?? (settings.api === "sync" ? "LATENCY" : "THROUGHPUT");
}

/** A run's settings in one line, defaults left out: "THROUGHPUT · async · 10 s · nireq 4 · batch 2". */
export function describeSettings(settings: BenchmarkSettings): string {
  const parts: string[] = [effectiveHint(settings), settings.api ?? "async", runLength(settings)];
  if (settings.nireq != null) parts.push(`nireq ${settings.nireq}`);
  if (settings.nstreams != null) parts.push(`nstreams ${settings.nstreams}`);
  if (settings.nthreads != null) parts.push(`nthreads ${settings.nthreads}`);
  if (settings.batch != null) parts.push(`batch ${settings.batch}`);
  if (settings.infer_precision) parts.push(settings.infer_precision);
  for (const [name, dims] of Object.entries(settings.shape ?? {})) parts.push(`${name} ${dims.join("×")}`);
  return parts.join(" · ");
}

const SERVER_FIELDS: Record<string, string> = {
  duration_seconds: "duration",
  niter: "niter",
  nireq: "nireq",
  nstreams: "nstreams",
  nthreads: "nthreads",
  batch: "batch",
  device: "device",
  infer_precision: "inferPrecision",
  api: "api",
  hint: "hint",
};

/** The form field a 422's `loc` (["body", "nireq"]) points at, if any. */
export function serverErrorField(loc: readonly (string | number)[] | null | undefined): string | null {
  if (!loc || loc[0] !== "body" || loc.length < 2) return null;
  const field = String(loc[1]);
  if (field === "shape") return loc.length > 2 ? `shape:${String(loc[2])}` : "shape";
  return SERVER_FIELDS[field] ?? null;
}

/** A validation message without its location prefix: "body: Value error, x" → "x". */
export function cleanServerMessage(message: string): string {
  const cleaned = message.replace(/^body(\.[\w.\-[\]]+)?:\s*/, "").replace(/^Value error,\s*/, "");
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

/** The server's 422 as a field error (when it names one) and a cleaned message for the box. */
export function serverError(error: unknown): { field: string | null; display: unknown } {
  if (!(error instanceof ApiError) || error.status !== 422) return { field: null, display: error };
  return { field: serverErrorField(error.loc), display: new ApiError(error.status, error.code, cleanServerMessage(error.message), error.loc) };
}

/** Field errors of the settings that a layer profile shares with benchmarks, for the profile form. */
export function sharedErrorList(errors: FieldErrors): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === "batch" || k.startsWith("shape:"))
    .map(([k, v]) => (k.startsWith("shape:") ? `shape of ${k.slice(6)}: ${v}` : `${k}: ${v}`));
}

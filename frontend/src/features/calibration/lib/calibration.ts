/**
 * A calibration's settings in one line, and its report: figures (ratios, size change, INT8 share, time by
 * runtime precision), links, headline and outcome. Pure; tested in calibration.test.ts.
 */
import type { Calibration, CalibrationCreate, CalibrationMethod, CalibrationReport, Job, PrecisionCount } from "../../../api/types";
import { compareUrl, formatRatio, ratioTone } from "../../compare/lib/compare";
import { DASH, formatNumber, formatPercent, isJobFinished } from "../../../shared/lib/format";
import { normalizePrecision } from "../../../shared/graph/graph";
import { calibrationSteps } from "./steps";
import { type CalibrationForm, DEFAULT_CALIBRATION, METHOD_LABELS, isInt4, splitList } from "./calibrationForm";

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

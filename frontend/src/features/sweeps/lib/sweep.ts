/**
 * Sweeps: the batch × streams picker's state → the points the server will run (in its order) and the
 * request body, the time estimate, progress parsing, the result chart's series and heatmap, the points
 * table's sort, and the CSV export. Pure; tested in sweep.test.ts.
 */
import type { SweepCreate, SweepPoint, TensorInfo } from "../../../api/types";
import { buildShapes, parsePositive, type FieldErrors, type SettingsForm } from "../../benchmarks/lib/settings";

/** Batch rows of the picker: powers of two (custom values are added next to them). */
export const BATCH_CHOICES: readonly number[] = [1, 2, 4, 8, 16, 32];
/** Streams columns of the picker. */
export const STREAM_CHOICES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** The server's limits (SweepCreate, MAX_POINTS in the profiler service). */
export const SWEEP_LIMITS = {
  points: 64,
  axisValues: 16,
  batch: 4096,
  nstreams: 256,
  nireq: 256,
  duration: 600,
} as const;

/** Compile + first inference per point, as the server estimates it. */
export const OVERHEAD_PER_POINT_SECONDS = 1.5;

export interface SweepForm {
  batches: number[];
  streams: number[];
  /** custom batch values shown as extra rows (selected or not) */
  customBatches: number[];
  /** "1, 2, 4": infer requests per point; "" = as the device suggests */
  nireqs: string;
  /** seconds per point */
  duration: string;
  /** "" = no limit */
  latencyLimit: string;
}

export const DEFAULT_SWEEP: SweepForm = {
  batches: [1],
  streams: [1, 2],
  customBatches: [],
  nireqs: "",
  duration: "3",
  latencyLimit: "",
};

/** A point as the picker predicts it (the server's SweepPoint, before it runs). */
export interface PlannedPoint {
  index: number;
  batch: number | null;
  nstreams: number | null;
  nireq: number | null;
}

const byNumber = (a: number, b: number) => a - b;

/** Add a value to a sorted set of values, or take it out. */
export function toggleValue(values: readonly number[], value: number): number[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value].sort(byNumber);
}

/** The choices up to and including `value`: a click on a cell selects the rectangle from (1, 1) to it. */
export function upTo(choices: readonly number[], value: number): number[] {
  return choices.filter((c) => c <= value).sort(byNumber);
}

/** The batch rows of the picker: the powers of two and the custom values, sorted, each once. */
export function batchRows(customBatches: readonly number[]): number[] {
  return [...new Set([...BATCH_CHOICES, ...customBatches])].sort(byNumber);
}

/** "1, 2, 4" (commas, spaces or both) → [1, 2, 4]: unique, sorted, each an integer in [min, max]. */
export function parseIntList(text: string, min: number, max: number): { values: number[]; error?: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== "");
  const values: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < min || n > max) {
      return { values: [], error: `integers from ${min} to ${max.toLocaleString("en-US")}, e.g. 1, 2, 4` };
    }
    if (!values.includes(n)) values.push(n);
  }
  return { values: values.sort(byNumber) };
}

/**
 * Every combination, in the server's order: batch, then streams, then requests (the last changes fastest).
 * An empty axis keeps the base setting (null), as the server's grid does.
 */
export function gridPoints(
  batches: readonly number[],
  streams: readonly number[],
  nireqs: readonly number[] = [],
): PlannedPoint[] {
  const axis = (values: readonly number[]): (number | null)[] => (values.length > 0 ? [...values] : [null]);
  const points: PlannedPoint[] = [];
  for (const batch of axis(batches))
    for (const nstreams of axis(streams))
      for (const nireq of axis(nireqs)) points.push({ index: points.length, batch, nstreams, nireq });
  return points;
}

/** How long a sweep takes, as the server estimates it: each point's duration plus 1.5 s to compile. */
export function estimateSeconds(points: number, durationSeconds: number): number {
  return points * (durationSeconds + OVERHEAD_PER_POINT_SECONDS);
}

/** A rough duration: "45 s", "2 min 30 s", "1 h 5 min". */
export function formatEstimate(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

/** A latency limit as typed: "" → null (no limit), else a positive number of milliseconds. */
export function parseLatencyLimit(text: string): { value: number | null; error?: string } {
  const t = text.trim();
  if (t === "") return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return { value: null, error: "milliseconds, more than 0" };
  return { value: n };
}

export interface SweepPlan {
  body: SweepCreate | null;
  errors: FieldErrors;
  points: PlannedPoint[];
  /** seconds, client-side; null while the duration is invalid */
  estimate: number | null;
}

/**
 * The sweep request for the picker, or why it cannot be sent. Device, inference precision and shapes come
 * from the benchmark form's Advanced settings (as for a layer profile); batch and streams from the grid.
 * The API stays async: explicit streams set the hint to NONE on the server, and nireq needs async.
 */
export function buildSweepRequest(
  sweep: SweepForm,
  settings: Pick<SettingsForm, "device" | "inferPrecision" | "shapes">,
  inputs?: readonly TensorInfo[],
): SweepPlan {
  const errors: FieldErrors = {};
  if (sweep.batches.length === 0) errors.batches = "pick at least one batch";
  else if (sweep.batches.length > SWEEP_LIMITS.axisValues) errors.batches = `at most ${SWEEP_LIMITS.axisValues} batch values`;
  if (sweep.streams.length === 0) errors.streams = "pick at least one streams value";
  else if (sweep.streams.length > SWEEP_LIMITS.axisValues) errors.streams = `at most ${SWEEP_LIMITS.axisValues} streams values`;
  const nireqs = parseIntList(sweep.nireqs, 1, SWEEP_LIMITS.nireq);
  if (nireqs.error) errors.nireqs = nireqs.error;
  else if (nireqs.values.length > SWEEP_LIMITS.axisValues) errors.nireqs = `at most ${SWEEP_LIMITS.axisValues} values`;
  const duration = parsePositive(sweep.duration, SWEEP_LIMITS.duration);
  if (duration.error) errors.duration = duration.error;
  else if (duration.value === null) errors.duration = "seconds per point";
  const limit = parseLatencyLimit(sweep.latencyLimit);
  if (limit.error) errors.latencyLimit = limit.error;
  // a batch on the grid sets the first dimension; only the other dynamic dimensions need a shape
  const shapes = buildShapes(inputs, settings.shapes, sweep.batches[0] ?? null);
  Object.assign(errors, shapes.errors);

  const points = gridPoints(sweep.batches, sweep.streams, nireqs.values);
  if (!errors.batches && !errors.streams && points.length > SWEEP_LIMITS.points) {
    errors.points = `${points.length} points: at most ${SWEEP_LIMITS.points}`;
  }
  const estimate = duration.value !== null ? estimateSeconds(points.length, duration.value) : null;
  if (Object.keys(errors).length > 0) return { body: null, errors, points, estimate };
  return {
    errors,
    points,
    estimate,
    body: {
      batches: [...sweep.batches],
      streams: [...sweep.streams],
      nireqs: nireqs.values,
      duration_seconds: duration.value,
      latency_limit_ms: limit.value,
      api: "async",
      device: settings.device.trim() || null,
      infer_precision: settings.inferPrecision || null,
      shape: shapes.shape,
    },
  };
}

/**
 * How many points are stored, from the job's stage: "point 3/4 done" → 3, "point 3/4: batch 2 (measuring)"
 * → 2 (the two before it). null when the stage says nothing about points. Counting (rather than matching
 * "done" events) stays right when a fast stream coalesces events.
 */
export function pointsDoneFromStage(stage: string | null | undefined): number | null {
  if (!stage) return null;
  const done = /^point (\d+)\/(\d+) done/.exec(stage);
  if (done) return Number(done[1]);
  const running = /^point (\d+)\/(\d+):/.exec(stage);
  if (running) return Math.max(0, Number(running[1]) - 1);
  return null;
}

type PointAxes = Pick<SweepPoint, "batch" | "nstreams" | "nireq">;

/** "batch 2 × 4 streams × 8 requests", as the server's verdict describes a point. */
export function describePoint(p: PointAxes): string {
  const parts: string[] = [];
  if (p.batch != null) parts.push(`batch ${p.batch}`);
  if (p.nstreams != null) parts.push(`${p.nstreams} stream${p.nstreams === 1 ? "" : "s"}`);
  if (p.nireq != null) parts.push(`${p.nireq} request${p.nireq === 1 ? "" : "s"}`);
  return parts.join(" × ") || "base settings";
}

/** "b2 · s4 · r8": a point in a few characters (chart labels, chips). */
export function shortPoint(p: PointAxes): string {
  const parts: string[] = [];
  if (p.batch != null) parts.push(`b${p.batch}`);
  if (p.nstreams != null) parts.push(`s${p.nstreams}`);
  if (p.nireq != null) parts.push(`r${p.nireq}`);
  return parts.join(" · ") || "base";
}

/** The distinct values of one axis among the points, sorted; null (the base setting) last. */
export function axisValues(points: readonly PointAxes[], axis: "batch" | "nstreams" | "nireq"): (number | null)[] {
  const values = [...new Set(points.map((p) => p[axis]))];
  return values.sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
}

/** "batch 1, 2, 4 × streams 1–8 × requests auto": the grid of a sweep in one line. */
export function describeGrid(points: readonly PointAxes[]): string {
  const list = (values: (number | null)[]): string => {
    const nums = values.filter((v): v is number => v !== null);
    if (nums.length === 0) return "auto";
    const consecutive = nums.length > 2 && nums.every((v, i) => i === 0 || v === nums[i - 1] + 1);
    return consecutive ? `${nums[0]}–${nums[nums.length - 1]}` : nums.join(", ");
  };
  const parts = [`batch ${list(axisValues(points, "batch"))}`, `streams ${list(axisValues(points, "nstreams"))}`];
  const nireqs = axisValues(points, "nireq");
  if (nireqs.some((v) => v !== null)) parts.push(`requests ${list(nireqs)}`);
  return parts.join(" × ");
}

export function isMeasured(p: SweepPoint): p is SweepPoint & { throughput_fps: number; latency_median_ms: number } {
  return p.status === "done" && p.throughput_fps != null && p.latency_median_ms != null;
}

/** Within the limit as the server judges it (median latency ≤ limit); every point is when there is none. */
export function withinLimit(p: SweepPoint, limitMs: number | null | undefined): boolean {
  return limitMs == null || (p.latency_median_ms ?? 0) <= limitMs;
}

export interface ChartPoint {
  /** [median latency ms, throughput FPS, point index] */
  value: [number, number, number];
  point: SweepPoint;
}

export interface ChartSeries {
  /** legend name: "batch 2", or "batch 2 · 4 requests" when requests vary too */
  name: string;
  batch: number | null;
  nireq: number | null;
  points: ChartPoint[];
}

/**
 * The throughput-vs-latency chart: the measured points, one line per batch (and per request count when
 * that varies), each joined in grid order, i.e. by growing streams.
 */
export function sweepSeries(points: readonly SweepPoint[]): ChartSeries[] {
  const nireqsVary = axisValues(points, "nireq").length > 1;
  const groups = new Map<string, ChartSeries>();
  for (const p of [...points].sort((a, b) => a.index - b.index)) {
    if (!isMeasured(p)) continue;
    const key = `${p.batch}|${nireqsVary ? p.nireq : ""}`;
    let series = groups.get(key);
    if (!series) {
      const name = [
        p.batch != null ? `batch ${p.batch}` : "base batch",
        nireqsVary ? (p.nireq != null ? `${p.nireq} req` : "auto req") : null,
      ]
        .filter(Boolean)
        .join(" · ");
      series = { name, batch: p.batch, nireq: nireqsVary ? p.nireq : null, points: [] };
      groups.set(key, series);
    }
    series.points.push({ value: [p.latency_median_ms, p.throughput_fps, p.index], point: p });
  }
  return [...groups.values()];
}

/** The x axis of the chart reaches past the slowest point and past the limit line, with some room. */
export function latencyAxisMax(points: readonly SweepPoint[], limitMs: number | null): number {
  const latencies = points.filter(isMeasured).map((p) => p.latency_median_ms);
  const top = Math.max(0, ...latencies, limitMs ?? 0);
  return top > 0 ? niceCeil(top * 1.12) : 1;
}

/** The next "round" number at or above x: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const exp = Math.floor(Math.log10(x));
  const base = 10 ** exp;
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const v = step * base;
    if (v >= x * (1 - 1e-9)) return Number(v.toPrecision(12));
  }
  return 10 * base;
}

export interface Heatmap {
  batches: number[];
  streams: number[];
  /** [streams column, batch row, best FPS of that cell (over the request counts), index of that point] */
  cells: [number, number, number, number][];
  min: number;
  max: number;
}

/** FPS over batch × streams; null unless both axes have more than one (numeric) value. */
export function sweepHeatmap(points: readonly SweepPoint[]): Heatmap | null {
  const batches = axisValues(points, "batch").filter((v): v is number => v !== null);
  const streams = axisValues(points, "nstreams").filter((v): v is number => v !== null);
  if (batches.length < 2 || streams.length < 2) return null;
  const best = new Map<string, SweepPoint & { throughput_fps: number }>();
  for (const p of points) {
    if (!isMeasured(p) || p.batch == null || p.nstreams == null) continue;
    const key = `${p.batch}|${p.nstreams}`;
    const current = best.get(key);
    if (!current || p.throughput_fps > current.throughput_fps) best.set(key, p);
  }
  const cells: Heatmap["cells"] = [];
  for (const p of best.values()) {
    cells.push([streams.indexOf(p.nstreams as number), batches.indexOf(p.batch as number), p.throughput_fps, p.index]);
  }
  const values = cells.map((c) => c[2]);
  return {
    batches,
    streams,
    cells,
    min: values.length ? Math.min(...values) : 0,
    max: values.length ? Math.max(...values) : 0,
  };
}

export type PointSortKey = "index" | "batch" | "nstreams" | "nireq" | "status" | "throughput_fps" | "latency_median_ms" | "latency_p90_ms";

export interface PointSort {
  key: PointSortKey;
  dir: "asc" | "desc";
}

export const DEFAULT_POINT_SORT: PointSort = { key: "index", dir: "asc" };

/** Sorted copy; missing values (pending points, auto settings) last either way; ties keep grid order. */
export function sortPoints(points: readonly SweepPoint[], sort: PointSort): SweepPoint[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...points].sort((a, b) => {
    const va = a[sort.key] ?? null;
    const vb = b[sort.key] ?? null;
    if (va === null && vb === null) return a.index - b.index;
    if (va === null) return 1;
    if (vb === null) return -1;
    const cmp = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return cmp !== 0 ? sign * cmp : a.index - b.index;
  });
}

/** A header click: the same column flips; figures start with the largest, settings with the smallest. */
export function nextPointSort(current: PointSort, key: PointSortKey): PointSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: key === "throughput_fps" ? "desc" : "asc" };
}

export const SWEEP_CSV_COLUMNS = [
  "index",
  "batch",
  "nstreams",
  "nireq",
  "status",
  "throughput_fps",
  "latency_median_ms",
  "latency_p90_ms",
  "within_limit",
  "sweet_spot",
  "error",
] as const;

/** The points as CSV (',' separated, one header row; empty cells for auto settings and missing figures). */
export function sweepCsv(sweep: { points: readonly SweepPoint[]; sweet_spot?: number | null; latency_limit_ms?: number | null }): string {
  const cell = (v: string | number | boolean | null | undefined): string => {
    if (v == null) return "";
    const text = typeof v === "boolean" ? (v ? "true" : "false") : String(v);
    return /[,;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows = sweep.points.map((p) =>
    [
      p.index,
      p.batch,
      p.nstreams,
      p.nireq,
      p.status,
      p.throughput_fps,
      p.latency_median_ms,
      p.latency_p90_ms,
      isMeasured(p) ? withinLimit(p, sweep.latency_limit_ms) : null,
      p.index === sweep.sweet_spot,
      p.error,
    ]
      .map(cell)
      .join(","),
  );
  return [SWEEP_CSV_COLUMNS.join(","), ...rows, ""].join("\n");
}

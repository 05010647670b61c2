/**
 * Comparing two runs (two benchmarks or two layer profiles, B against A): which selections can be compared,
 * ratios and their tone, the per-layer delta table's filter and sort, the diverging bars by layer type, and
 * the list of runs to pick from. Pure; tested in compare.test.ts.
 */
import type { Benchmark, LayerDelta, LayerProfilePublic, Project } from "../../../api/types";
import { DASH, formatNumber } from "../../../shared/lib/format";
import { projectWeights } from "../../../shared/lib/precision";

export type RunKind = "benchmark" | "profile";

/** The kind of a run from its id ("benchmark_…", "profile_…"); null for anything else (sweeps). */
export function runKind(id: string): RunKind | null {
  if (id.startsWith("benchmark_")) return "benchmark";
  if (id.startsWith("profile_")) return "profile";
  return null;
}

export function runPath(id: string): string {
  return runKind(id) === "profile" ? `/layer-profiles/${id}` : `/benchmarks/${id}`;
}

export function compareUrl(a: string, b: string): string {
  return `/compare?${new URLSearchParams({ a, b }).toString()}`;
}

export interface SelectedRun {
  id: string;
  kind: RunKind;
  /** ISO time the run was created: the older one is A, the baseline */
  createdAt: string;
}

export interface CompareSelection {
  canCompare: boolean;
  /** why the button is disabled, or what it will do */
  hint: string;
  a: string | null;
  b: string | null;
}

/** Exactly two runs of the same kind can be compared; the older is A (the baseline), the newer B. */
export function compareSelection(selected: readonly SelectedRun[]): CompareSelection {
  const none = { a: null, b: null };
  if (selected.length === 0) return { canCompare: false, hint: "tick two benchmarks or two layer profiles", ...none };
  if (selected.length === 1) {
    return { canCompare: false, hint: `tick one more ${selected[0].kind === "profile" ? "layer profile" : "benchmark"}`, ...none };
  }
  if (selected.length > 2) return { canCompare: false, hint: `${selected.length} runs ticked: compare two at a time`, ...none };
  const [x, y] = selected;
  if (x.kind !== y.kind) return { canCompare: false, hint: "a benchmark and a layer profile cannot be compared", ...none };
  const [a, b] = Date.parse(x.createdAt) <= Date.parse(y.createdAt) ? [x, y] : [y, x];
  return { canCompare: true, hint: "the older run is A, the newer B", a: a.id, b: b.id };
}

/** Tick or untick a run. */
export function toggleSelected(selected: readonly SelectedRun[], run: SelectedRun): SelectedRun[] {
  return selected.some((s) => s.id === run.id) ? selected.filter((s) => s.id !== run.id) : [...selected, run];
}

/** "1.23×"; two decimals, three below 0.1. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return "—";
  return `${ratio.toFixed(ratio < 0.1 ? 3 : 2)}×`;
}

/** Within ±2 % counts as the same: run-to-run noise. */
export const SAME_WITHIN = 0.02;

/** Whether B is better, worse or about the same as A by this ratio (B / A). */
export function ratioTone(ratio: number | null | undefined, higherIsBetter: boolean): "ok" | "bad" | "muted" {
  if (ratio == null || !Number.isFinite(ratio) || Math.abs(ratio - 1) <= SAME_WITHIN) return "muted";
  return ratio > 1 === higherIsBetter ? "ok" : "bad";
}

/** B / A when both are there and A is not zero. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  return a != null && b != null && a !== 0 ? b / a : null;
}

/** Δ as a fraction of A's time; null when the layer is new in B (or A spent no time on it). */
export function deltaFraction(row: Pick<LayerDelta, "a_ms" | "delta_ms">): number | null {
  return row.a_ms != null && row.a_ms > 0 ? row.delta_ms / row.a_ms : null;
}

/** Changes under a nanosecond are no change (sums of floats). */
const EPSILON_MS = 1e-6;

/** green: B is faster on this row, red: slower. */
export function deltaTone(deltaMs: number): "faster" | "slower" | "same" {
  if (Math.abs(deltaMs) < EPSILON_MS) return "same";
  return deltaMs < 0 ? "faster" : "slower";
}

/** "BF16", or "BF16 → FP16" when the precision changed; "—" for a side without the layer. */
export function precisionChange(row: Pick<LayerDelta, "a_precision" | "b_precision">): string {
  const a = row.a_precision ?? "—";
  const b = row.b_precision ?? "—";
  return a === b ? a : `${a} → ${b}`;
}

export interface DeltaFilter {
  /** matched, case-insensitively, against the layer name and type */
  text: string;
  /** "" = any */
  type: string;
  /** hide rows whose |Δ| is below this many ms; "" = show all */
  threshold: string;
  /** only rows whose precision differs between A and B */
  precisionChanged: boolean;
}

export const EMPTY_DELTA_FILTER: DeltaFilter = { text: "", type: "", threshold: "", precisionChanged: false };

/** The threshold as typed: "" → 0; a negative or non-number → an error (and no filtering). */
export function parseThreshold(text: string): { value: number; error?: string } {
  const t = text.trim();
  if (t === "") return { value: 0 };
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) return { value: 0, error: "milliseconds, 0 or more" };
  return { value: n };
}

export function filterDeltas(rows: readonly LayerDelta[], filter: DeltaFilter): LayerDelta[] {
  const needle = filter.text.trim().toLowerCase();
  const threshold = parseThreshold(filter.threshold).value;
  return rows.filter((r) => {
    if (threshold > 0 && Math.abs(r.delta_ms) < threshold) return false;
    if (filter.type && r.type !== filter.type) return false;
    if (filter.precisionChanged && (r.a_precision ?? null) === (r.b_precision ?? null)) return false;
    if (!needle) return true;
    return r.key.toLowerCase().includes(needle) || r.type.toLowerCase().includes(needle);
  });
}

export type DeltaSortKey = "key" | "type" | "a_ms" | "b_ms" | "delta_ms" | "abs_delta" | "delta_pct" | "precision";

export interface DeltaSort {
  key: DeltaSortKey;
  dir: "asc" | "desc";
}

/** The largest changes first, either way: as the server sends them. */
export const DEFAULT_DELTA_SORT: DeltaSort = { key: "abs_delta", dir: "desc" };

function deltaSortValue(r: LayerDelta, key: DeltaSortKey): number | string | null {
  switch (key) {
    case "abs_delta":
      return Math.abs(r.delta_ms);
    case "delta_pct":
      return deltaFraction(r);
    case "precision":
      return precisionChange(r);
    default:
      return r[key] ?? null;
  }
}

/** Sorted copy; missing values (a layer only one side has) last either way; ties keep the input order. */
export function sortDeltas(rows: readonly LayerDelta[], sort: DeltaSort): LayerDelta[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = deltaSortValue(x.row, sort.key);
      const b = deltaSortValue(y.row, sort.key);
      if (a === null && b === null) return x.index - y.index;
      if (a === null) return 1;
      if (b === null) return -1;
      const cmp = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "en", { numeric: true });
      return cmp !== 0 ? sign * cmp : x.index - y.index;
    })
    .map((x) => x.row);
}

export function nextDeltaSort(current: DeltaSort, key: DeltaSortKey): DeltaSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: key === "key" || key === "type" || key === "precision" ? "asc" : key === "delta_ms" ? "asc" : "desc" };
}

export interface DivergingBar {
  key: string;
  value: number;
  tone: "faster" | "slower" | "same";
}

/** The by-type deltas for the diverging bar chart, largest |Δ| first (top), at most `limit` types. */
export function divergingBars(rows: readonly LayerDelta[], limit = 14): DivergingBar[] {
  return [...rows]
    .sort((a, b) => Math.abs(b.delta_ms) - Math.abs(a.delta_ms))
    .slice(0, limit)
    .map((r) => ({ key: r.key, value: r.delta_ms, tone: deltaTone(r.delta_ms) }));
}

/** The distinct layer types among the rows with how many each has, most first. */
export function deltaTypes(rows: readonly LayerDelta[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** A finished run that can be picked for a comparison. */
export interface RunCandidate {
  id: string;
  kind: RunKind;
  projectId: string;
  projectName: string;
  precision: string;
  device: string;
  targetId: string;
  createdAt: string;
  /** FPS for a benchmark, layer time (ms / inference) for a profile */
  figure: number;
  /** a benchmark's median latency */
  latencyMs: number | null;
}

/**
 * The finished runs of every project (benchmarks with a result, or profiles with one), newest first.
 * `runs[i]` holds the runs of `projects[i]` (undefined while loading).
 */
export function runCandidates(
  kind: RunKind,
  projects: readonly Pick<Project, "id" | "name" | "precision" | "variant_label" | "device" | "target_id">[],
  runs: readonly (readonly (Benchmark | LayerProfilePublic)[] | undefined)[],
): RunCandidate[] {
  const out: RunCandidate[] = [];
  projects.forEach((p, i) => {
    for (const run of runs[i] ?? []) {
      const base = {
        id: run.id,
        kind,
        projectId: p.id,
        projectName: p.name || p.id,
        precision: projectWeights(p),
        device: run.settings.device ?? p.device,
        targetId: p.target_id,
        createdAt: run.job.created_at,
      };
      if (kind === "benchmark" && "result" in run && run.result) {
        out.push({ ...base, figure: run.result.throughput_fps, latencyMs: run.result.latency.median });
      } else if (kind === "profile" && "profile" in run && run.profile) {
        out.push({ ...base, figure: run.profile.total_real_time_ms, latencyMs: null });
      }
    }
  });
  return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Milliseconds with three decimals (a dash when missing), and signed differences for the delta columns. */
export const ms3 = (v: number | null | undefined) => (v == null ? DASH : formatNumber(v, 3, true));
export const signedMs = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatNumber(Math.abs(v), 3, true)}`;
export const signedPct = (f: number | null) =>
  f == null ? DASH : `${f > 0 ? "+" : f < 0 ? "−" : "±"}${Math.abs(f * 100).toFixed(Math.abs(f) < 0.1 ? 1 : 0)}%`;

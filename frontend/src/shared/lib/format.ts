/** Pure formatting helpers (unit-tested in format.test.ts). */
import type { Benchmark, BenchmarkResult, Job, JobStatus, Stability } from "../../api/types";

export const DASH = "—";

const FINISHED: ReadonlySet<JobStatus> = new Set<JobStatus>(["succeeded", "failed", "cancelled"]);

export function isFinished(status: JobStatus | undefined | null): boolean {
  return status != null && FINISHED.has(status);
}

export function isJobFinished(job: Pick<Job, "status"> | undefined | null): boolean {
  return job != null && isFinished(job.status);
}

/** A number with a sensible count of significant decimals for a dashboard: 1234.5 → "1,234.5", 0.01234 → "0.0123". */
export function formatNumber(value: number | null | undefined, maxDecimals = 2, fixed = false): string {
  if (value == null || !Number.isFinite(value)) return DASH;
  const abs = Math.abs(value);
  let decimals = maxDecimals;
  if (abs >= 1000) decimals = 0;
  else if (abs >= 100) decimals = Math.min(maxDecimals, 1);
  else if (abs > 0 && abs < 1) decimals = Math.max(maxDecimals, Math.min(4, 1 - Math.floor(Math.log10(abs)) + 1));
  return value.toLocaleString("en-US", { minimumFractionDigits: fixed ? decimals : 0, maximumFractionDigits: decimals });
}

export function formatFps(value: number | null | undefined): string {
  return value == null ? DASH : `${formatNumber(value)} FPS`;
}

export function formatMs(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? DASH : `${formatNumber(value)} ms`;
}

/** Seconds, trimmed: 2 → "2 s", 2.5 → "2.5 s", 61.2 → "61.2 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return DASH;
  return `${formatNumber(seconds, seconds < 10 ? 2 : 1)} s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return DASH;
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 2 : 1 })} ${units[unit]}`;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return DASH;
  const clamped = Math.min(1, Math.max(0, fraction));
  return `${Math.round(clamped * 100)}%`;
}

/** A tensor shape as "[1, 3, 224, 224]"; dynamic dimensions keep their symbol ("?", "batch"). */
export function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((d) => (typeof d === "number" && d < 0 ? "?" : String(d))).join(", ")}]`;
}

export function shortSha(sha: string | null | undefined, length = 12): string {
  return sha ? sha.slice(0, length) : DASH;
}

/** "5 s ago", "3 min ago", "2 h ago", "4 d ago"; future times (clock skew) count as "just now". */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return DASH;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return DASH;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** An ISO timestamp in the viewer's locale, compact: "2026-11-28 21:49:03". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** The verdict sentence composed from a result when the service sent none. */
export function composeVerdict(result: BenchmarkResult, device: string): string {
  return (
    `${formatNumber(result.throughput_fps)} FPS, median latency ${formatNumber(result.latency.median)} ms ` +
    `over ${result.count.toLocaleString("en-US")} inferences in ${formatSeconds(result.duration_ms / 1000)} ` +
    `on ${device}`
  );
}

export function verdictOf(benchmark: Pick<Benchmark, "verdict" | "result" | "settings">): string | null {
  if (benchmark.verdict) return benchmark.verdict;
  if (!benchmark.result) return null;
  return composeVerdict(benchmark.result, benchmark.settings.device ?? "CPU");
}

export type ManifestRow = { key: string; value: string };

/** Flatten a (possibly nested) manifest object to sorted "a.b.c" → display-string rows. */
export function flattenManifest(manifest: Record<string, unknown> | null | undefined): ManifestRow[] {
  const rows: ManifestRow[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && prefix) rows.push({ key: prefix, value: "{}" });
      for (const [k, v] of entries) walk(v, prefix ? `${prefix}.${k}` : k);
      return;
    }
    let text: string;
    if (value === null || value === undefined) text = DASH;
    else if (typeof value === "string") text = value;
    else if (typeof value === "number" || typeof value === "boolean") text = String(value);
    else text = JSON.stringify(value);
    rows.push({ key: prefix, value: text });
  };
  walk(manifest ?? {}, "");
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

/** Latency statistics in display order; percentiles may be null (too few samples). */
export function latencyRows(result: BenchmarkResult): { key: string; label: string; value: number | null }[] {
  const l = result.latency;
  return [
    { key: "min", label: "Min", value: l.min },
    { key: "median", label: "Median", value: l.median },
    { key: "mean", label: "Mean", value: l.mean },
    { key: "p90", label: "p90", value: l.p90 ?? null },
    { key: "p95", label: "p95", value: l.p95 ?? null },
    { key: "p99", label: "p99", value: l.p99 ?? null },
    { key: "max", label: "Max", value: l.max },
  ];
}

/** A display name for a project when the user left the name empty. */
export function defaultProjectName(modelName: string, precision: string, device: string): string {
  return `${modelName} ${precision} on ${device}`;
}

/** A name for a one-click random dataset: "random-16 (seed 0)" style, unique-ish by time. */
export function randomDatasetName(count: number, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `random-${count} ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** The display name for an uploaded file: its base name without the extension (".tar.gz" counts as one). */
export function modelNameFromFile(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const archive = /^(.+)\.tar\.gz$/i.exec(base);
  if (archive) return archive[1];
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

const MAIN_FILE = /\.(xml|pdmodel|onnx|pb|tflite|pt2?|zip|tar\.gz|tgz)$/i;

/** The display name for the files of one model: that of its main file (model.xml, not model.bin). */
export function modelNameFromFiles(filenames: readonly string[]): string {
  const main = filenames.find((f) => MAIN_FILE.test(f)) ?? filenames[0] ?? "";
  return modelNameFromFile(main);
}

export interface StabilityBadge {
  label: string;
  tone: "ok" | "warn" | "bad" | "muted";
  title: string;
}

/**
 * The steady-state verdict of a run (window throughput, see Stability): stable = the last three windows
 * agree within ±5 % and the window-to-window variation (CV) is under 10 %.
 */
export function stabilityBadge(stability: Stability | null | undefined): StabilityBadge {
  if (!stability) return { label: "too short", tone: "muted", title: "the run was too short to judge its stability" };
  const cv = `CV ${formatNumber(stability.cv * 100, 1)}%`;
  if (stability.stable) return { label: "stable", tone: "ok", title: `steady state reached, ${cv}` };
  if (stability.steady) return { label: "steady, noisy", tone: "warn", title: `the last windows agree but ${cv} is 10% or more` };
  return { label: "unstable", tone: "bad", title: `no steady state: the last windows differ by more than ±5%, ${cv}` };
}

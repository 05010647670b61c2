/**
 * Downloads of a benchmark: the API's JSON as returned, and a CSV in benchmark_app's report format
 * (`benchmark_report.csv`: ';'-separated sections, benchmark_app's own row names). The CSV matches
 * `dlwb bench export --format csv`. Pure except `downloadText`; tested in export.test.ts.
 */
import type { Benchmark, BenchmarkResult } from "../../api/types";
import { effectiveHint } from "../../features/benchmarks/lib/settings";

export const CSV_SEPARATOR = ";";

/** benchmark_app's "Execution results" rows (-report_type no_counters), in its order. */
export const EXECUTION_RESULTS: readonly [string, (r: BenchmarkResult) => number][] = [
  ["read model time (ms)", (r) => r.read_ms],
  ["compile model time (ms)", (r) => r.compile_ms],
  ["first inference time (ms)", (r) => r.first_inference_ms],
  ["total execution time (ms)", (r) => r.duration_ms],
  ["total number of iterations", (r) => r.count],
  ["latency (ms)", (r) => r.latency.median],
  ["avg latency", (r) => r.latency.mean],
  ["min latency", (r) => r.latency.min],
  ["max latency", (r) => r.latency.max],
  ["throughput", (r) => r.throughput_fps],
];

/** A CSV cell: quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Two decimals as benchmark_app prints them, integers as they are. */
function figure(name: string, value: number): string {
  return name === "total number of iterations" ? String(Math.round(value)) : value.toFixed(2);
}

/** The benchmark as benchmark_app's CSV report; null while there is no result. */
export function benchmarkAppCsv(benchmark: Pick<Benchmark, "settings" | "result">): string | null {
  const result = benchmark.result;
  if (!result) return null;
  const s = benchmark.settings;
  const parameters: [string, string | number][] = [
    ["target device", s.device ?? "CPU"],
    ["API", s.api ?? "async"],
    ["performance hint", effectiveHint(s)],
    ["batch size", result.batch],
    ["number of parallel infer requests", result.nireq],
  ];
  if (result.nstreams != null) parameters.push(["number of streams", result.nstreams]);
  if (s.nthreads != null) parameters.push(["number of CPU threads", s.nthreads]);
  if (s.infer_precision) parameters.push(["inference precision", s.infer_precision]);
  if (s.duration_seconds != null) parameters.push(["duration (ms)", Math.round(s.duration_seconds * 1000)]);
  if (s.niter != null) parameters.push(["number of iterations", s.niter]);
  for (const [name, dims] of Object.entries(s.shape ?? {})) parameters.push([`shape ${name}`, `[${dims.join(",")}]`]);

  const row = (cells: (string | number)[]) => cells.map(csvCell).join(CSV_SEPARATOR);
  const lines = [
    "Command line parameters",
    ...parameters.map(([k, v]) => row([k, v])),
    "",
    "Execution results",
    ...EXECUTION_RESULTS.map(([name, value]) => row([name, figure(name, value(result))])),
    "",
  ];
  return lines.join("\n");
}

/** An API answer as returned, pretty-printed. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A file name from an id, safe on every file system. */
export function safeFilename(stem: string, extension: string): string {
  return `${stem.replace(/[^\w.-]+/g, "_")}.${extension}`;
}

/** Hand text to the browser as a file download. */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Hand bytes to the browser as a file download. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A benchmark's result: key figures, latency distribution, stability. */
import { Suspense } from "react";
import type { Benchmark, BenchmarkResult, Stability } from "../../../api/types";
import { Empty, Facts, Panel } from "../../../shared/ui/ui";
import { DASH, flattenManifest, formatMs, formatNumber, formatSeconds, latencyRows, stabilityBadge, verdictOf } from "../../../shared/lib/format";
import { effectiveHint, runLength } from "../lib/settings";
import "../benchmarks.css";
import { lazy } from "react";
import { RanIn } from "../../../shared/ui/RanIn";

export function Figure({
  label,
  value,
  unit,
  raw,
  testId,
  missingReason,
  primary = false,
}: {
  label: string;
  value: number | null | undefined;
  unit: string;
  raw?: boolean;
  testId: string;
  missingReason?: string;
  primary?: boolean;
}) {
  const missing = value == null;
  return (
    <div className={`figure${primary ? " figure-primary" : ""}`} data-testid={testId}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">
        {missing ? (
          <span className="figure-missing" title={missingReason} data-testid={`${testId}-value`}>
            {DASH}
          </span>
        ) : (
          <>
            <span data-testid={`${testId}-value`} data-value={raw === false ? undefined : String(value)}>
              {formatNumber(value, 2, !primary)}
            </span>
            <span className="figure-unit">{unit}</span>
          </>
        )}
      </div>
    </div>
  );
}

export function KeyFigures({ result }: { result: BenchmarkResult }) {
  return (
    <div className="figures" data-testid="key-figures">
      <Figure label="Throughput" value={result.throughput_fps} unit="FPS" testId="throughput" primary />
      {latencyRows(result)
        .sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key))
        .map((r) => (
          <Figure
            key={r.key}
            label={`${r.label} latency`}
            value={r.value}
            unit="ms"
            testId={`latency-${r.key}`}
            missingReason="too few samples"
          />
        ))}
    </div>
  );
}

export const ORDER = ["median", "mean", "min", "max", "p90", "p95", "p99"];

export function StabilityBlock({ stability }: { stability: Stability | null | undefined }) {
  const badge = stabilityBadge(stability);
  return (
    <Panel
      title="Stability"
      testId="stability-block"
      actions={
        <span
          className={`chip chip-${badge.tone}`}
          data-testid="stability-badge"
          data-stable={stability ? String(stability.stable) : undefined}
          title={badge.title}
        >
          {badge.label}
        </span>
      }
    >
      {stability ? (
        <>
          <div className="stability-facts">
            <span>
              CV{" "}
              <strong data-testid="stability-cv" data-value={String(stability.cv)}>
                {formatNumber(stability.cv * 100, 1)}%
              </strong>
            </span>
            <span className="muted small">
              throughput in {stability.window_fps.length} windows of equal duration; stable = the last three within ±5%
              of their mean (darker bars) and CV under 10%
            </span>
          </div>
          <Suspense fallback={<div className="chart-placeholder chart-small" />}>
            <StabilityChart stability={stability} />
          </Suspense>
        </>
      ) : (
        <Empty>The run was too short to split into windows. Run it longer to judge its stability.</Empty>
      )}
    </Panel>
  );
}

export function Result({ benchmark, result }: { benchmark: Benchmark; result: BenchmarkResult }) {
  const manifest = flattenManifest(result.manifest as Record<string, unknown> | undefined);
  const unstable = result.stability != null && !result.stability.stable;
  const s = benchmark.settings;
  return (
    <>
      <div className={`verdict${unstable ? " verdict-warn" : ""}`} data-testid="verdict">
        {verdictOf(benchmark)}
      </div>
      <RanIn ranIn={benchmark.ran_in} asked={s.infer_precision} />
      <KeyFigures result={result} />
      <div className="grid-3">
        <Panel title="Latency (ms)">
          <Suspense fallback={<div className="chart-placeholder" />}>
            <LatencyChart result={result} />
          </Suspense>
        </Panel>
        <StabilityBlock stability={result.stability} />
      </div>
      <div className="grid-2">
        <Panel title="Settings">
          <Facts
            items={[
              ["Device", s.device ?? DASH],
              ["API", s.api ?? "async"],
              ["Hint", s.hint ?? `${effectiveHint(s)} (default for ${s.api ?? "async"})`],
              ["Length", runLength(s)],
              ["nireq", s.nireq ?? "auto"],
              ["nstreams", s.nstreams ?? "auto"],
              ["nthreads", s.nthreads ?? "auto"],
              ["Batch", s.batch ?? "model's"],
              ["Inference precision", s.infer_precision ?? "device default"],
              ["Ran in", benchmark.ran_in?.ran?.toUpperCase() ?? DASH],
              ["CPU ISA", benchmark.ran_in?.cpu_isa ?? DASH],
              ["Shapes", s.shape ? Object.entries(s.shape).map(([k, v]) => `${k} [${v.join(",")}]`).join("; ") : "model's"],
            ]}
          />
        </Panel>
        <Panel title="Run">
          <Facts
            items={[
              ["Inferences", result.count.toLocaleString("en-US")],
              ["Measured for", formatSeconds(result.duration_ms / 1000)],
              ["Batch", result.batch],
              ["Infer requests", result.nireq],
              ["Streams", result.nstreams ?? DASH],
              ["Latency stdev", formatMs(result.latency.stdev)],
              ["Latency samples", result.latency.count.toLocaleString("en-US")],
              ["First inference", formatMs(result.first_inference_ms)],
              ["Model read", formatMs(result.read_ms)],
              ["Compile", formatMs(result.compile_ms)],
            ]}
          />
        </Panel>
      </div>
      <Panel title="Manifest">
        {manifest.length === 0 ? (
          <Empty>The run reported no manifest.</Empty>
        ) : (
          <table className="table table-kv" data-testid="manifest-table">
            <tbody>
              {manifest.map((row) => (
                <tr key={row.key}>
                  <th className="mono">{row.key}</th>
                  <td className="mono wrap">{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

// ECharts is the heaviest dependency: load it with the charts, after the page
export const LatencyChart = lazy(() => import("../components/LatencyChart").then((m) => ({ default: m.LatencyChart })));
export const StabilityChart = lazy(() => import("../components/StabilityChart").then((m) => ({ default: m.StabilityChart })));

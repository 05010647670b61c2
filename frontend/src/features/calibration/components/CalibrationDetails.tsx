/** The calibration report's detail panels: precisions, layers left in floating point, log, settings. */
import { lazy, Suspense, useMemo, useState } from "react";
import { ApiError } from "../../../shared/api/errors";
import { useCalibrationLog } from "../api/calibrations";
import type { Calibration } from "../../../api/types";
import { Empty, ErrorBox, Facts, Loading, Panel } from "../../../shared/ui/ui";
import { precisionRows } from "../lib/calibration";
import { METHOD_LABELS } from "../lib/calibrationForm";
import { formatPoints } from "../lib/int8Settings";
import { DASH, formatBytes, formatMs, formatNumber } from "../../../shared/lib/format";

// echarts comes with the chart, after the page
export const PrecisionBarChart = lazy(() =>
  import("../components/CalibrationCharts").then((m) => ({ default: m.PrecisionBarChart })),
);

export function PrecisionPanel({ c }: { c: Calibration }) {
  const rows = useMemo(() => precisionRows(c.report?.precision_counts), [c.report?.precision_counts]);
  return (
    <Panel title="Layers by runtime precision" testId="calibration-precisions">
      {rows.length === 0 ? (
        <Empty>
          {c.settings.compare === false
            ? "Started without the comparison: the child's layers were not profiled."
            : "The child's layer profile is not there yet."}
        </Empty>
      ) : (
        <>
          <Suspense fallback={<div className="chart-placeholder" />}>
            <PrecisionBarChart rows={rows} />
          </Suspense>
          <table className="table table-compact" data-testid="calibration-precision-table">
            <thead>
              <tr>
                <th>Precision</th>
                <th className="num">Layers</th>
                <th className="num">Time / inference</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.precision} data-testid="calibration-precision-row" data-precision={r.precision}>
                  <td className="mono">
                    {r.precision}
                    {r.low && <span className="tag tag-light calib-int-tag">integer</span>}
                  </td>
                  <td className="num">{r.layers.toLocaleString("en-US")}</td>
                  <td className="num">{formatMs(r.timeMs)}</td>
                  <td className="num">{formatNumber(r.timeShare * 100, 1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="muted small chart-note calib-note">From the INT8 child's layer profile: the precision each layer ran in on the target.</div>
        </>
      )}
    </Panel>
  );
}

export function NameList({ names, testId, empty }: { names: readonly string[]; testId: string; empty: string }) {
  if (names.length === 0) return <div className="muted small" data-testid={testId} data-count={0}>{empty}</div>;
  return (
    <ul className="name-list" data-testid={testId} data-count={names.length}>
      {names.map((n) => (
        <li key={n} className="mono">
          {n}
        </li>
      ))}
    </ul>
  );
}

export function FloatPanel({ c }: { c: Calibration }) {
  const floats = c.report?.float_layers ?? c.stats?.float_layers ?? [];
  const slowest = c.report?.slowest_float_layers ?? [];
  return (
    <Panel title="Left in floating point" testId="calibration-float">
      <div className="subsection-title">Compute layers NNCF did not quantize ({floats.length})</div>
      <NameList names={floats} testId="calibration-float-layers" empty="None: every compute layer is quantized." />
      <div className="subsection">
        <div className="subsection-title">Slowest floating-point layers of the child</div>
        <NameList
          names={slowest}
          testId="calibration-slowest-float"
          empty={c.report?.precision_counts?.length ? "None: no compute layer ran in floating point." : "Not profiled."}
        />
      </div>
    </Panel>
  );
}

export function LogPanel({ c, running }: { c: Calibration; running: boolean }) {
  const [open, setOpen] = useState(false);
  const log = useCalibrationLog(c.id, open, running);
  const notYet = log.error instanceof ApiError && log.error.status === 404;
  return (
    <Panel title="Log">
      <details className="log-details" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="calibration-log-details">
        <summary data-testid="calibration-log-toggle">Every stage, NNCF's summary and any error{running ? " (live)" : ""}</summary>
        {log.isLoading ? (
          <Loading />
        ) : notYet ? (
          <Empty>No log yet.</Empty>
        ) : log.error ? (
          <ErrorBox error={log.error} title="Cannot load the log" />
        ) : (
          <pre className="command-text log-text" data-testid="calibration-log">
            {log.data ?? ""}
          </pre>
        )}
      </details>
    </Panel>
  );
}

export function SettingsPanel({ c }: { c: Calibration }) {
  const s = c.settings;
  const method = s.method ?? "default";
  const scope = s.ignored_scope;
  const list = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? xs.join(", ") : "none");
  const r = c.report;
  const items: [string, string][] = [
    ["Method", METHOD_LABELS[method]],
    ...(method === "weight_compression"
      ? ([
          ["Weight mode", s.weight_mode ?? "INT8_ASYM"],
          ["Ratio", String(s.ratio ?? 1)],
          ["Group size", (s.group_size ?? -1) === -1 ? "per channel" : String(s.group_size)],
        ] as [string, string][])
      : ([
          ["Preset", s.preset ?? "performance"],
          ["Subset", s.subset_size != null ? `${s.subset_size} samples` : s.subset_percent != null ? `${s.subset_percent}% of the dataset` : "NNCF's default"],
          ["Fast bias correction", s.fast_bias_correction === false ? "off" : "on"],
          ["Model type", s.model_type ?? "any"],
          ["Ignored names", list(scope?.names)],
          ["Ignored types", list(scope?.types)],
          ["Ignored patterns", list(scope?.patterns)],
        ] as [string, string][])),
    ["Comparison", s.compare === false ? "off" : `${s.compare_seconds ?? 5} s per benchmark`],
    ["Parent size", r ? formatBytes(r.parent_size_bytes) : DASH],
    ["Child size", r ? formatBytes(r.child_size_bytes) : DASH],
    ["Quantized layers", c.stats ? `${c.stats.quantized_layers ?? 0} of ${c.stats.compute_layers ?? 0} compute layers` : DASH],
    ["FakeQuantize", c.stats ? String(c.stats.fake_quantize ?? 0) : DASH],
    ["Compressed weights", c.stats ? String(c.stats.compressed_weights ?? 0) : DASH],
    ["Accuracy change", r?.accuracy ? formatPoints(r.accuracy.delta_points) : r ? "not measured" : DASH],
  ];
  return (
    <Panel title="Settings and statistics">
      <Facts items={items} />
    </Panel>
  );
}

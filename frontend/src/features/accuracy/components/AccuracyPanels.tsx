/** The accuracy report's smaller panels: metrics, confusion matrix, configuration. */
import { lazy, Suspense } from "react";
import type { AccuracyRun } from "../../../api/types";
import { Empty, Facts, Panel, Stat } from "../../../shared/ui/ui";
import {  formatMetric, metricLabel, topConfusions, type ConfusionMatrix } from "../lib/accuracy";
import { formatNumber, formatSeconds } from "../../../shared/lib/format";

export const ConfusionHeatmap = lazy(() => import("../components/AccuracyCharts").then((m) => ({ default: m.ConfusionHeatmap })));

export function Metrics({ run }: { run: AccuracyRun }) {
  const r = run.result;
  if (!r) return null;
  return (
    <div className="stats stats-accuracy" data-testid="accuracy-metrics">
      {r.metrics.map((m, i) => (
        <div
          key={m.name}
          className={`figure${i === 0 ? " figure-primary" : ""}`}
          data-testid="accuracy-metric"
          data-name={m.name}
          data-value={m.value}
          title={`${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ""}${m.higher_is_better === false ? " (lower is better)" : ""}`}
        >
          <div className="figure-label">{metricLabel(m.name)}</div>
          <div className="figure-value">
            <span data-testid="accuracy-metric-value">{formatMetric(m)}</span>
          </div>
        </div>
      ))}
      <Stat label="Images" value={r.samples.toLocaleString("en-US")} testId="accuracy-samples" />
      <Stat label="Images / s" value={formatNumber(r.images_per_second, 0)} testId="accuracy-speed" />
      <Stat label="Time" value={formatSeconds(r.seconds)} testId="accuracy-seconds" />
    </div>
  );
}

export function ConfusionPanel({ matrix, onCell }: { matrix: ConfusionMatrix; onCell: (truth: number, predicted: number) => void }) {
  const worst = topConfusions(matrix, 5);
  return (
    <Panel title="Confusion matrix" testId="confusion-panel">
      {matrix.total === 0 ? (
        <Empty>No annotated image was predicted.</Empty>
      ) : (
        <>
          <Suspense fallback={<div className="chart-placeholder" />}>
            <ConfusionHeatmap matrix={matrix} onCell={onCell} />
          </Suspense>
          <div className="muted small chart-note">
            Rows: the annotated class; columns: the top-1 prediction. {matrix.correct.toLocaleString("en-US")} of{" "}
            {matrix.total.toLocaleString("en-US")} on the diagonal. Click a cell to list its images below.
          </div>
          {worst.length > 0 && (
            <div className="subsection">
              <div className="subsection-title">Most frequent confusions</div>
              <ul className="advice-list" data-testid="top-confusions">
                {worst.map((c) => (
                  <li key={`${c.truth}-${c.predicted}`}>
                    <button type="button" className="link-button" onClick={() => onCell(c.truth, c.predicted)}>
                      {matrix.names[c.truth]} → {matrix.names[c.predicted]}
                    </button>{" "}
                    <span className="muted">
                      {c.count} image{c.count === 1 ? "" : "s"} ({((c.count / Math.max(1, matrix.rows[c.truth].images)) * 100).toFixed(1)}% of{" "}
                      {matrix.names[c.truth]})
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}

export function ConfigPanel({ run }: { run: AccuracyRun }) {
  const c = run.config;
  const pre = c.preprocessing ?? {};
  const list = (xs: readonly number[] | undefined) => (xs && xs.length > 0 ? xs.join(", ") : "none");
  const manifest = run.result?.manifest ?? {};
  return (
    <Panel title="Configuration" testId="accuracy-config-panel">
      <Facts
        items={[
          ["Resize", pre.resize ?? "stretch"],
          ["Colour order", pre.color ?? "model's default"],
          ["Mean", list(pre.mean)],
          ["Scale", list(pre.scale)],
          ["Adapter", c.adapter ?? "classification"],
          ["Background offset", String(c.background_offset ?? 0)],
          ["Confidence threshold", String(c.confidence_threshold ?? 0.01)],
          ["NMS IoU", String(c.nms_iou ?? 0.45)],
          ["Max samples", c.max_samples == null ? "all" : String(c.max_samples)],
          ...Object.entries(manifest)
            .filter(([, v]) => v == null || typeof v !== "object")
            .slice(0, 12)
            .map(([k, v]) => [k, String(v ?? "—")] as [string, string]),
        ]}
      />
    </Panel>
  );
}

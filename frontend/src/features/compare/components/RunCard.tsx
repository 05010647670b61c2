/** One side of a comparison, and a ratio of B to A. */
import { Link } from "react-router";
import type { RunSummary } from "../../../api/types";
import { formatRatio, ratioTone, runPath } from "../lib/compare";
import { formatNumber } from "../../../shared/lib/format";
import { ms3 } from "../lib/compare";
import { runPrecisionTag } from "../../../shared/lib/precision";

export function RunCard({ side, run, isProfile }: { side: "A" | "B"; run: RunSummary; isProfile: boolean }) {
  return (
    <div className={`compare-card compare-card-${side.toLowerCase()}`} data-testid={`compare-card-${side.toLowerCase()}`} data-run-id={run.id}>
      <div className="compare-card-head">
        <span className="compare-side">{side}</span>
        <div className="compare-card-title">
          <Link to={`/projects/${run.project_id}`} className="strong">
            {run.project_name || run.project_id}
          </Link>
          <Link to={runPath(run.id)} className="mono small">
            {run.id}
          </Link>
        </div>
      </div>
      <dl className="compare-card-facts">
        <div>
          <dt>Precision</dt>
          <dd>
            <span className="tag" data-testid={`run-precision-${side}`} title={`the ${run.precision} IR folder`}>
              {runPrecisionTag(run)}
            </span>
            {run.ran_in && <div className="muted small">{run.ran_in.summary}</div>}
          </dd>
        </div>
        <div>
          <dt>Target / device</dt>
          <dd>
            {run.target_id} / <strong>{run.device}</strong>
          </dd>
        </div>
        {isProfile ? (
          <div className="compare-card-figure">
            <dt>Layer time / inference</dt>
            <dd>
              {ms3(run.layer_time_ms)} <small>ms</small>
            </dd>
          </div>
        ) : (
          <>
            <div className="compare-card-figure">
              <dt>Throughput</dt>
              <dd>
                {formatNumber(run.throughput_fps)} <small>FPS</small>
              </dd>
            </div>
            <div className="compare-card-figure">
              <dt>Median latency</dt>
              <dd>
                {formatNumber(run.latency_median_ms)} <small>ms</small>
              </dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}

export function Ratio({
  kind,
  label,
  value,
  higherIsBetter,
}: {
  kind: string;
  label: string;
  value: number | null | undefined;
  higherIsBetter: boolean;
}) {
  const tone = ratioTone(value, higherIsBetter);
  return (
    <div className={`compare-ratio compare-ratio-${tone}`} data-testid="compare-ratio" data-kind={kind} data-value={value ?? undefined}>
      <div className="compare-ratio-label">{label}</div>
      <div className="compare-ratio-value">{formatRatio(value)}</div>
      <div className="compare-ratio-note small">
        {tone === "muted" ? "about the same" : tone === "ok" ? "better in B" : "worse in B"}
      </div>
    </div>
  );
}

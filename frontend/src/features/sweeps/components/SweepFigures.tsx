/** A sweep's key figures, its latency limit, and the panel while it runs. */
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../../shared/api/keys";
import type { Sweep } from "../../../api/types";
import { JobProgressView } from "../../../shared/jobs/JobProgress";
import { useLiveSweep } from "./SweepPanel";
import { Panel, Stat } from "../../../shared/ui/ui";
import { DASH, formatNumber } from "../../../shared/lib/format";
import { describePoint, formatEstimate, isMeasured } from "../lib/sweep";
import "../sweeps.css";

export function Figures({ sweep }: { sweep: Sweep }) {
  const done = sweep.points.filter(isMeasured);
  const failed = sweep.points.filter((p) => p.status === "failed").length;
  const best = sweep.sweet_spot != null ? sweep.points[sweep.sweet_spot] : undefined;
  const first = done[0];
  const gain = best && first && first.throughput_fps > 0 && best.throughput_fps != null ? best.throughput_fps / first.throughput_fps : null;
  return (
    <div className="stats stats-sweep" data-testid="sweep-figures">
      <Stat
        label="Sweet spot"
        value={best ? formatNumber(best.throughput_fps, 1) : DASH}
        unit={best ? "FPS" : undefined}
        primary
        testId="sweep-best"
        title={best ? describePoint(best) : "no point within the limit"}
      />
      <Stat label="At" value={best ? describePoint(best) : DASH} compact title={best ? describePoint(best) : undefined} />
      <Stat label="Median latency" value={best ? formatNumber(best.latency_median_ms) : DASH} unit={best ? "ms" : undefined} />
      <Stat label="vs first point" value={gain != null ? `${gain.toFixed(2)}×` : DASH} title={first ? describePoint(first) : undefined} />
      <Stat label="Measured" value={`${done.length}/${sweep.points.length}`} />
      <Stat label="Failed" value={String(failed)} />
      <Stat
        label="Limit"
        value={sweep.latency_limit_ms != null ? formatNumber(sweep.latency_limit_ms) : "none"}
        unit={sweep.latency_limit_ms != null ? "ms" : undefined}
      />
    </div>
  );
}

export function LimitInput({ text, setText, error, stored }: { text: string; setText: (t: string) => void; error?: string; stored: number | null }) {
  return (
    <span className="limit-input">
      <label className="filter-inline">
        <span className="filter-label">Latency limit</span>
        <input
          type="number"
          min={0}
          step="any"
          placeholder={stored != null ? String(stored) : "none"}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="sweep-latency-limit"
          aria-invalid={!!error}
          title={error ?? "the sweet spot is the highest throughput whose median latency is within this limit"}
        />
        <span className="muted small">ms</span>
      </label>
      {text !== "" && (
        <button type="button" className="link-button small" onClick={() => setText("")} data-testid="sweep-limit-clear">
          clear
        </button>
      )}
      {error && <span className="warn small">{error}</span>}
    </span>
  );
}

export function RunningPanel({ sweep }: { sweep: Sweep }) {
  const qc = useQueryClient();
  const events = useLiveSweep(sweep, () => void qc.invalidateQueries({ queryKey: keys.sweeps(sweep.project_id) }));
  return (
    <Panel title="Running">
      <JobProgressView
        jobId={sweep.job.id}
        events={events}
        label={`${sweep.points.length} points · ≈ ${formatEstimate(sweep.estimated_seconds)}`}
        testId="sweep-progress"
        cancellable
      />
    </Panel>
  );
}

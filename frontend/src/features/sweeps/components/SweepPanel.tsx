/**
 * The project page's sweep section: a batch × streams grid picker (as the original DL Workbench's matrix),
 * requests, time per point and an optional latency limit, with the number of points and an estimate before
 * anything runs; then the live sweeps (points appear as they finish) and the project's past sweeps.
 * Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useSweep, useSweeps } from "../api/sweeps";
import type { Job, Sweep, TensorInfo } from "../../../api/types";
import { formatNumber, isJobFinished } from "../../../shared/lib/format";
import type { SettingsForm } from "../../benchmarks/lib/settings";
import { describePoint, formatEstimate, pointsDoneFromStage, shortPoint } from "../lib/sweep";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { ErrorBox, Loading } from "../../../shared/ui/ui";
import { SweepFormView } from "./SweepForm";
import { SweepHistory } from "./SweepHistory";
import "../sweeps.css";

/**
 * Follow a sweep: its job's events, and the sweep itself refetched each time the stage says another point
 * was stored ("point i/n done").
 */
export function useLiveSweep(sweep: Sweep, onFinished?: (job: Job) => void) {
  const qc = useQueryClient();
  const events = useJobEvents(sweep.job.id, sweep.job, (job) => {
    void qc.invalidateQueries({ queryKey: keys.sweep(sweep.id) });
    onFinished?.(job);
  });
  const stored = pointsDoneFromStage(events.job?.stage);
  useEffect(() => {
    if (stored !== null && stored > 0) void qc.invalidateQueries({ queryKey: keys.sweep(sweep.id) });
  }, [stored, sweep.id, qc]);
  return events;
}

function LiveSweep({ initial, projectId }: { initial: Sweep; projectId: string }) {
  const qc = useQueryClient();
  const query = useSweep(initial.id);
  const sweep = query.data ?? initial;
  const events = useLiveSweep(initial, () => {
    void qc.invalidateQueries({ queryKey: keys.sweeps(projectId) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  const done = sweep.points.filter((p) => p.status !== "pending").length;
  return (
    <div className="live-benchmark live-sweep" data-testid="live-sweep" data-sweep-id={sweep.id} data-points-done={done}>
      <JobProgressView
        jobId={sweep.job.id}
        events={events}
        label={`${sweep.points.length} points · ≈ ${formatEstimate(sweep.estimated_seconds)}`}
        testId="sweep-progress"
        cancellable
      />
      <div className="sweep-live-points">
        {sweep.points.map((p) => (
          <span
            key={p.index}
            className={`sweep-live-point sweep-live-${p.status}${p.index === sweep.sweet_spot ? " sweet" : ""}`}
            data-testid="sweep-live-point"
            data-index={p.index}
            data-status={p.status}
            title={p.error ?? describePoint(p)}
          >
            <span className="mono">{shortPoint(p)}</span>
            {p.status === "done" && (
              <span>
                {formatNumber(p.throughput_fps, 1)} FPS · {formatNumber(p.latency_median_ms)} ms
              </span>
            )}
            {p.status === "failed" && <span>failed</span>}
          </span>
        ))}
      </div>
      <div className="live-done">
        <span className="muted small">
          server estimate ≈ {formatEstimate(sweep.estimated_seconds)} · {done}/{sweep.points.length} points
        </span>{" "}
        <Link className="btn btn-small btn-primary" to={`/sweeps/${sweep.id}`} data-testid="open-sweep">
          {isJobFinished(events.job ?? sweep.job) ? "Open result" : "Watch"}
        </Link>
      </div>
    </div>
  );
}

export function SweepPanel({
  projectId,
  settings,
  inputs,
  openAdvanced,
}: {
  projectId: string;
  settings: SettingsForm;
  inputs: readonly TensorInfo[] | undefined;
  openAdvanced: () => void;
}) {
  const sweeps = useSweeps(projectId);
  const [started, setStarted] = useState<Sweep[]>([]);
  const startedIds = new Set(started.map((s) => s.id));
  const running = (sweeps.data?.data ?? []).filter((s) => !isJobFinished(s.job) && !startedIds.has(s.id));
  const live = [...started, ...running].slice(0, 2);
  return (
    <>
      <SweepFormView
        projectId={projectId}
        settings={settings}
        inputs={inputs}
        openAdvanced={openAdvanced}
        onStarted={(s) => setStarted((list) => [s, ...list.filter((x) => x.id !== s.id)])}
      />
      {live.length > 0 && (
        <div className="live-profiles">
          {live.map((s) => (
            <LiveSweep key={s.id} initial={s} projectId={projectId} />
          ))}
        </div>
      )}
      <div className="subsection">
        <div className="subsection-title">Sweeps</div>
        {sweeps.isLoading ? (
          <Loading />
        ) : sweeps.error ? (
          <ErrorBox error={sweeps.error} title="Cannot list sweeps" />
        ) : (
          <SweepHistory rows={sweeps.data?.data ?? []} />
        )}
      </div>
    </>
  );
}

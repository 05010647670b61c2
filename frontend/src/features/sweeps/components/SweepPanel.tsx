/**
 * The project page's sweep section: a batch × streams grid picker (as the original DL Workbench's matrix),
 * requests, time per point and an optional latency limit, with the number of points and an estimate before
 * anything runs; then the live sweeps (points appear as they finish) and the project's past sweeps.
 * Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useCreateSweep, useSweep, useSweeps } from "../api/sweeps";
import type { Job, Sweep, TensorInfo } from "../../../api/types";
import { formatAgo, formatDateTime, formatFps, formatMs, formatNumber, isJobFinished } from "../../../shared/lib/format";
import type { SettingsForm } from "../../benchmarks/lib/settings";
import {
  batchRows,
  buildSweepRequest,
  DEFAULT_SWEEP,
  describeGrid,
  describePoint,
  formatEstimate,
  pointsDoneFromStage,
  shortPoint,
  STREAM_CHOICES,
  SWEEP_LIMITS,
  toggleValue,
  upTo,
  type SweepForm,
} from "../lib/sweep";
import { serverError, sharedErrorList } from "../../benchmarks/lib/settings";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, StatusChip } from "../../../shared/ui/ui";

function GridPicker({ form, setForm }: { form: SweepForm; setForm: (f: SweepForm) => void }) {
  const rows = batchRows(form.customBatches);
  const [hover, setHover] = useState<{ batch: number; streams: number } | null>(null);
  const [custom, setCustom] = useState("");
  const customValue = Number(custom);
  const customValid = Number.isInteger(customValue) && customValue >= 1 && customValue <= SWEEP_LIMITS.batch;
  const addCustom = () => {
    if (!customValid) return;
    setForm({
      ...form,
      customBatches: form.customBatches.includes(customValue) ? form.customBatches : [...form.customBatches, customValue],
      batches: form.batches.includes(customValue) ? form.batches : toggleValue(form.batches, customValue),
    });
    setCustom("");
  };
  const selectUpTo = (batch: number, streams: number) =>
    setForm({ ...form, batches: upTo(rows, batch), streams: upTo(STREAM_CHOICES, streams) });

  return (
    <div className="sweep-grid-wrap">
      <table className="sweep-grid" data-testid="sweep-grid" onMouseLeave={() => setHover(null)}>
        <thead>
          <tr>
            <th className="sweep-corner" scope="col">
              <span>batch</span> \ <span>streams</span>
            </th>
            {STREAM_CHOICES.map((s) => {
              const on = form.streams.includes(s);
              return (
                <th key={s} scope="col">
                  <button
                    type="button"
                    className={`sweep-axis${on ? " on" : ""}`}
                    aria-pressed={on}
                    onClick={() => setForm({ ...form, streams: toggleValue(form.streams, s) })}
                    data-testid="sweep-streams-toggle"
                    data-streams={s}
                    title={`${on ? "Leave out" : "Add"} ${s} stream${s === 1 ? "" : "s"}`}
                  >
                    {s}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => {
            const batchOn = form.batches.includes(b);
            return (
              <tr key={b}>
                <th scope="row">
                  <button
                    type="button"
                    className={`sweep-axis${batchOn ? " on" : ""}${form.customBatches.includes(b) ? " custom" : ""}`}
                    aria-pressed={batchOn}
                    onClick={() => setForm({ ...form, batches: toggleValue(form.batches, b) })}
                    data-testid="sweep-batch-toggle"
                    data-batch={b}
                    title={`${batchOn ? "Leave out" : "Add"} batch ${b}`}
                  >
                    {b}
                  </button>
                </th>
                {STREAM_CHOICES.map((s) => {
                  const selected = batchOn && form.streams.includes(s);
                  const preview = hover !== null && b <= hover.batch && s <= hover.streams;
                  return (
                    <td key={s}>
                      <button
                        type="button"
                        className={`sweep-cell${selected ? " on" : ""}${preview ? " preview" : ""}`}
                        onClick={() => selectUpTo(b, s)}
                        onMouseEnter={() => setHover({ batch: b, streams: s })}
                        onFocus={() => setHover({ batch: b, streams: s })}
                        onBlur={() => setHover(null)}
                        data-testid="sweep-cell"
                        data-batch={b}
                        data-streams={s}
                        data-selected={selected ? "true" : "false"}
                        aria-pressed={selected}
                        aria-label={`batch ${b}, ${s} streams`}
                        title={
                          `batch ${b} × ${s} stream${s === 1 ? "" : "s"}${selected ? " (in the sweep)" : ""}\n` +
                          `click: sweep every batch ≤ ${b} × streams 1–${s}`
                        }
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="sweep-grid-foot">
        <span className="muted small">Click a cell to sweep everything up to it; click a header to add or leave out one value.</span>
        <span className="sweep-custom">
          <input
            type="number"
            min={1}
            max={SWEEP_LIMITS.batch}
            step={1}
            placeholder="batch"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addCustom();
              }
            }}
            aria-label="Custom batch"
            data-testid="sweep-custom-batch"
          />
          <button type="button" className="btn btn-small" onClick={addCustom} disabled={!customValid} data-testid="sweep-add-batch">
            Add batch
          </button>
        </span>
      </div>
    </div>
  );
}

function SweepFormView({
  projectId,
  settings,
  inputs,
  openAdvanced,
  onStarted,
}: {
  projectId: string;
  settings: SettingsForm;
  inputs: readonly TensorInfo[] | undefined;
  openAdvanced: () => void;
  onStarted: (s: Sweep) => void;
}) {
  const create = useCreateSweep(projectId);
  const [form, setFormState] = useState<SweepForm>(DEFAULT_SWEEP);
  const setForm = (f: SweepForm) => {
    setFormState(f);
    if (create.error) create.reset();
  };
  const plan = useMemo(() => buildSweepRequest(form, settings, inputs), [form, settings, inputs]);
  const shared = sharedErrorList(plan.errors);
  const server = serverError(create.error);
  const e = plan.errors;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!plan.body) {
      if (shared.length > 0) openAdvanced();
      return;
    }
    create.mutate(plan.body, { onSuccess: onStarted });
  };
  const inherited = [
    settings.device || null,
    settings.inferPrecision || null,
    Object.keys(settings.shapes).length > 0 ? "shapes" : null,
  ].filter(Boolean);
  const n = plan.points.length;

  return (
    <form className="form sweep-form" onSubmit={submit} data-testid="sweep-form" noValidate>
      <div className="sweep-layout">
        <GridPicker form={form} setForm={setForm} />
        <div className="sweep-side">
          <label className="field">
            <span className="field-label">Infer requests</span>
            <input
              type="text"
              inputMode="numeric"
              placeholder="auto"
              value={form.nireqs}
              onChange={(ev) => setForm({ ...form, nireqs: ev.target.value })}
              data-testid="sweep-nireqs"
              aria-invalid={!!e.nireqs}
            />
            <span className={`field-hint${e.nireqs ? " warn" : ""}`}>{e.nireqs ?? "a list, e.g. 2, 4, 8; empty: as the device suggests"}</span>
          </label>
          <div className="form-grid sweep-fields">
            <label className="field">
              <span className="field-label">Per point (s)</span>
              <input
                type="number"
                min={0.1}
                max={SWEEP_LIMITS.duration}
                step="any"
                value={form.duration}
                onChange={(ev) => setForm({ ...form, duration: ev.target.value })}
                data-testid="sweep-duration"
                aria-invalid={!!e.duration}
              />
              {e.duration && <span className="field-hint warn">{e.duration}</span>}
            </label>
            <label className="field">
              <span className="field-label">Latency limit (ms)</span>
              <input
                type="number"
                min={0}
                step="any"
                placeholder="none"
                value={form.latencyLimit}
                onChange={(ev) => setForm({ ...form, latencyLimit: ev.target.value })}
                data-testid="sweep-latency-limit"
                aria-invalid={!!e.latencyLimit}
              />
              {e.latencyLimit && <span className="field-hint warn">{e.latencyLimit}</span>}
            </label>
          </div>
          <div
            className={`sweep-estimate${e.points ? " warn" : ""}`}
            data-testid="sweep-estimate"
            data-points={n}
            data-seconds={plan.estimate ?? undefined}
          >
            <div className="sweep-estimate-main">
              <strong>{n}</strong> point{n === 1 ? "" : "s"}
              <span className="muted"> · </span>≈ <strong>{plan.estimate === null ? "—" : formatEstimate(plan.estimate)}</strong>
            </div>
            <div className="muted small">
              {e.points ?? e.batches ?? e.streams ?? `each: ${form.duration.trim() || "?"} s measured + ~1.5 s to compile`}
            </div>
          </div>
          <button
            type="submit"
            className="btn btn-primary btn-block"
            disabled={create.isPending || !!e.points || !!e.batches || !!e.streams || !!e.nireqs || !!e.duration || !!e.latencyLimit}
            data-testid="sweep-submit"
          >
            {create.isPending ? "Starting…" : `Run sweep (${n} point${n === 1 ? "" : "s"})`}
          </button>
        </div>
      </div>
      <p className="form-note muted small sweep-note">
        One timed run per point, one after the other on the project's target. Explicit streams set the hint to NONE
        (as benchmark_app requires); the sweet spot is the highest throughput whose median latency is within the limit.
        Device, inference precision and shapes come from the benchmark's Advanced settings
        {inherited.length > 0 ? ` (now: ${inherited.join(", ")})` : ""}.
      </p>
      {shared.length > 0 && (
        <div className="field-hint warn" data-testid="sweep-settings-error">
          Fix the Advanced settings first: {shared.join("; ")}
        </div>
      )}
      {create.error != null && <ErrorBox error={server.display} title="Cannot start the sweep" testId="sweep-error" />}
    </form>
  );
}

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

function SweepHistory({ rows }: { rows: Sweep[] }) {
  if (rows.length === 0) return <Empty>No sweep yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="sweep-history">
      <thead>
        <tr>
          <th>Started</th>
          <th>Grid</th>
          <th className="num">Points</th>
          <th>Status</th>
          <th>Sweet spot</th>
          <th className="num">Throughput</th>
          <th className="num">Median latency</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => {
          const best = s.sweet_spot != null ? s.points[s.sweet_spot] : undefined;
          const measured = s.points.filter((p) => p.status === "done").length;
          return (
            <tr key={s.id} data-testid="sweep-row" data-sweep-id={s.id}>
              <td title={formatDateTime(s.job.created_at)}>{formatAgo(s.job.created_at)}</td>
              <td className="small">
                {describeGrid(s.points)}
                {s.latency_limit_ms != null && <span className="muted"> · ≤ {formatNumber(s.latency_limit_ms)} ms</span>}
              </td>
              <td className="num">
                {measured}/{s.points.length}
              </td>
              <td>
                <StatusChip status={s.job.status} />
              </td>
              <td className="small">{best ? describePoint(best) : "—"}</td>
              <td className="num strong">{best ? formatFps(best.throughput_fps) : "—"}</td>
              <td className="num">{best ? formatMs(best.latency_median_ms) : "—"}</td>
              <td className="right">
                <Link to={`/sweeps/${s.id}`} className="btn btn-small" data-testid="sweep-open">
                  Result
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
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

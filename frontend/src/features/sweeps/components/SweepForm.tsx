/** The sweep form: the grid, the run length and the latency limit, with the estimated duration. */
import { useMemo, useState, type FormEvent } from "react";
import { useCreateSweep } from "../api/sweeps";
import type { Sweep, TensorInfo } from "../../../api/types";
import type { SettingsForm } from "../../benchmarks/lib/settings";
import { buildSweepRequest, DEFAULT_SWEEP, formatEstimate, SWEEP_LIMITS, type SweepForm } from "../lib/sweep";
import { serverError, sharedErrorList } from "../../benchmarks/lib/settings";
import { ErrorBox } from "../../../shared/ui/ui";
import { GridPicker } from "./GridPicker";

export function SweepFormView({
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

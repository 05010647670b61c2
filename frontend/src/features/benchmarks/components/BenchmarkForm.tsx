/**
 * Benchmark settings as benchmark_app has them: a compact main row (how long, which hint, run) and an
 * "Advanced" disclosure (API, requests, streams/threads, batch, precision, device, shapes). The settings
 * state belongs to the project page, since the layer-profile action reuses device, batch, precision and
 * shapes.
 */
import { useId, useMemo, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../../../shared/api/errors";
import { APIS, HINTS, INFER_PRECISIONS, type BenchmarkCreate, type DeviceInfo, type InferPrecision, type PerformanceHint, type TensorInfo } from "../../../api/types";
import { formatShape } from "../../../shared/lib/format";
import {
  advancedSummary,
  buildBenchmarkRequest,
  cleanServerMessage,
  dynamicInputs,
  LIMITS,
  LOW_LEVEL_REASON,
  lowLevelAllowed,
  serverErrorField,
  shapeTemplate,
  SYNC_NIREQ_REASON,
  type FieldErrors,
  type SettingsForm,
} from "../lib/settings";
import { ErrorBox } from "../../../shared/ui/ui";

export const HINT_HELP: Record<PerformanceHint, string> = {
  THROUGHPUT: "many parallel requests: highest FPS",
  LATENCY: "one request at a time: lowest latency",
  CUMULATIVE_THROUGHPUT: "spread over all devices of a multi-device target",
  NONE: "no hint: streams, threads and requests as you set them",
};

/** The server's 422 as a field error (when it names one) and a cleaned message for the box. */
export function serverError(error: unknown): { field: string | null; display: unknown } {
  if (!(error instanceof ApiError)) return { field: null, display: error };
  if (error.status !== 422) return { field: null, display: error };
  return { field: serverErrorField(error.loc), display: new ApiError(error.status, error.code, cleanServerMessage(error.message), error.loc) };
}

export function Field({
  label,
  error,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`field${className ? ` ${className}` : ""}`}>
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-hint warn">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

export function BenchmarkForm({
  form,
  setForm,
  inputs,
  devices,
  projectDevice,
  advancedOpen,
  setAdvancedOpen,
  onSubmit,
  pending,
  error,
}: {
  form: SettingsForm;
  setForm: (f: SettingsForm) => void;
  inputs: readonly TensorInfo[] | undefined;
  devices: readonly DeviceInfo[];
  projectDevice: string;
  advancedOpen: boolean;
  setAdvancedOpen: (open: boolean) => void;
  onSubmit: (body: BenchmarkCreate) => void;
  pending: boolean;
  error: unknown;
}) {
  const ids = useId();
  const { body, errors } = useMemo(() => buildBenchmarkRequest(form, inputs), [form, inputs]);
  const server = serverError(error);
  const fieldError = (name: string): string | undefined =>
    errors[name] ?? (server.field === name && server.display instanceof Error ? server.display.message : undefined);
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm({ ...form, [key]: value });
  const lowLevel = lowLevelAllowed(form.hint);
  const dynamic = dynamicInputs(inputs);
  const summary = advancedSummary(form);
  const advancedErrors = Object.keys(errors).filter((k) => k !== "duration" && k !== "niter");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body) {
      if (advancedErrors.length > 0) setAdvancedOpen(true);
      const el = e.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => el.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    onSubmit(body);
  };

  const devicesShown = devices.length > 0 ? devices : [{ name: projectDevice, full_name: "", capabilities: [] }];

  return (
    <form className="form bench-form" onSubmit={submit} data-testid="benchmark-form" noValidate>
      <div className="form-row">
        <Field label="Duration (s)" error={fieldError("duration")} className="field-narrow">
          <input
            type="number"
            min={0.1}
            max={LIMITS.duration}
            step="any"
            placeholder="—"
            value={form.duration}
            onChange={(e) => set("duration", e.target.value)}
            data-testid="bench-duration"
            aria-invalid={!!fieldError("duration")}
          />
        </Field>
        <Field
          label="Iterations"
          error={fieldError("niter")}
          hint={form.duration.trim() && form.niter.trim() ? "runs until both are reached" : undefined}
          className="field-narrow"
        >
          <input
            type="number"
            min={1}
            max={LIMITS.niter}
            step={1}
            placeholder="—"
            value={form.niter}
            onChange={(e) => set("niter", e.target.value)}
            data-testid="bench-niter"
            aria-invalid={!!fieldError("niter")}
          />
        </Field>
        <Field label="Performance hint" hint={HINT_HELP[form.hint]} error={fieldError("hint")} className="field-hint-wide">
          <select value={form.hint} onChange={(e) => set("hint", e.target.value as PerformanceHint)} data-testid="bench-hint">
            {HINTS.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-submit">
          <button
            type="submit"
            className="btn btn-primary"
            // an advanced setting in error opens the section instead of sending
            disabled={!!errors.duration || !!errors.niter || pending}
            data-testid="bench-submit"
          >
            {pending ? "Starting…" : "Run benchmark"}
          </button>
        </div>
        <div className="field field-submit field-advanced">
          <button
            type="button"
            className={`btn btn-ghost disclosure${advancedOpen ? " open" : ""}`}
            aria-expanded={advancedOpen}
            aria-controls={`${ids}-advanced`}
            onClick={() => setAdvancedOpen(!advancedOpen)}
            data-testid="advanced-toggle"
          >
            <svg className="disclosure-mark" viewBox="0 0 10 10" aria-hidden>
              <path d="M3 1.5 L7 5 L3 8.5" />
            </svg>
            Advanced
            {advancedErrors.length > 0 && <span className="dot dot-offline" title="an advanced setting needs attention" />}
          </button>
          {!advancedOpen && summary.length > 0 && (
            <span className="advanced-summary" data-testid="advanced-summary">
              {summary.map((s) => (
                <span key={s} className="tag">
                  {s}
                </span>
              ))}
            </span>
          )}
        </div>
      </div>

      {advancedOpen && (
        <div className="advanced" id={`${ids}-advanced`} data-testid="advanced-settings">
          <div className="form-grid form-grid-4">
            <Field label="API" hint={form.api === "sync" ? "one request, waited for each time" : "requests run concurrently"}>
              <select value={form.api} onChange={(e) => set("api", e.target.value as SettingsForm["api"])} data-testid="bench-api">
                {APIS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Infer requests (nireq)"
              error={form.api === "sync" ? undefined : fieldError("nireq")}
              hint={form.api === "sync" ? SYNC_NIREQ_REASON : "empty: as the hint or device suggests"}
            >
              <input
                type="number"
                min={1}
                max={LIMITS.nireq}
                step={1}
                placeholder={form.api === "sync" ? "1" : "auto"}
                value={form.api === "sync" ? "" : form.nireq}
                disabled={form.api === "sync"}
                onChange={(e) => set("nireq", e.target.value)}
                data-testid="bench-nireq"
                aria-invalid={!!fieldError("nireq")}
              />
            </Field>
            <Field
              label="Streams (nstreams)"
              error={lowLevel ? fieldError("nstreams") : undefined}
              hint={lowLevel ? "empty: the device's default" : <LowLevelReason onFix={() => set("hint", "NONE")} />}
            >
              <input
                type="number"
                min={1}
                max={LIMITS.nstreams}
                step={1}
                placeholder={lowLevel ? "auto" : "set by the hint"}
                value={lowLevel ? form.nstreams : ""}
                disabled={!lowLevel}
                onChange={(e) => set("nstreams", e.target.value)}
                data-testid="bench-nstreams"
                aria-invalid={!!fieldError("nstreams")}
              />
            </Field>
            <Field
              label="Threads (nthreads)"
              error={lowLevel ? fieldError("nthreads") : undefined}
              hint={lowLevel ? "empty: the device's default" : LOW_LEVEL_REASON}
            >
              <input
                type="number"
                min={1}
                max={LIMITS.nthreads}
                step={1}
                placeholder={lowLevel ? "auto" : "set by the hint"}
                value={lowLevel ? form.nthreads : ""}
                disabled={!lowLevel}
                onChange={(e) => set("nthreads", e.target.value)}
                data-testid="bench-nthreads"
                aria-invalid={!!fieldError("nthreads")}
              />
            </Field>
            <Field label="Batch" error={fieldError("batch")} hint="first dimension of every input; empty: the model's">
              <input
                type="number"
                min={1}
                max={LIMITS.batch}
                step={1}
                placeholder="model's"
                value={form.batch}
                onChange={(e) => set("batch", e.target.value)}
                data-testid="bench-batch"
                aria-invalid={!!fieldError("batch")}
              />
            </Field>
            <Field label="Inference precision" error={fieldError("inferPrecision")} hint="empty: the device's default (CPU may pick bf16)">
              <select
                value={form.inferPrecision}
                onChange={(e) => set("inferPrecision", e.target.value as InferPrecision | "")}
                data-testid="bench-infer-precision"
              >
                <option value="">device default</option>
                {INFER_PRECISIONS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Device" error={fieldError("device")} hint="any device of the project's target">
              <select value={form.device} onChange={(e) => set("device", e.target.value)} data-testid="bench-device">
                <option value="">{projectDevice} (project)</option>
                {devicesShown
                  .filter((d) => d.name !== projectDevice)
                  .map((d) => (
                    <option key={d.name} value={d.name} title={d.full_name}>
                      {d.name}
                      {d.full_name ? ` — ${d.full_name}` : ""}
                    </option>
                  ))}
              </select>
            </Field>
          </div>
          <div className="shapes" data-testid="bench-shapes">
            <div className="field-label">Input shapes</div>
            {inputs === undefined ? (
              <div className="field-hint">loading the model's inputs…</div>
            ) : dynamic.length === 0 ? (
              <div className="field-hint" data-testid="bench-shapes-static">
                static: {inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join(", ") || "no inputs"} — nothing to set
              </div>
            ) : (
              <div className="form-grid form-grid-4">
                {dynamic.map((input) => {
                  const key = `shape:${input.name}`;
                  const err = fieldError(key) ?? (server.field === "shape" && server.display instanceof Error ? server.display.message : undefined);
                  return (
                    <Field
                      key={input.name}
                      label={
                        <>
                          <span className="mono">{input.name}</span> <span className="muted">{formatShape(input.shape)}</span>
                        </>
                      }
                      error={err}
                      hint="a size for each ?, e.g. 1, 3, 224, 224"
                    >
                      <input
                        type="text"
                        spellCheck={false}
                        className="mono"
                        value={form.shapes[input.name] ?? shapeTemplate(input.shape)}
                        onChange={(e) => set("shapes", { ...form.shapes, [input.name]: e.target.value })}
                        data-testid="bench-shape"
                        data-input={input.name}
                        aria-invalid={!!err}
                      />
                    </Field>
                  );
                })}
              </div>
            )}
          </div>
        </div>
      )}
      {error != null && <ErrorBox error={server.display} title="Cannot start the benchmark" testId="bench-error" />}
    </form>
  );
}

function LowLevelReason({ onFix }: { onFix: () => void }) {
  return (
    <>
      {LOW_LEVEL_REASON}.{" "}
      <button type="button" className="link-button" onClick={onFix} data-testid="bench-hint-none">
        Use hint NONE
      </button>
    </>
  );
}

/** Field errors of the settings that a layer profile shares with benchmarks, for the profile form. */
export function sharedErrorList(errors: FieldErrors): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === "batch" || k.startsWith("shape:"))
    .map(([k, v]) => (k.startsWith("shape:") ? `shape of ${k.slice(6)}: ${v}` : `${k}: ${v}`));
}

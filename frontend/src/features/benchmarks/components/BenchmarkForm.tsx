/**
 * Benchmark settings as benchmark_app has them: a compact main row (how long, which hint, run) and an
 * "Advanced" disclosure (API, requests, streams/threads, batch, precision, device, shapes). The settings
 * state belongs to the project page, since the layer-profile action reuses device, batch, precision and
 * shapes.
 */
import { useId, useMemo, type FormEvent } from "react";
import { HINTS, type BenchmarkCreate, type DeviceInfo, type PerformanceHint, type TensorInfo } from "../../../api/types";
import { DisclosureButton, TagSummary } from "../../../shared/ui/Disclosure";
import { NumberField, SelectField } from "../../../shared/ui/fields";
import { ErrorBox } from "../../../shared/ui/ui";
import { advancedSummary, buildBenchmarkRequest, LIMITS, serverError, type SettingsForm } from "../lib/settings";
import { BenchmarkAdvanced } from "./BenchmarkAdvanced";
import "../benchmarks.css";

export const HINT_HELP: Record<PerformanceHint, string> = {
  THROUGHPUT: "many parallel requests: highest FPS",
  LATENCY: "one request at a time: lowest latency",
  CUMULATIVE_THROUGHPUT: "spread over all devices of a multi-device target",
  NONE: "no hint: streams, threads and requests as you set them",
};

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

  return (
    <form className="form bench-form" onSubmit={submit} data-testid="benchmark-form" noValidate>
      <div className="form-row">
        <NumberField
          label="Duration (s)"
          error={fieldError("duration")}
          className="field-narrow"
          min={0.1}
          max={LIMITS.duration}
          step="any"
          placeholder="—"
          value={form.duration}
          onChange={(v) => set("duration", v)}
          testId="bench-duration"
        />
        <NumberField
          label="Iterations"
          error={fieldError("niter")}
          hint={form.duration.trim() && form.niter.trim() ? "runs until both are reached" : undefined}
          className="field-narrow"
          min={1}
          max={LIMITS.niter}
          step={1}
          placeholder="—"
          value={form.niter}
          onChange={(v) => set("niter", v)}
          testId="bench-niter"
        />
        <SelectField
          label="Performance hint"
          hint={HINT_HELP[form.hint]}
          error={fieldError("hint")}
          className="field-hint-wide"
          value={form.hint}
          choices={HINTS}
          onChange={(v) => set("hint", v)}
          testId="bench-hint"
        />
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
          <DisclosureButton
            open={advancedOpen}
            onToggle={setAdvancedOpen}
            controls={`${ids}-advanced`}
            testId="advanced-toggle"
            attention={advancedErrors.length > 0}
            attentionTitle="an advanced setting needs attention"
          >
            Advanced
          </DisclosureButton>
          {!advancedOpen && summary.length > 0 && <TagSummary tags={summary} testId="advanced-summary" />}
        </div>
      </div>

      {advancedOpen && (
        <BenchmarkAdvanced
          id={`${ids}-advanced`}
          form={form}
          set={set}
          inputs={inputs}
          devices={devices}
          projectDevice={projectDevice}
          fieldError={fieldError}
          shapeError={server.field === "shape" && server.display instanceof Error ? server.display.message : undefined}
        />
      )}
      {error != null && <ErrorBox error={server.display} title="Cannot start the benchmark" testId="bench-error" />}
    </form>
  );
}

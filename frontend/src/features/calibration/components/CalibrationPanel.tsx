/**
 * The project page's "Optimize to INT8" section: one primary button with the defaults (default NNCF
 * quantization, preset performance, parent and child compared), an "Advanced" disclosure with every
 * setting of the API, the calibrations started here followed live (cancellable), and the project's past
 * calibrations. Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useDatasets } from "../../datasets/api/datasets";
import { useModel } from "../../models/api/models";
import { useCalibrations, useCreateCalibration } from "../api/calibrations";
import {
  CALIBRATION_METHODS,
  QUANTIZATION_PRESETS,
  WEIGHT_MODES,
  type Calibration,
  type CalibrationMethod,
  type Project,
  type QuantizationPreset,
  type WeightMode,
} from "../../../api/types";
import {
  buildCalibrationRequest,
  CALIBRATION_LIMITS,
  calibrationOutcome,
  calibrationSummary,
  DEFAULT_CALIBRATION,
  describeCalibration,
  figureTone,
  formatSizeChange,
  formatTimes,
  isInt4,
  PRESET_HELP,
  usesSamples,
  WEIGHT_MODE_HELP,
  type CalibrationForm,
  type DropType,
  type SubsetKind,
} from "../lib/calibration";
import { formatAgo, formatDateTime, isJobFinished } from "../../../shared/lib/format";
import { serverError } from "../../benchmarks/lib/settings";
import { Field } from "../../../shared/ui/fields";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, StatusChip } from "../../../shared/ui/ui";

const METHOD_TEXT: Record<CalibrationMethod, { title: string; body: ReactNode }> = {
  default: {
    title: "Default quantization",
    body: "INT8 weights and activations (nncf.quantize): statistics from the dataset's inputs, no labels needed.",
  },
  accuracy_aware: {
    title: "Accuracy-aware quantization",
    body:
      "Like the default, then reverts the layers that cost the most accuracy to floating point until the drop " +
      "is within a limit (nncf.quantize_with_accuracy_control). Needs an annotated dataset and a metric.",
  },
  weight_compression: {
    title: "Weight compression",
    body:
      "Weights only, to INT8 or INT4 (nncf.compress_weights); activations stay in floating point. No samples " +
      "needed: for large transformers (LLMs), where the weights dominate.",
  },
};

function MethodChoice({ value, onChange }: { value: CalibrationMethod; onChange: (m: CalibrationMethod) => void }) {
  const name = useId();
  return (
    <fieldset className="radio-cards" data-testid="calib-methods">
      <legend className="field-label">Method</legend>
      {CALIBRATION_METHODS.map((m) => (
        <label key={m} className={`radio-card${value === m ? " on" : ""}`}>
          <input
            type="radio"
            name={name}
            value={m}
            checked={value === m}
            onChange={() => onChange(m)}
            data-testid="calib-method"
            data-method={m}
          />
          <span className="radio-card-text">
            <span className="radio-card-title">
              {METHOD_TEXT[m].title}
              {m === "accuracy_aware" && <span className="tag tag-light">needs annotations</span>}
            </span>
            <span className="radio-card-body">{METHOD_TEXT[m].body}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Check({
  checked,
  onChange,
  children,
  testId,
  title,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
  testId: string;
  title?: string;
}) {
  return (
    <label className="check" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {children}
    </label>
  );
}

function AdvancedFields({
  form,
  set,
  errors,
  datasetCount,
}: {
  form: CalibrationForm;
  set: <K extends keyof CalibrationForm>(key: K, value: CalibrationForm[K]) => void;
  errors: Record<string, string>;
  datasetCount: number | null;
}) {
  const samples = usesSamples(form.method);
  const int4 = isInt4(form.weightMode);
  const defaultSubset = datasetCount == null ? "NNCF's default: 300, or the whole dataset if smaller" : `NNCF's default: ${Math.min(300, datasetCount)} of the dataset's ${datasetCount}`;
  return (
    <div className="advanced calib-advanced" data-testid="calibration-advanced">
      <MethodChoice value={form.method} onChange={(m) => set("method", m)} />
      {form.method === "accuracy_aware" && (
        <div className="notice" data-testid="calib-accuracy-note">
          Accuracy-aware quantization measures the accuracy of every candidate, so it needs a dataset with
          annotations (labels) and a metric. Datasets made of random or unlabelled inputs have none: the API
          refuses the request and says why.
        </div>
      )}

      {samples ? (
        <div className="form-grid form-grid-4">
          <Field label="Preset" hint={PRESET_HELP[form.preset]}>
            <select value={form.preset} onChange={(e) => set("preset", e.target.value as QuantizationPreset)} data-testid="calib-preset">
              {QUANTIZATION_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Calibration subset"
            error={errors.subset}
            hint={form.subsetKind === "default" ? defaultSubset : form.subsetKind === "size" ? "samples for the statistics" : "% of the dataset"}
          >
            <span className="input-pair">
              <select
                value={form.subsetKind}
                onChange={(e) => set("subsetKind", e.target.value as SubsetKind)}
                data-testid="calib-subset-kind"
                aria-label="Subset given as"
              >
                <option value="default">default</option>
                <option value="size">samples</option>
                <option value="percent">percent</option>
              </select>
              <input
                type="number"
                min={form.subsetKind === "percent" ? 0 : 1}
                max={form.subsetKind === "percent" ? 100 : CALIBRATION_LIMITS.subsetSize}
                step={form.subsetKind === "percent" ? "any" : 1}
                placeholder={form.subsetKind === "default" ? "auto" : form.subsetKind === "size" ? "e.g. 300" : "e.g. 10"}
                value={form.subsetKind === "default" ? "" : form.subset}
                disabled={form.subsetKind === "default"}
                onChange={(e) => set("subset", e.target.value)}
                data-testid="calib-subset"
                aria-invalid={!!errors.subset}
                aria-label="Subset"
              />
            </span>
          </Field>
          <div className="field calib-checks">
            <span className="field-label">Options</span>
            <Check
              checked={form.fastBiasCorrection}
              onChange={(v) => set("fastBiasCorrection", v)}
              testId="calib-fast-bias"
              title="off: the full bias correction, slower and sometimes more accurate"
            >
              fast bias correction
            </Check>
            <Check
              checked={form.transformer}
              onChange={(v) => set("transformer", v)}
              testId="calib-transformer"
              title="model_type=transformer: NNCF's patterns for attention blocks"
            >
              transformer model
            </Check>
          </div>
          {form.method === "accuracy_aware" ? (
            <Field label="Max accuracy drop" error={errors.maxDrop} hint="the largest drop allowed">
              <span className="input-pair">
                <input
                  type="number"
                  min={0}
                  max={CALIBRATION_LIMITS.maxDrop}
                  step="any"
                  value={form.maxDrop}
                  onChange={(e) => set("maxDrop", e.target.value)}
                  data-testid="calib-max-drop"
                  aria-invalid={!!errors.maxDrop}
                />
                <select value={form.dropType} onChange={(e) => set("dropType", e.target.value as DropType)} data-testid="calib-drop-type" aria-label="Drop type">
                  <option value="absolute">absolute</option>
                  <option value="relative">relative</option>
                </select>
              </span>
            </Field>
          ) : (
            <div />
          )}
        </div>
      ) : (
        <div className="form-grid form-grid-4">
          <Field label="Weight mode" hint={WEIGHT_MODE_HELP[form.weightMode]}>
            <select value={form.weightMode} onChange={(e) => set("weightMode", e.target.value as WeightMode)} data-testid="calib-weight-mode">
              {WEIGHT_MODES.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Ratio" error={int4 ? errors.ratio : undefined} hint={int4 ? "share of the layers in INT4, the rest INT8" : "INT4 modes only"}>
            <input
              type="number"
              min={0}
              max={1}
              step="any"
              value={int4 ? form.ratio : ""}
              placeholder={int4 ? "1" : "—"}
              disabled={!int4}
              onChange={(e) => set("ratio", e.target.value)}
              data-testid="calib-ratio"
              aria-invalid={int4 && !!errors.ratio}
            />
          </Field>
          <Field label="Group size" error={int4 ? errors.groupSize : undefined} hint={int4 ? "weights per scale; -1: per channel" : "INT4 modes only"}>
            <input
              type="number"
              min={-1}
              max={CALIBRATION_LIMITS.groupSize}
              step={1}
              value={int4 ? form.groupSize : ""}
              placeholder={int4 ? "-1" : "—"}
              disabled={!int4}
              onChange={(e) => set("groupSize", e.target.value)}
              data-testid="calib-group-size"
              aria-invalid={int4 && !!errors.groupSize}
            />
          </Field>
        </div>
      )}

      <div className="shapes">
        <div className="field-label">
          Ignored scope <span className="muted small">— operations left in floating point; comma-separated{samples ? "" : " (quantization only)"}</span>
        </div>
        <div className="form-grid">
          <Field label="Names" error={errors.ignoredNames} hint="exact operation names">
            <input
              type="text"
              className="mono"
              spellCheck={false}
              placeholder="e.g. Conv_0, fc_out"
              value={form.ignoredNames}
              disabled={!samples}
              onChange={(e) => set("ignoredNames", e.target.value)}
              data-testid="calib-ignored-names"
              aria-invalid={!!errors.ignoredNames}
            />
          </Field>
          <Field label="Types" error={errors.ignoredTypes} hint="operation types">
            <input
              type="text"
              className="mono"
              spellCheck={false}
              placeholder="e.g. MatMul, Add"
              value={form.ignoredTypes}
              disabled={!samples}
              onChange={(e) => set("ignoredTypes", e.target.value)}
              data-testid="calib-ignored-types"
              aria-invalid={!!errors.ignoredTypes}
            />
          </Field>
          <Field label="Patterns" error={errors.ignoredPatterns} hint="regular expressions on the name; commas inside {…} or […] stay">
            <input
              type="text"
              className="mono"
              spellCheck={false}
              placeholder="e.g. .*attention.*"
              value={form.ignoredPatterns}
              disabled={!samples}
              onChange={(e) => set("ignoredPatterns", e.target.value)}
              data-testid="calib-ignored-patterns"
              aria-invalid={!!errors.ignoredPatterns}
            />
          </Field>
        </div>
      </div>

      <div className="shapes">
        <div className="form-grid form-grid-4">
          <div className="field calib-checks">
            <span className="field-label">Comparison</span>
            <Check checked={form.compare} onChange={(v) => set("compare", v)} testId="calib-compare" title="benchmark and profile parent and child afterwards">
              benchmark parent and child
            </Check>
          </div>
          <Field
            label="Compare for (s)"
            error={form.compare ? errors.compareSeconds : undefined}
            hint={form.compare ? "each benchmark; then a 50-iteration layer profile of each" : "no comparison"}
          >
            <input
              type="number"
              min={CALIBRATION_LIMITS.compareSeconds.min}
              max={CALIBRATION_LIMITS.compareSeconds.max}
              step="any"
              value={form.compare ? form.compareSeconds : ""}
              disabled={!form.compare}
              onChange={(e) => set("compareSeconds", e.target.value)}
              data-testid="calib-compare-seconds"
              aria-invalid={form.compare && !!errors.compareSeconds}
            />
          </Field>
          <Field label="Name" error={errors.name} hint="of the INT8 model and project; empty: “<project> INT8”">
            <input
              type="text"
              maxLength={CALIBRATION_LIMITS.name + 20}
              placeholder="automatic"
              value={form.name}
              onChange={(e) => set("name", e.target.value)}
              data-testid="calib-name"
              aria-invalid={!!errors.name}
            />
          </Field>
        </div>
      </div>
    </div>
  );
}

function CalibrationFormView({ project, onStarted }: { project: Project; onStarted: (c: Calibration) => void }) {
  const ids = useId();
  const create = useCreateCalibration(project.id);
  const datasets = useDatasets();
  const model = useModel(project.model_id);
  const [form, setFormState] = useState<CalibrationForm>(DEFAULT_CALIBRATION);
  const [open, setOpen] = useState(false);
  const { body, errors } = useMemo(() => buildCalibrationRequest(project.id, form), [project.id, form]);
  const server = serverError(create.error);
  const set = <K extends keyof CalibrationForm>(key: K, value: CalibrationForm[K]) => {
    setFormState((f) => ({ ...f, [key]: value }));
    if (create.error) create.reset();
  };
  const summary = calibrationSummary(form);
  const datasetCount = datasets.data?.data.find((d) => d.id === project.dataset_id)?.count ?? null;
  const alreadyQuantized = model.data?.origin === "int8";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body) {
      setOpen(true);
      const el = e.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => el.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    create.mutate(body, { onSuccess: onStarted });
  };
  const errorCount = Object.keys(errors).length;
  return (
    <form className="form calib-form" onSubmit={submit} data-testid="calibration-form" noValidate>
      <div className="form-row">
        <div className="field field-submit">
          <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="calibrate-submit">
            {create.isPending ? "Starting…" : form.method === "weight_compression" ? "Compress the weights" : "Optimize to INT8"}
          </button>
        </div>
        <div className="field field-submit field-advanced">
          <button
            type="button"
            className={`btn btn-ghost disclosure${open ? " open" : ""}`}
            aria-expanded={open}
            aria-controls={`${ids}-advanced`}
            onClick={() => setOpen(!open)}
            data-testid="calibration-advanced-toggle"
          >
            <svg className="disclosure-mark" viewBox="0 0 10 10" aria-hidden>
              <path d="M3 1.5 L7 5 L3 8.5" />
            </svg>
            Advanced
            {errorCount > 0 && <span className="dot dot-offline" title="a setting needs attention" />}
          </button>
          {!open && summary.length > 0 && (
            <span className="advanced-summary" data-testid="calibration-summary">
              {summary.map((s) => (
                <span key={s} className="tag">
                  {s}
                </span>
              ))}
            </span>
          )}
        </div>
        <p className="form-note muted small">
          Post-training quantization with NNCF on this project's dataset
          {datasetCount != null ? ` (${datasetCount.toLocaleString("en-US")} inputs)` : ""}: a new INT8 model (a child of
          this one) and its project on the same target; then
          {form.compare ? ` both are benchmarked for ${form.compareSeconds.trim() || "?"} s each and their layers profiled` : " no comparison"}
          . Accuracy is not measured: the dataset has no annotations.
        </p>
      </div>
      {alreadyQuantized && (
        <div className="notice" data-testid="calib-already-int8">
          This project's model is already INT8; NNCF needs a floating-point model.{" "}
          {model.data?.parent_id && <Link to={`/models/${model.data.parent_id}`}>Open its parent</Link>}
        </div>
      )}
      {open && (
        <div id={`${ids}-advanced`}>
          <AdvancedFields form={form} set={set} errors={errors} datasetCount={datasetCount} />
        </div>
      )}
      {create.error != null && <ErrorBox error={server.display} title="Cannot start the calibration" testId="calibration-error" />}
    </form>
  );
}

function LiveCalibration({ initial, projectId }: { initial: Calibration; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState(isJobFinished(initial.job) ? initial.job : null);
  const events = useJobEvents(initial.job.id, initial.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.calibrations(projectId) });
    void qc.invalidateQueries({ queryKey: keys.calibration(initial.id) });
    void qc.invalidateQueries({ queryKey: keys.models });
    void qc.invalidateQueries({ queryKey: keys.projects, exact: true });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-calibration" data-calibration-id={initial.id}>
      <JobProgressView
        jobId={initial.job.id}
        events={events}
        label={describeCalibration(initial.settings)}
        testId="calibration-progress"
        cancellable
      />
      <div className="live-done">
        {final?.status === "succeeded" ? <span>Calibrated. </span> : null}
        <Link
          className={`btn btn-small${final?.status === "succeeded" ? " btn-primary" : ""}`}
          to={`/calibrations/${initial.id}`}
          data-testid="open-calibration"
        >
          {final ? (final.status === "succeeded" ? "Open the report" : "Details") : "Watch on its page"}
        </Link>
      </div>
    </div>
  );
}

function CalibrationHistory({ rows }: { rows: Calibration[] }) {
  if (rows.length === 0) return <Empty>No calibration yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="calibration-history">
      <thead>
        <tr>
          <th>Started</th>
          <th>Settings</th>
          <th>Status</th>
          <th className="num">Throughput</th>
          <th className="num">Size</th>
          <th>Verdict</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const r = c.report;
          const tput = figureTone("throughput", r?.throughput_ratio);
          const size = figureTone("size", r?.size_change);
          return (
            <tr key={c.id} data-testid="calibration-row" data-calibration-id={c.id} data-status={c.job.status}>
              <td title={formatDateTime(c.created_at)}>{formatAgo(c.created_at)}</td>
              <td className="small">{describeCalibration(c.settings)}</td>
              <td>
                <StatusChip status={c.job.status} />
              </td>
              <td className={`num strong${tput === "ok" ? " ok-text" : tput === "bad" ? " bad-text" : ""}`}>
                {formatTimes(r?.throughput_ratio)}
              </td>
              <td className={`num${size === "ok" ? " ok-text" : size === "bad" ? " bad-text" : ""}`}>{formatSizeChange(r?.size_change)}</td>
              <td className={`small cell-note${c.job.status === "failed" ? " bad-text mono" : ""}`} data-testid="calibration-outcome" title={r?.verdict ?? c.job.error?.message ?? undefined}>
                {calibrationOutcome(c)}
              </td>
              <td className="right">
                <Link to={`/calibrations/${c.id}`} className="btn btn-small" data-testid="calibration-open">
                  {r ? "Report" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function CalibrationPanel({ project }: { project: Project }) {
  const calibrations = useCalibrations(project.id);
  const [started, setStarted] = useState<Calibration[]>([]);
  const startedIds = new Set(started.map((c) => c.id));
  const running = (calibrations.data?.data ?? []).filter((c) => !isJobFinished(c.job) && !startedIds.has(c.id));
  const live = [...started, ...running].slice(0, 2); // each one holds an HTTP connection open
  return (
    <>
      <CalibrationFormView project={project} onStarted={(c) => setStarted((list) => [c, ...list.filter((x) => x.id !== c.id)])} />
      {live.length > 0 && (
        <div className="live-profiles">
          {live.map((c) => (
            <LiveCalibration key={c.id} initial={c} projectId={project.id} />
          ))}
        </div>
      )}
      <div className="subsection">
        <div className="subsection-title">Calibrations</div>
        {calibrations.isLoading ? (
          <Loading />
        ) : calibrations.error ? (
          <ErrorBox error={calibrations.error} title="Cannot list calibrations" />
        ) : (
          <CalibrationHistory rows={calibrations.data?.data ?? []} />
        )}
      </div>
    </>
  );
}

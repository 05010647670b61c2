/**
 * The project page's "Accuracy" section: the project's saved configuration as a form (Save; Export
 * downloads it as JSON, Import loads a JSON file into the form), "Measure accuracy" with the form's
 * configuration followed live (cancellable), and the project's accuracy runs. A project whose dataset
 * has no annotations (random inputs) is told why accuracy cannot be measured; the API's refusal is shown
 * as it comes. Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useDataset } from "../../datasets/api/datasets";
import { useAccuracies, useAccuracyConfig, useCreateAccuracy, useSaveAccuracyConfig } from "../api/accuracy";
import type { AccuracyRun, Project } from "../../../api/types";
import {
  buildAccuracyConfig,
  configSummary,
  formFromConfig,
  parseAccuracyConfigJson,
  runOutcome,
  topMetric,
  type AccuracyForm,
} from "../lib/accuracy";
import { isAnnotated, isRandomDataset } from "../../datasets/lib/datasets";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { formatAgo, formatDateTime, formatNumber, isJobFinished } from "../../../shared/lib/format";
import { AccuracyConfigFields } from "./AccuracyConfigFields";
import { serverError } from "../../benchmarks/lib/settings";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, StatusChip } from "../../../shared/ui/ui";
import "../../../shared/ui/images.css";

function LiveAccuracy({ initial, projectId }: { initial: AccuracyRun; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState(isJobFinished(initial.job) ? initial.job : null);
  const events = useJobEvents(initial.job.id, initial.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.accuracies(projectId) });
    void qc.invalidateQueries({ queryKey: keys.accuracy(initial.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-accuracy" data-accuracy-id={initial.id}>
      <JobProgressView jobId={initial.job.id} events={events} label={`accuracy · ${configSummary(initial.config).join(" · ")}`} testId="accuracy-progress" cancellable />
      <div className="live-done">
        {final?.status === "succeeded" ? <span>Measured. </span> : null}
        <Link
          className={`btn btn-small${final?.status === "succeeded" ? " btn-primary" : ""}`}
          to={`/accuracy/${initial.id}`}
          data-testid="open-accuracy"
        >
          {final ? (final.status === "succeeded" ? "Open the result" : "Details") : "Watch on its page"}
        </Link>
      </div>
    </div>
  );
}

function AccuracyRuns({ rows }: { rows: AccuracyRun[] }) {
  if (rows.length === 0) return <Empty>No accuracy run yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="accuracy-runs">
      <thead>
        <tr>
          <th>Started</th>
          <th>Configuration</th>
          <th>Status</th>
          <th className="num">Top metric</th>
          <th className="num">Images/s</th>
          <th>Verdict</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const top = topMetric(r);
          return (
            <tr key={r.id} data-testid="accuracy-row" data-accuracy-id={r.id} data-status={r.job.status}>
              <td title={formatDateTime(r.job.created_at)}>{formatAgo(r.job.created_at)}</td>
              <td className="small">
                {configSummary(r.config).map((t) => (
                  <span key={t} className="tag tag-light">
                    {t}
                  </span>
                ))}
              </td>
              <td>
                <StatusChip status={r.job.status} />
              </td>
              <td className="num strong" data-testid="accuracy-row-metric" title={top?.name}>
                {top ? top.text : "—"}
              </td>
              <td className="num">{r.result ? formatNumber(r.result.images_per_second, 0) : "—"}</td>
              <td className={`small cell-note${r.job.status === "failed" ? " bad-text mono" : ""}`} data-testid="accuracy-row-verdict">
                {runOutcome(r)}
              </td>
              <td className="right">
                <Link to={`/accuracy/${r.id}`} className="btn btn-small" data-testid="accuracy-open">
                  {r.result ? "Result" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

type ImportMessage = { tone: "ok" | "warn" | "bad"; text: string } | null;

function ConfigForm({ project, onStarted }: { project: Project; onStarted: (run: AccuracyRun) => void }) {
  const saved = useAccuracyConfig(project.id);
  const save = useSaveAccuracyConfig(project.id);
  const create = useCreateAccuracy(project.id);
  const dataset = useDataset(project.dataset_id);
  const fileInput = useRef<HTMLInputElement>(null);
  const [form, setFormState] = useState<AccuracyForm | null>(null);
  const [message, setMessage] = useState<ImportMessage>(null);

  // the saved configuration, as the form would send it (what "unsaved changes" compares against)
  const savedConfig = useMemo(() => {
    if (!saved.data) return null;
    try {
      return buildAccuracyConfig(formFromConfig(saved.data).form).config;
    } catch {
      return null;
    }
  }, [saved.data]);
  if (form === null && saved.data) {
    try {
      setFormState(formFromConfig(saved.data).form);
    } catch (e) {
      setMessage({ tone: "bad", text: `The saved configuration cannot be shown: ${e instanceof Error ? e.message : String(e)}` });
      setFormState(formFromConfig({}).form);
    }
  }
  const built = useMemo(() => (form ? buildAccuracyConfig(form) : { config: null, errors: {} }), [form]);
  if (saved.isLoading) return <Loading label="Loading the saved configuration…" />;
  if (saved.error) return <ErrorBox error={saved.error} title="Cannot load the accuracy configuration" />;
  if (!form) return null;

  const dirty = built.config != null && JSON.stringify(built.config) !== JSON.stringify(savedConfig);
  const set = <K extends keyof AccuracyForm>(key: K, value: AccuracyForm[K]) => {
    setFormState((f) => (f ? { ...f, [key]: value } : f));
    if (save.error || save.isSuccess) save.reset();
    if (create.error) create.reset();
  };
  const invalid = built.config == null;
  const d = dataset.data;
  const needsAnnotations = d != null && !isAnnotated(d);
  const server = serverError(create.error);

  const onSave = () => {
    if (built.config) save.mutate(built.config);
  };
  const onExport = () => {
    if (!built.config) return;
    downloadText(safeFilename(`accuracy-config-${project.name || project.id}`, "json"), jsonText(built.config), "application/json");
  };
  const onImport = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseAccuracyConfigJson(await file.text());
    if (fileInput.current) fileInput.current.value = "";
    if ("error" in parsed) {
      setMessage({ tone: "bad", text: `${file.name}: ${parsed.error}` });
      return;
    }
    setFormState(parsed.form);
    save.reset();
    create.reset();
    setMessage({
      tone: parsed.warnings.length > 0 ? "warn" : "ok",
      text: `Loaded ${file.name} into the form${parsed.warnings.length > 0 ? ` (${parsed.warnings.join("; ")})` : ""}. Save to keep it for this project.`,
    });
  };
  const onMeasure = () => {
    if (built.config) create.mutate({ config: built.config }, { onSuccess: onStarted });
  };

  return (
    <div className="accuracy-config" data-testid="accuracy-config" data-dirty={dirty ? "true" : "false"}>
      {needsAnnotations && (
        <div className="notice" data-testid="accuracy-needs-annotations">
          {isRandomDataset(d)
            ? `This project's dataset “${d.name}” is made of random inputs: they have no annotations, so there is nothing to score predictions against.`
            : `This project's dataset “${d.name}” has no annotations (plain images).`}{" "}
          Accuracy needs an imported, annotated dataset: <Link to="/datasets">import one</Link> (ImageNet list, class
          folders, COCO or VOC), then make a project of this model with it.
        </div>
      )}
      <AccuracyConfigFields form={form} set={set} errors={built.errors} testIdPrefix="accuracy" />
      <div className="form-actions accuracy-actions">
        <button type="button" className="btn btn-primary" onClick={onMeasure} disabled={invalid || create.isPending} data-testid="accuracy-measure">
          {create.isPending ? "Starting…" : "Measure accuracy"}
        </button>
        <button type="button" className="btn" onClick={onSave} disabled={invalid || save.isPending || !dirty} data-testid="accuracy-save" title="Keep this configuration as the project's (runs from the CLI use it too)">
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn" onClick={onExport} disabled={invalid} data-testid="accuracy-export" title="Download the form's configuration as JSON">
          Export
        </button>
        <button type="button" className="btn" onClick={() => fileInput.current?.click()} data-testid="accuracy-import" title="Load a JSON configuration file into the form">
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".json,application/json"
          data-testid="accuracy-import-input"
          onChange={(e) => void onImport(e.target.files?.[0])}
        />
        <span className={`small ${dirty ? "warn" : "muted"}`} data-testid="accuracy-save-state" data-state={save.isSuccess && !dirty ? "saved" : dirty ? "unsaved" : "clean"}>
          {save.isSuccess && !dirty ? "Saved." : dirty ? "Unsaved changes (Measure uses the form as it is)." : "As saved for this project."}
        </span>
      </div>
      {message && (
        <div className={message.tone === "bad" ? "alert alert-error" : message.tone === "warn" ? "notice" : "muted small"} data-testid="accuracy-import-message" data-tone={message.tone}>
          {message.text}
        </div>
      )}
      {save.error != null && <ErrorBox error={serverError(save.error).display} title="Cannot save the configuration" testId="accuracy-save-error" />}
      {create.error != null && <ErrorBox error={server.display} title="Cannot measure accuracy" testId="accuracy-error" />}
      <p className="form-note muted small">
        The model runs on the project's target ({project.target_id}, {project.device}) over the dataset's images
        {d ? ` (${d.count.toLocaleString("en-US")} in “${d.name}”)` : ""}, pre-processed as above; its outputs are read by the
        adapter and scored against the annotations.
      </p>
    </div>
  );
}

export function AccuracyPanel({ project }: { project: Project }) {
  const runs = useAccuracies(project.id);
  const [started, setStarted] = useState<AccuracyRun[]>([]);
  const startedIds = new Set(started.map((r) => r.id));
  const running = (runs.data?.data ?? []).filter((r) => !isJobFinished(r.job) && !startedIds.has(r.id));
  const live = [...started, ...running].slice(0, 2); // each one holds an HTTP connection open
  return (
    <>
      <ConfigForm project={project} onStarted={(r) => setStarted((list) => [r, ...list.filter((x) => x.id !== r.id)])} />
      {live.length > 0 && (
        <div className="live-profiles">
          {live.map((r) => (
            <LiveAccuracy key={r.id} initial={r} projectId={project.id} />
          ))}
        </div>
      )}
      <div className="subsection">
        <div className="subsection-title">Accuracy runs</div>
        {runs.isLoading ? (
          <Loading />
        ) : runs.error ? (
          <ErrorBox error={runs.error} title="Cannot list accuracy runs" />
        ) : (
          <AccuracyRuns rows={runs.data?.data ?? []} />
        )}
      </div>
    </>
  );
}

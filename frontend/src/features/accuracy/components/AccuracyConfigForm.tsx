/** The accuracy configuration of a project (import, edit, save) and the start of a run. */
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { useDataset } from "../../datasets/api/datasets";
import { useAccuracyConfig, useCreateAccuracy, useSaveAccuracyConfig } from "../api/accuracy";
import type { AccuracyRun, InferPrecision, Project } from "../../../api/types";
import { useTargets } from "../../targets/api/targets";
import { InferPrecisionSelect } from "../../../shared/ui/InferPrecisionSelect";
import { buildAccuracyConfig, formFromConfig, parseAccuracyConfigJson, type AccuracyForm } from "../lib/accuracy";
import { isAnnotated, isRandomDataset } from "../../datasets/lib/datasets";
import { publishAccuracyDraft } from "../lib/draft";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { AccuracyConfigFields } from "./AccuracyConfigFields";
import { serverError } from "../../benchmarks/lib/settings";
import { ErrorBox, Loading } from "../../../shared/ui/ui";
import "../../../shared/ui/images.css";

export type ImportMessage = { tone: "ok" | "warn" | "bad"; text: string } | null;

export function ConfigForm({ project, onStarted }: { project: Project; onStarted: (run: AccuracyRun) => void }) {
  const saved = useAccuracyConfig(project.id);
  const save = useSaveAccuracyConfig(project.id);
  const create = useCreateAccuracy(project.id);
  const dataset = useDataset(project.dataset_id);
  const fileInput = useRef<HTMLInputElement>(null);
  const [form, setFormState] = useState<AccuracyForm | null>(null);
  const [message, setMessage] = useState<ImportMessage>(null);
  const [inferPrecision, setInferPrecision] = useState<InferPrecision | "">("");
  const targets = useTargets();
  const devices = targets.data?.data.find((t) => t.id === project.target_id)?.inventory.devices ?? [];

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
  // the form's values for the INT8 panel: a calibration runs on what the user sees here
  useEffect(() => {
    if (form) publishAccuracyDraft(project.id, { config: built.config, saved: savedConfig });
  }, [project.id, form, built.config, savedConfig]);
  useEffect(() => () => publishAccuracyDraft(project.id, null), [project.id]);
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
    if (built.config) create.mutate({ config: built.config, infer_precision: inferPrecision || null }, { onSuccess: onStarted });
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
      <InferPrecisionSelect value={inferPrecision} onChange={setInferPrecision} devices={devices} device={project.device} testId="accuracy-infer-precision" className="field-narrow" />
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

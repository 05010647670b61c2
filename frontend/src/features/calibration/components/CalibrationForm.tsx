/** The calibration form: one primary button with the defaults and an "Advanced" disclosure with every setting. */
import { useId, useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useDataset } from "../../datasets/api/datasets";
import { useSaveAccuracyConfig } from "../../accuracy/api/accuracy";
import { useAccuracyDraft } from "../../accuracy/lib/draft";
import { useModel } from "../../models/api/models";
import { useCreateCalibration } from "../api/calibrations";
import { type Calibration, type Project } from "../../../api/types";
import { calibrationSummary } from "../lib/calibration";
import { buildCalibrationRequest, DEFAULT_CALIBRATION, type CalibrationForm } from "../lib/calibrationForm";
import { serverError } from "../../benchmarks/lib/settings";
import { ErrorBox } from "../../../shared/ui/ui";
import { DisclosureButton, TagSummary } from "../../../shared/ui/Disclosure";
import { AdvancedFields } from "./CalibrationAdvanced";
import { SettingsDialog } from "./SettingsDialog";
import { accuracyCheckNote, accuracyToSend, settingsChoice } from "../lib/int8Settings";

export function CalibrationFormView({ project, onStarted }: { project: Project; onStarted: (c: Calibration) => void }) {
  const ids = useId();
  const create = useCreateCalibration(project.id);
  const dataset = useDataset(project.dataset_id);
  const draft = useAccuracyDraft(project.id);
  const saveConfig = useSaveAccuracyConfig(project.id);
  const [asking, setAsking] = useState<"ask" | "ask-invalid" | null>(null);
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
  const datasetCount = dataset.data?.count ?? null;
  const images = dataset.data != null && dataset.data.kind !== "random";
  // the accuracy settings: the form's values as the user sees them, or the saved ones when the user says so
  const start = (use: "form" | "saved") => {
    if (!body) return;
    const accuracy = accuracyToSend(draft, use);
    create.mutate(accuracy ? { ...body, accuracy } : body, { onSuccess: onStarted, onSettled: () => setAsking(null) });
  };
  const saveAndStart = () => {
    if (draft?.config) saveConfig.mutate(draft.config, { onSuccess: () => start("form"), onError: () => setAsking(null) });
  };
  const alreadyQuantized = model.data?.origin === "int8";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body) {
      setOpen(true);
      const el = e.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => el.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const choice = images ? settingsChoice(draft) : "saved"; // random inputs are not pre-processed
    if (choice === "ask" || choice === "ask-invalid") setAsking(choice);
    else start(choice);
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
          <DisclosureButton open={open} onToggle={setOpen} controls={`${ids}-advanced`} testId="calibration-advanced-toggle" attention={errorCount > 0}>
            Advanced
          </DisclosureButton>
          {!open && summary.length > 0 && <TagSummary tags={summary} testId="calibration-summary" />}
        </div>
        <p className="form-note muted small">
          Post-training quantization with NNCF on this project's dataset
          {datasetCount != null ? ` (${datasetCount.toLocaleString("en-US")} inputs)` : ""}: a new INT8 model (a child of
          this one) and its project on the same target; then
          {form.compare ? ` both are benchmarked for ${form.compareSeconds.trim() || "?"} s each and their layers profiled` : " no comparison"}
          .{" "}
          <span data-testid="calibration-accuracy-check">
            {accuracyCheckNote(dataset.data, draft?.config?.adapter ?? draft?.saved?.adapter)}
          </span>
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
      {saveConfig.error != null && <ErrorBox error={serverError(saveConfig.error).display} title="Cannot save the accuracy settings" testId="calibration-save-error" />}
      {asking && (
        <SettingsDialog
          choice={asking}
          draft={draft}
          pending={create.isPending || saveConfig.isPending}
          onSaveAndCalibrate={saveAndStart}
          onCalibrateSaved={() => start("saved")}
          onCancel={() => setAsking(null)}
        />
      )}
    </form>
  );
}

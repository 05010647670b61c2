/**
 * INT8 on the settings the user sees (issue 11): which accuracy settings a calibration is started with,
 * what the form says about the accuracy check before it runs, and how the report states the settings and
 * the FP32-to-INT8 accuracy (percent and points, never raw fractions).
 */
import type { AccuracyConfig, Calibration, CalibrationReport, Dataset } from "../../../api/types";
import { isUnsaved, type AccuracyDraft } from "../../accuracy/lib/draft";

/**
 * How to start a calibration given the accuracy form: send the form's values ("form"); ask first when they
 * differ from the saved ones ("ask") or cannot be sent ("ask-invalid"); or, with no form on the page,
 * let the service use the saved settings ("saved").
 */
export type SettingsChoice = "form" | "ask" | "ask-invalid" | "saved";

export function settingsChoice(draft: AccuracyDraft | null): SettingsChoice {
  if (!draft) return "saved";
  if (draft.config == null) return "ask-invalid";
  return isUnsaved(draft) ? "ask" : "form";
}

/** The `accuracy` field of the calibration request for a choice the user made (undefined: the saved ones). */
export function accuracyToSend(draft: AccuracyDraft | null, use: "form" | "saved"): AccuracyConfig | undefined {
  return use === "form" && draft?.config ? draft.config : undefined;
}

/** Before it runs: will the calibration check accuracy, and if not, why. */
export function accuracyCheckNote(dataset: Pick<Dataset, "kind" | "task" | "name"> | null | undefined,
                                  adapter: string | null | undefined): string {
  if (!dataset) return "";
  if (dataset.kind === "random") return "Accuracy is not measured: random inputs have no annotations.";
  if (dataset.task == null) return `Accuracy is not measured: the dataset “${dataset.name}” has no annotations.`;
  if (dataset.task !== "classification")
    return `Accuracy is not measured here: the check scores top-1 of classification and this dataset is ${dataset.task.replace(/_/g, " ")}; measure the INT8 project's accuracy afterwards.`;
  if ((adapter ?? "classification") !== "classification")
    return `Accuracy is not measured: the check scores top-1 with the classification adapter, and the accuracy settings use ${adapter}.`;
  return "Top-1 is measured before and after on up to 300 annotated images, with the accuracy settings of this project.";
}

/** "89.4 %" */
export function formatAccuracyPercent(percent: number | null | undefined): string {
  return percent == null || !Number.isFinite(percent) ? "—" : `${percent.toFixed(1)} %`;
}

/** "-0.3 pt", "+1.2 pt", "±0.0 pt" */
export function formatPoints(points: number | null | undefined): string {
  if (points == null || !Number.isFinite(points)) return "—";
  const rounded = Math.round(points * 10) / 10;
  return rounded === 0 ? "±0.0 pt" : `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toFixed(1)} pt`;
}

export interface AccuracyRow {
  metric: string;
  fp32: string;
  int8: string;
  change: string;
  tone: "ok" | "warn" | "bad";
}

/** FP32 and INT8 side by side; a drop of more than 1 point is a warning, more than 3 bad. */
export function accuracyRow(report: Pick<CalibrationReport, "accuracy"> | null | undefined): AccuracyRow | null {
  const a = report?.accuracy;
  if (!a) return null;
  const drop = -a.delta_points;
  return {
    metric: a.metric === "top1" ? "Top-1" : a.metric,
    fp32: formatAccuracyPercent(a.fp32_percent),
    int8: formatAccuracyPercent(a.int8_percent),
    change: formatPoints(a.delta_points),
    tone: drop > 3 ? "bad" : drop > 1 ? "warn" : "ok",
  };
}

const SOURCES: Record<string, string> = {
  request: "the values in the accuracy form, sent with the calibration",
  saved: "the project's saved accuracy settings",
  default: "the defaults (the project has no saved accuracy settings)",
};

/** The report's "settings used" facts, each a [label, value] pair. */
export function settingsFacts(c: Pick<Calibration, "report" | "accuracy_settings">): [string, string][] {
  const s = c.report?.settings;
  if (!s) return [];
  const source = SOURCES[s.source] ?? s.source;
  const differs = s.source === "request" && !s.matches_saved ? " (not the saved settings)" : "";
  const rows: [string, string][] = [
    ["Settings from", `${source}${differs}`],
    ["Pre-processing", s.preprocessing],
    ["Adapter", s.adapter],
    ["Dataset", s.dataset],
    ["Statistics on", `${s.subset_size.toLocaleString("en-US")} samples`],
  ];
  if ((s.validation_images ?? 0) > 0)
    rows.push(["Accuracy check", `${(s.validation_images ?? 0).toLocaleString("en-US")} images in ${s.check_precision ?? "?"} on ${s.check_cpu_isa ?? "?"}`]);
  if (s.benchmark_precision || s.cpu_isa)
    rows.push(["Benchmarks", `parent in ${s.benchmark_precision ?? "?"} on a CPU with ${s.cpu_isa ?? "?"}`]);
  return rows;
}

const show = (value: unknown): string =>
  value == null || (Array.isArray(value) && value.length === 0) ? "none" : Array.isArray(value) ? value.join(", ") : String(value);

/** What the form changes against the saved settings, e.g. "scale 255 (saved: none)". */
export function configDifferences(form: AccuracyConfig | null, saved: AccuracyConfig | null): string[] {
  if (!form) return [];
  const pre = (c: AccuracyConfig | null) => (c?.preprocessing ?? {}) as Record<string, unknown>;
  const fields: [string, unknown, unknown][] = [
    ...["resize", "color", "layout", "mean", "scale"].map(
      (key) => [key === "color" ? "colour" : key, pre(form)[key], pre(saved)[key]] as [string, unknown, unknown],
    ),
    ["adapter", form.adapter, saved?.adapter],
    ["background offset", form.background_offset, saved?.background_offset],
  ];
  const differing = fields
    .filter(([, a, b]) => show(a) !== show(b))
    .map(([name, a, b]) => `${name} ${show(a)} (saved: ${show(b)})`);
  return differing.length > 0 || JSON.stringify(form) === JSON.stringify(saved) ? differing : ["other settings"];
}

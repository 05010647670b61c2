/**
 * Accuracy: the configuration form and its JSON (saved per project, exported, imported), the metrics as
 * figures, and the per-image results (confusion matrix, filters, sorting). Pure; see accuracy.test.ts.
 */
import type { AccuracyConfig, AccuracyRun, ImageResult, MetricValue } from "../../../api/types";
import { ADAPTERS, COLOR_ORDERS, RESIZE_MODES } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import type { Overlay } from "../../../shared/lib/images";

// ---------------------------------------------------------------------------------------------------------
// the configuration form

export interface AccuracyForm {
  resize: string;
  /** "" = the model's default (GRAY for one channel, else RGB) */
  color: string;
  /** per-channel values, comma- or space-separated; empty = none */
  mean: string;
  scale: string;
  adapter: string;
  backgroundOffset: "0" | "1";
  confidenceThreshold: string;
  nmsIou: string;
  /** "" = every image */
  maxSamples: string;
  /** keys of a loaded configuration the form does not edit: sent back as they came */
  extra: Record<string, unknown>;
  preprocessingExtra: Record<string, unknown>;
}

export type AccuracyField = "resize" | "color" | "mean" | "scale" | "adapter" | "confidenceThreshold" | "nmsIou" | "maxSamples";
export type AccuracyErrors = Partial<Record<AccuracyField, string>>;

export const DEFAULT_ACCURACY_FORM: AccuracyForm = {
  resize: "stretch",
  color: "",
  mean: "",
  scale: "",
  adapter: "classification",
  backgroundOffset: "0",
  confidenceThreshold: "0.01",
  nmsIou: "0.45",
  maxSamples: "",
  extra: {},
  preprocessingExtra: {},
};

export const MAX_CHANNELS = 4;

export const ADAPTER_HELP: Record<string, string> = {
  classification: "one score per class (logits or probabilities); top-1 and top-5",
  ssd: "SSD-style detections [image, label, conf, x1, y1, x2, y2], coordinates 0..1",
  yolo_v3: "raw YOLOv3/v4 heads per stride, decoded with the configured anchors, then NMS",
  yolo_v5: "raw YOLOv5 heads per stride, YOLOv5's decoding, then NMS",
  yolo_v8: "YOLOv8 head [1, 4 + classes, anchors]: boxes decoded, then NMS",
  blazeface: "MediaPipe SSD anchors (BlazeFace): regressors and score logits",
  yolox: "YOLOX raw grid [1, N, 5 + classes] per stride cell, decoded, then NMS",
  instance_masks: "Mask R-CNN style: boxes with scores, labels, a mask per box",
  boxes: "boxes [N, 4] with labels and scores in separate outputs, in input pixels",
  segmentation: "per-pixel class scores [1, C, H, W] or class ids; mean IoU, pixel accuracy",
  image: "an image out (super-resolution, inpainting, style transfer); PSNR, SSIM",
  landmarks: "facial points [1, 2K] or [1, K, 2]; NME",
  embedding: "a face descriptor [1, D]; pairs compared by cosine similarity (LFW verification)",
};

const DETECTION_ADAPTERS = new Set(["ssd", "yolo_v3", "yolo_v5", "yolo_v8", "blazeface", "yolox", "boxes",
  "instance_masks"]);

/** Whether the adapter reads detections (and so uses the confidence threshold and NMS). */
export const isDetectionAdapter = (adapter: string) => DETECTION_ADAPTERS.has(adapter);

/** "0.485, 0.456 0.406" → [0.485, 0.456, 0.406]; an error message for anything else. */
export function parseNumberList(text: string): { values: number[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { error: `“${p}” is not a number` };
    values.push(v);
  }
  if (values.length > MAX_CHANNELS) return { error: `at most ${MAX_CHANNELS} values (one per channel)` };
  return { values };
}

const listText = (values: readonly number[] | undefined) => (values ?? []).map((v) => String(v)).join(", ");

function numberField(text: string, check: (v: number) => string | null): { value: number } | { error: string } {
  const t = text.trim();
  if (t === "") return { error: "required" };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: "not a number" };
  const problem = check(v);
  return problem ? { error: problem } : { value: v };
}

/** The form as an AccuracyConfig (what PUT accuracy-config and POST accuracy take), or the field errors. */
export function buildAccuracyConfig(form: AccuracyForm): { config: AccuracyConfig | null; errors: AccuracyErrors } {
  const errors: AccuracyErrors = {};
  const mean = parseNumberList(form.mean);
  if ("error" in mean) errors.mean = mean.error;
  const scale = parseNumberList(form.scale);
  if ("error" in scale) errors.scale = scale.error;
  else if (scale.values.some((v) => v === 0)) errors.scale = "a scale of 0 divides by zero";
  if (!form.resize) errors.resize = "required";
  if (!form.adapter) errors.adapter = "required";
  const confidence = numberField(form.confidenceThreshold, (v) => (v < 0 || v > 1 ? "between 0 and 1" : null));
  if ("error" in confidence) errors.confidenceThreshold = confidence.error;
  const nms = numberField(form.nmsIou, (v) => (v <= 0 || v > 1 ? "above 0, at most 1" : null));
  if ("error" in nms) errors.nmsIou = nms.error;
  let maxSamples: number | null = null;
  if (form.maxSamples.trim() !== "") {
    const n = numberField(form.maxSamples, (v) => (!Number.isInteger(v) || v < 1 ? "a whole number, 1 or more" : null));
    if ("error" in n) errors.maxSamples = n.error;
    else maxSamples = n.value;
  }
  if (Object.keys(errors).length > 0 || "error" in mean || "error" in scale || "error" in confidence || "error" in nms) {
    return { config: null, errors };
  }
  const config = {
    ...form.extra,
    preprocessing: {
      ...form.preprocessingExtra,
      resize: form.resize,
      color: form.color || null,
      mean: mean.values,
      scale: scale.values,
    },
    adapter: form.adapter,
    background_offset: Number(form.backgroundOffset),
    confidence_threshold: confidence.value,
    nms_iou: nms.value,
    max_samples: maxSamples,
  } as AccuracyConfig;
  return { config, errors };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const CONFIG_KEYS = new Set(["preprocessing", "adapter", "background_offset", "confidence_threshold", "nms_iou", "max_samples"]);
const PREPROCESSING_KEYS = new Set(["resize", "color", "mean", "scale"]);

function numberList(value: unknown, where: string): number[] {
  if (value == null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new Error(`${where} must be a list of numbers`);
  }
  return value as number[];
}

function optionalNumber(value: unknown, where: string): number | null {
  if (value == null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${where} must be a number`);
  return value;
}

function optionalString(value: unknown, where: string): string | null {
  if (value == null) return null;
  if (typeof value !== "string") throw new Error(`${where} must be a string`);
  return value;
}

/**
 * A configuration (from the server, or parsed from a file) as the form. Missing fields take the defaults;
 * keys the form does not know are kept in `extra` and sent back; values the form does not know (a newer
 * adapter) are kept with a warning. Throws on values of the wrong type.
 */
export function formFromConfig(config: unknown): { form: AccuracyForm; warnings: string[] } {
  if (!isRecord(config)) throw new Error("the configuration must be a JSON object");
  const warnings: string[] = [];
  const pre = config.preprocessing ?? {};
  if (!isRecord(pre)) throw new Error("preprocessing must be an object");
  const resize = optionalString(pre.resize, "preprocessing.resize") ?? DEFAULT_ACCURACY_FORM.resize;
  if (!(RESIZE_MODES as readonly string[]).includes(resize)) warnings.push(`unknown resize mode “${resize}”`);
  const color = optionalString(pre.color, "preprocessing.color") ?? "";
  if (color && !(COLOR_ORDERS as readonly string[]).includes(color)) warnings.push(`unknown colour order “${color}”`);
  const mean = numberList(pre.mean, "preprocessing.mean");
  const scale = numberList(pre.scale, "preprocessing.scale");
  const adapter = optionalString(config.adapter, "adapter") ?? DEFAULT_ACCURACY_FORM.adapter;
  if (!(ADAPTERS as readonly string[]).includes(adapter)) warnings.push(`unknown adapter “${adapter}”`);
  const offset = optionalNumber(config.background_offset, "background_offset") ?? 0;
  if (offset !== 0 && offset !== 1) throw new Error("background_offset must be 0 or 1");
  const confidence = optionalNumber(config.confidence_threshold, "confidence_threshold");
  const nms = optionalNumber(config.nms_iou, "nms_iou");
  const maxSamples = optionalNumber(config.max_samples, "max_samples");
  const extra = Object.fromEntries(Object.entries(config).filter(([k]) => !CONFIG_KEYS.has(k)));
  const preprocessingExtra = Object.fromEntries(Object.entries(pre).filter(([k]) => !PREPROCESSING_KEYS.has(k)));
  const kept = [...Object.keys(extra), ...Object.keys(preprocessingExtra).map((k) => `preprocessing.${k}`)];
  if (kept.length > 0) warnings.push(`kept as they are: ${kept.join(", ")}`);
  return {
    form: {
      resize,
      color,
      mean: listText(mean),
      scale: listText(scale),
      adapter,
      backgroundOffset: offset === 1 ? "1" : "0",
      confidenceThreshold: confidence == null ? DEFAULT_ACCURACY_FORM.confidenceThreshold : String(confidence),
      nmsIou: nms == null ? DEFAULT_ACCURACY_FORM.nmsIou : String(nms),
      maxSamples: maxSamples == null ? "" : String(maxSamples),
      extra,
      preprocessingExtra,
    },
    warnings,
  };
}

/**
 * The text of an imported file as the form: an AccuracyConfig, or anything that holds one under "config"
 * (an exported accuracy run, a POST body).
 */
export function parseAccuracyConfigJson(text: string): { form: AccuracyForm; warnings: string[] } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (isRecord(parsed) && isRecord(parsed.config) && !("preprocessing" in parsed) && !("adapter" in parsed)) {
    parsed = parsed.config;
  }
  try {
    return formFromConfig(parsed);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Short tags for a configuration: "scale 255", "letterbox", "yolo_v8", "500 images". */
export function configSummary(
  config: Pick<AccuracyConfig, "preprocessing" | "adapter" | "background_offset" | "max_samples"> | null | undefined,
): string[] {
  if (!config) return [];
  const pre = config.preprocessing ?? {};
  const tags: string[] = [];
  tags.push(pre.resize ?? "stretch");
  if (pre.color) tags.push(pre.color);
  if (pre.mean?.length) tags.push(`mean ${pre.mean.join(",")}`);
  if (pre.scale?.length) tags.push(`scale ${pre.scale.join(",")}`);
  tags.push(config.adapter ?? "classification");
  if (config.background_offset) tags.push("background +1");
  if (config.max_samples != null) tags.push(`≤ ${config.max_samples} images`);
  return tags;
}

// ---------------------------------------------------------------------------------------------------------
// metrics

const RATIO_UNITS = new Set(["", "ratio", "fraction"]);

/** Whether a metric is a share (shown in %): no unit (or "ratio") and within 0..1. */
export const isRatioMetric = (m: Pick<MetricValue, "unit" | "value">) => RATIO_UNITS.has(m.unit ?? "") && m.value >= 0 && m.value <= 1;

/** 0.894 → "89.40%"; 31.2 dB → "31.2 dB". */
export function formatMetric(m: Pick<MetricValue, "unit" | "value">): string {
  if (isRatioMetric(m)) return `${(m.value * 100).toFixed(2)}%`;
  const unit = m.unit && !RATIO_UNITS.has(m.unit) ? ` ${m.unit}` : "";
  return `${formatNumber(m.value, 4)}${unit}`;
}

/** A metric's difference, in points for shares: +0.2 pt, −1.05 pt; otherwise in its unit. */
export function formatMetricDelta(name: string, delta: number, reference?: Pick<MetricValue, "unit" | "value">): string {
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const ratio = reference ? isRatioMetric(reference) : Math.abs(delta) <= 1 && /accuracy|map|recall|precision|iou|f1/i.test(name);
  if (ratio) return `${sign}${Math.abs(delta * 100).toFixed(2)} pt`;
  const unit = reference?.unit && !RATIO_UNITS.has(reference.unit) ? ` ${reference.unit}` : "";
  return `${sign}${formatNumber(Math.abs(delta), 4)}${unit}`;
}

/** "top1_accuracy" → "top-1 accuracy". */
export function metricLabel(name: string): string {
  return name.replace(/^top(\d+)_/, "top-$1 ").replaceAll("_", " ");
}

/** The run's headline metric (the first; the service orders them), as "top1_accuracy 89.40%". */
export function topMetric(run: Pick<AccuracyRun, "result">): { name: string; text: string; metric: MetricValue } | null {
  const m = run.result?.metrics[0];
  return m ? { name: m.name, text: `${m.name} ${formatMetric(m)}`, metric: m } : null;
}

// ---------------------------------------------------------------------------------------------------------
// per-image results

type ImageLike = Pick<ImageResult, "index" | "label" | "predicted" | "scores" | "correct">;

export interface ConfusionMatrix {
  /** classes on each axis: 0..size-1 */
  size: number;
  names: string[];
  /** cells[truth][predicted] */
  cells: number[][];
  /** images counted (annotated and predicted) */
  total: number;
  correct: number;
  /** per true class: images, and how many were predicted right (recall = right / images) */
  rows: { images: number; right: number }[];
}

/**
 * The confusion matrix of a classification run, from its images' annotated labels and top-1 predictions.
 * The classes are those named, widened to any index that occurs; unannotated or unpredicted images are
 * left out.
 */
export function confusionMatrix(images: readonly Pick<ImageResult, "label" | "predicted">[], classes: readonly string[] = []): ConfusionMatrix {
  let size = classes.length;
  for (const img of images) {
    if (img.label != null && img.label >= 0) size = Math.max(size, img.label + 1);
    const p = img.predicted?.[0];
    if (p != null && p >= 0) size = Math.max(size, p + 1);
  }
  const cells = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let total = 0;
  let correct = 0;
  for (const img of images) {
    const p = img.predicted?.[0];
    if (img.label == null || img.label < 0 || p == null || p < 0) continue;
    cells[img.label][p]++;
    total++;
    if (img.label === p) correct++;
  }
  const names = Array.from({ length: size }, (_, i) => classes[i] ?? String(i));
  const rows = cells.map((row, i) => ({ images: row.reduce((a, b) => a + b, 0), right: row[i] }));
  return { size, names, cells, total, correct, rows };
}

/** The matrix as heatmap points [predicted, truth, count], every cell (zeros too). */
export function confusionPoints(matrix: ConfusionMatrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  matrix.cells.forEach((row, truth) => row.forEach((count, predicted) => out.push([predicted, truth, count])));
  return out;
}

/** The largest off-diagonal cells: the confusions worth a look. */
export function topConfusions(matrix: ConfusionMatrix, limit = 3): { truth: number; predicted: number; count: number }[] {
  const out: { truth: number; predicted: number; count: number }[] = [];
  matrix.cells.forEach((row, truth) =>
    row.forEach((count, predicted) => {
      if (truth !== predicted && count > 0) out.push({ truth, predicted, count });
    }),
  );
  return out.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted).slice(0, limit);
}

export interface ImageFilter {
  onlyWrong: boolean;
  /** the annotated class (classification) or any predicted class (detection: annotations are not in the result) */
  cls: number | null;
  /** the top-1 prediction (a confusion-matrix cell sets both) */
  predicted: number | null;
  /** only these images (e.g. where another run disagrees); null = all */
  indices: ReadonlySet<number> | null;
}

export const EMPTY_IMAGE_FILTER: ImageFilter = { onlyWrong: false, cls: null, predicted: null, indices: null };

export const isImageFilterEmpty = (f: ImageFilter) => !f.onlyWrong && f.cls == null && f.predicted == null && f.indices == null;

export function filterImages<T extends ImageLike>(images: readonly T[], filter: ImageFilter, task = "classification"): T[] {
  const detection = task !== "classification";
  return images.filter((img) => {
    if (filter.onlyWrong && img.correct !== false) return false;
    if (filter.cls != null) {
      if (detection ? !(img.predicted ?? []).includes(filter.cls) : img.label !== filter.cls) return false;
    }
    if (filter.predicted != null && img.predicted?.[0] !== filter.predicted) return false;
    if (filter.indices && !filter.indices.has(img.index)) return false;
    return true;
  });
}

export type ImageSortKey = "index" | "score" | "correct";
export interface ImageSort {
  key: ImageSortKey;
  dir: "asc" | "desc";
}

export const DEFAULT_IMAGE_SORT: ImageSort = { key: "index", dir: "asc" };

/** The image's best score: the top-1 score, or the most confident box; null when nothing was predicted. */
export function topScore(img: Pick<ImageResult, "scores">): number | null {
  const scores = img.scores ?? [];
  return scores.length > 0 ? Math.max(...scores) : null;
}

function sortValue(img: ImageLike, key: ImageSortKey): number | null {
  if (key === "index") return img.index;
  if (key === "score") return topScore(img);
  return img.correct == null ? null : img.correct ? 1 : 0;
}

/** Sorted copy; images without the value (no prediction, not scored) last either way; ties by index. */
export function sortImages<T extends ImageLike>(images: readonly T[], sort: ImageSort): T[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...images].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null && vb === null) return a.index - b.index;
    if (va === null) return 1;
    if (vb === null) return -1;
    return va !== vb ? sign * (va - vb) : a.index - b.index;
  });
}

/** A header click: the same column flips; the score starts highest first, correctness wrong first. */
export function nextImageSort(current: ImageSort, key: ImageSortKey): ImageSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: key === "score" ? "desc" : "asc" };
}

/** A class index as its name (the dataset's classes), or the index itself. */
export function className(classes: readonly string[] | undefined, index: number | null | undefined): string {
  if (index == null) return "—";
  return classes?.[index] ?? String(index);
}

/** What a row shows as the prediction: the top-1 class, or "3 boxes: Dog, Cat, …" for detection. */
export function predictionText(img: Pick<ImageResult, "predicted">, classes: readonly string[] | undefined, task: string): string {
  const predicted = img.predicted ?? [];
  if (predicted.length === 0) return task === "classification" ? "—" : "no box";
  if (task === "classification") return className(classes, predicted[0]);
  const names = [...new Set(predicted.map((p) => className(classes, p)))];
  const head = names.slice(0, 3).join(", ") + (names.length > 3 ? ", …" : "");
  return `${predicted.length} box${predicted.length === 1 ? "" : "es"}: ${head}`;
}

/** The line in a project's run list: the verdict, or the job's outcome when there is none. */
export function runOutcome(run: Pick<AccuracyRun, "verdict" | "job" | "result">): string {
  if (run.verdict) return run.verdict;
  const job = run.job;
  if (job.status === "failed") return job.error ? `${job.error.code}: ${job.error.message}` : "failed";
  if (job.status === "cancelled") return "cancelled";
  if (job.status === "succeeded") return run.result ? "finished" : "finished; storing the result…";
  return job.stage || job.status;
}

/** Colours of the per-image view: the annotation against the prediction. */
export const ANNOTATION_COLOR = "#15803d";
export const PREDICTION_COLOR = "#ea580c";

/** A detection run's predicted boxes to draw (dashed), named by class with their score. */
export function predictionOverlays(
  img: Pick<ImageResult, "boxes" | "predicted" | "scores">,
  classes: readonly string[] | undefined,
  minScore = 0,
): Overlay[] {
  const out: Overlay[] = [];
  (img.boxes ?? []).forEach((box, i) => {
    const score = img.scores?.[i];
    if (score != null && score < minScore) return;
    const name = className(classes, img.predicted?.[i]);
    out.push({ box, label: score != null ? `${name} ${score.toFixed(2)}` : name, color: PREDICTION_COLOR, kind: "prediction" });
  });
  return out;
}

/** Annotated boxes to draw (solid), named by class. */
export function annotationOverlays(boxes: readonly (readonly number[])[], labels: readonly number[] | undefined, classes: readonly string[] | undefined): Overlay[] {
  return boxes.map((box, i) => ({ box, label: className(classes, labels?.[i]), color: ANNOTATION_COLOR, kind: "annotation" }));
}

export interface ScoreBar {
  label: number;
  name: string;
  score: number;
  /** bar length, 0..1 */
  share: number;
}

/**
 * Top-k scores as bars. Probabilities (all within 0..1) are drawn as they are; raw scores (logits) are
 * drawn relative to the range shown, the best full length.
 */
export function scoreBars(labels: readonly number[], scores: readonly number[], names: readonly string[]): { bars: ScoreBar[]; probabilities: boolean } {
  const n = Math.min(labels.length, scores.length);
  const shown = scores.slice(0, n);
  const probabilities = shown.every((s) => s >= 0 && s <= 1);
  const max = Math.max(...shown);
  const min = Math.min(...shown, 0);
  const span = max - min;
  const bars = labels.slice(0, n).map((label, i) => ({
    label,
    name: names[i] ?? String(label),
    score: shown[i],
    share: probabilities ? shown[i] : span > 0 ? (shown[i] - min) / span : 1,
  }));
  return { bars, probabilities };
}

/** Class names by index from parallel lists of labels and names (a prediction's answer). */
export function namesByLabel(labels: readonly number[], names: readonly string[]): string[] {
  const out: string[] = [];
  labels.forEach((label, i) => {
    if (label >= 0 && names[i] != null) out[label] = names[i];
  });
  return Array.from({ length: out.length }, (_, i) => out[i] ?? String(i));
}

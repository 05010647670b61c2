/** Datasets: verdicts, import error hints, the augmentation form. Pure; see datasets.test.ts. */
import type { Augmentation, Dataset, DatasetSample } from "../../../api/types";
import { className } from "../../accuracy/lib/accuracy";
import { modelNameFromFile } from "../../../shared/lib/format";
import { classColor, type Overlay } from "../../../shared/lib/images";

export const FORMAT_LABELS: Record<string, string> = {
  imagenet: "ImageNet list",
  image_folders: "class folders",
  coco: "MS COCO",
  voc: "Pascal VOC",
  images: "plain images",
  segmentation: "semantic segmentation masks",
  super_resolution: "LR/HR pairs",
  lfw: "LFW pairs",
  landmarks_csv: "landmarks CSV",
  wider_face: "WIDER Face",
  open_images: "Open Images CSV",
  cityscapes: "Cityscapes",
};

export const TASK_LABELS: Record<string, string> = {
  classification: "classification",
  object_detection: "object detection",
};

export const formatLabel = (format: string | null | undefined) => (format ? (FORMAT_LABELS[format] ?? format) : "—");
export const datasetTaskLabel = (task: string | null | undefined) => (task ? (TASK_LABELS[task] ?? task.replaceAll("_", " ")) : "no annotations");

export const isRandomDataset = (d: Pick<Dataset, "kind">) => d.kind === "random";

/** Whether accuracy can be measured on it: imported, with annotations of some task. */
export const isAnnotated = (d: Pick<Dataset, "kind" | "task">) => d.kind !== "random" && d.task != null;

/** The dataset's one-line verdict: the import's, or what a random dataset is. */
export function datasetVerdict(d: Pick<Dataset, "kind" | "count" | "seed" | "report">): string {
  if (d.report?.verdict) return d.report.verdict;
  if (isRandomDataset(d)) {
    return `${d.count.toLocaleString("en-US")} random inputs (seed ${d.seed}), generated in the shape of each model's input: no annotations`;
  }
  return `${d.count.toLocaleString("en-US")} images`;
}

export function datasetTone(d: Pick<Dataset, "report">): "ok" | "warn" {
  return (d.report?.warnings?.length ?? 0) > 0 ? "warn" : "ok";
}

/** What to do about an import the API refused, by its error code. */
export const IMPORT_HINTS: Record<string, string> = {
  "dataset.unknown_format":
    "Check that the annotation files sit where their format expects them, e.g. labels.txt (“path label” lines) next to " +
    "the images, one folder per class, annotations/*.json for COCO, Annotations/*.xml for Pascal VOC.",
  "dataset.missing_images": "An annotation names an image that is not in the archive: add the image or remove its annotation.",
  "dataset.invalid_annotations": "An annotation file could not be read: check the line or JSON/XML entry the message names.",
  "dataset.broken_image": "An image in the archive cannot be decoded: replace or remove it.",
  "dataset.not_an_archive": "Upload a .zip or a .tar.gz of the images and their annotations.",
  "archive.unsafe": "The archive holds paths that leave its folder (../, absolute paths or links): repack it with relative paths.",
};

/** Whether the file name looks like an archive the import takes. */
export const isArchiveName = (name: string) => /\.(zip|tar\.gz|tgz)$/i.test(name);

/** The default dataset name for an uploaded archive: its name without the extension. */
export const datasetNameFromFile = (filename: string) => modelNameFromFile(filename.replace(/\.tgz$/i, ".tar.gz"));

export interface AugmentationForm {
  name: string;
  copies: string;
  flipHorizontal: boolean;
  flipVertical: boolean;
  noise: string;
  erase: string;
  brightness: string;
  contrast: string;
  seed: string;
}

export const DEFAULT_AUGMENTATION: AugmentationForm = {
  name: "",
  copies: "1",
  flipHorizontal: true,
  flipVertical: false,
  noise: "0",
  erase: "0",
  brightness: "0",
  contrast: "0",
  seed: "0",
};

export type AugmentationErrors = Partial<Record<keyof AugmentationForm, string>>;

function bounded(text: string, min: number, max: number, integer = false): number | string {
  const t = text.trim();
  if (t === "") return "required";
  const v = Number(t);
  if (!Number.isFinite(v)) return "not a number";
  if (integer && !Number.isInteger(v)) return "a whole number";
  if (v < min || v > max) return `between ${min} and ${max}`;
  return v;
}

/** The augmentation request of the form, or the field errors (limits as the API's). */
export function buildAugmentation(form: AugmentationForm): { body: Augmentation | null; errors: AugmentationErrors } {
  const errors: AugmentationErrors = {};
  const fields: [keyof AugmentationForm, number, number, boolean][] = [
    ["copies", 1, 10, true],
    ["noise", 0, 100, false],
    ["erase", 0, 1, false],
    ["brightness", 0, 1, false],
    ["contrast", 0, 1, false],
    ["seed", 0, Number.MAX_SAFE_INTEGER, true],
  ];
  const values: Partial<Record<keyof AugmentationForm, number>> = {};
  for (const [key, min, max, integer] of fields) {
    const v = bounded(String(form[key]), min, max, integer);
    if (typeof v === "string") errors[key] = v;
    else values[key] = v;
  }
  if (form.name.length > 200) errors.name = "at most 200 characters";
  const changes =
    form.flipHorizontal || form.flipVertical || (values.noise ?? 0) > 0 || (values.erase ?? 0) > 0 || (values.brightness ?? 0) > 0 || (values.contrast ?? 0) > 0;
  if (Object.keys(errors).length === 0 && !changes) errors.copies = "choose at least one change (a flip, noise, erase, brightness or contrast)";
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    body: {
      name: form.name.trim(),
      copies: values.copies,
      flip_horizontal: form.flipHorizontal,
      flip_vertical: form.flipVertical,
      noise: values.noise,
      erase: values.erase,
      brightness: values.brightness,
      contrast: values.contrast,
      seed: values.seed,
    },
    errors,
  };
}

/** "×3: flip ↔, noise σ 5" */
export function augmentationSummary(body: Augmentation): string {
  const parts: string[] = [];
  if (body.flip_horizontal) parts.push("flip ↔");
  if (body.flip_vertical) parts.push("flip ↕");
  if (body.noise) parts.push(`noise σ ${body.noise}`);
  if (body.erase) parts.push(`erase p ${body.erase}`);
  if (body.brightness) parts.push(`brightness ±${body.brightness}`);
  if (body.contrast) parts.push(`contrast ±${body.contrast}`);
  return `${(body.copies ?? 1) + 1}× the images: ${parts.join(", ") || "copies"}`;
}

/** What a sample is annotated with, in words: its class, or its objects. */
export function sampleAnnotation(s: Pick<DatasetSample, "label" | "labels" | "boxes">, classes: readonly string[]): string {
  if (s.label != null) return className(classes, s.label);
  const labels = s.labels ?? [];
  if (labels.length > 0) {
    const names = [...new Set(labels.map((l) => className(classes, l)))];
    return `${labels.length} object${labels.length === 1 ? "" : "s"}: ${names.slice(0, 4).join(", ")}${names.length > 4 ? ", …" : ""}`;
  }
  const boxes = s.boxes?.length ?? 0;
  return boxes > 0 ? `${boxes} box${boxes === 1 ? "" : "es"}` : "not annotated";
}

/** A sample's boxes to draw, each named by its class. */
export function sampleOverlays(s: Pick<DatasetSample, "boxes" | "labels">, classes: readonly string[]): Overlay[] {
  return (s.boxes ?? []).map((box, i) => {
    const label = s.labels?.[i];
    return { box, label: label != null ? className(classes, label) : "object", color: classColor(label), kind: "annotation" };
  });
}

import { describe, expect, it } from "vitest";
import { predictionQuery } from "../../models/api/predict";
import {
  augmentationSummary,
  buildAugmentation,
  datasetNameFromFile,
  datasetTaskLabel,
  datasetTone,
  datasetVerdict,
  DEFAULT_AUGMENTATION,
  formatLabel,
  IMPORT_HINTS,
  isAnnotated,
  isArchiveName,
  sampleAnnotation,
  sampleOverlays,
} from "./datasets";

describe("dataset verdicts", () => {
  it("leads with the import's verdict", () => {
    const d = { kind: "imported", count: 500, seed: 0, report: { verdict: "imagenet classification dataset: 500 images", images: 500, annotated: 500 } };
    expect(datasetVerdict(d)).toBe("imagenet classification dataset: 500 images");
    expect(datasetTone(d)).toBe("ok");
    expect(datasetTone({ report: { ...d.report, warnings: ["3 images have no label"] } })).toBe("warn");
  });
  it("says what a random dataset is", () => {
    expect(datasetVerdict({ kind: "random", count: 16, seed: 3, report: null })).toMatch(/^16 random inputs \(seed 3\).*no annotations$/);
  });
  it("knows which datasets can score accuracy", () => {
    expect(isAnnotated({ kind: "imported", task: "classification" })).toBe(true);
    expect(isAnnotated({ kind: "imported", task: null })).toBe(false);
    expect(isAnnotated({ kind: "random", task: null })).toBe(false);
  });
  it("labels formats and tasks", () => {
    expect(formatLabel("voc")).toBe("Pascal VOC");
    expect(formatLabel("cityscapes")).toBe("Cityscapes");
    expect(formatLabel("kitti")).toBe("kitti");
    expect(formatLabel(null)).toBe("—");
    expect(datasetTaskLabel("object_detection")).toBe("object detection");
    expect(datasetTaskLabel("semantic_segmentation")).toBe("semantic segmentation");
    expect(datasetTaskLabel(null)).toBe("no annotations");
  });
  it("has a hint for each import refusal", () => {
    for (const code of ["dataset.unknown_format", "dataset.missing_images", "dataset.invalid_annotations", "dataset.broken_image", "dataset.not_an_archive", "archive.unsafe"]) {
      expect(IMPORT_HINTS[code]).toBeTruthy();
    }
  });
});

describe("archive names", () => {
  it("recognises archives and names datasets after them", () => {
    expect(isArchiveName("fashion_500.tar.gz")).toBe(true);
    expect(isArchiveName("a.TGZ")).toBe(true);
    expect(isArchiveName("a.zip")).toBe(true);
    expect(isArchiveName("a.png")).toBe(false);
    expect(datasetNameFromFile("fashion_500.tar.gz")).toBe("fashion_500");
    expect(datasetNameFromFile("voc.tgz")).toBe("voc");
    expect(datasetNameFromFile("coco.zip")).toBe("coco");
  });
});

describe("buildAugmentation", () => {
  it("builds the request with the API's names", () => {
    const { body, errors } = buildAugmentation({ ...DEFAULT_AUGMENTATION, copies: "2", noise: "5", name: " more " });
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: "more",
      copies: 2,
      flip_horizontal: true,
      flip_vertical: false,
      noise: 5,
      erase: 0,
      brightness: 0,
      contrast: 0,
      seed: 0,
    });
    expect(augmentationSummary(body!)).toBe("3× the images: flip ↔, noise σ 5");
  });
  it("checks the API's limits", () => {
    const { body, errors } = buildAugmentation({ ...DEFAULT_AUGMENTATION, copies: "11", noise: "101", erase: "-1", brightness: "x", contrast: "", seed: "1.5" });
    expect(body).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["brightness", "contrast", "copies", "erase", "noise", "seed"]);
  });
  it("wants at least one change", () => {
    const { body, errors } = buildAugmentation({ ...DEFAULT_AUGMENTATION, flipHorizontal: false });
    expect(body).toBeNull();
    expect(errors.copies).toContain("at least one change");
  });
});

describe("predictionQuery", () => {
  it("sends the precision, the dataset and the configuration as JSON", () => {
    const q = new URLSearchParams(predictionQuery({ precision: "FP16", datasetId: "ds_1", config: { preprocessing: { scale: [255] } } }));
    expect(q.get("precision")).toBe("FP16");
    expect(q.get("dataset_id")).toBe("ds_1");
    expect(JSON.parse(q.get("config") ?? "")).toEqual({ preprocessing: { scale: [255] } });
    expect(predictionQuery({})).toBe("precision=FP32");
  });
});

describe("samples", () => {
  const classes = ["cat", "dog", "bird", "fish", "cow"];
  it("names a sample's annotation", () => {
    expect(sampleAnnotation({ label: 1, labels: [], boxes: [] }, classes)).toBe("dog");
    expect(sampleAnnotation({ label: null, labels: [0, 0, 2], boxes: [[0, 0, 1, 1], [1, 1, 2, 2], [2, 2, 3, 3]] }, classes)).toBe("3 objects: cat, bird");
    expect(sampleAnnotation({ label: null, labels: [0, 1, 2, 3, 4], boxes: [] }, classes)).toBe("5 objects: cat, dog, bird, fish, …");
    expect(sampleAnnotation({ label: null, labels: [], boxes: [] }, classes)).toBe("not annotated");
  });
  it("draws each box with its class name and colour", () => {
    const overlays = sampleOverlays({ boxes: [[1, 2, 3, 4], [5, 6, 7, 8]], labels: [2] }, classes);
    expect(overlays.map((o) => [o.label, o.kind])).toEqual([["bird", "annotation"], ["object", "annotation"]]);
    expect(overlays[0].box).toEqual([1, 2, 3, 4]);
  });
});

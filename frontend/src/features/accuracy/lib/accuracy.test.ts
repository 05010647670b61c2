import { describe, expect, it } from "vitest";
import type { ImageResult } from "../../../api/types";
import {
  annotationOverlays,
  buildAccuracyConfig,
  namesByLabel,
  predictionOverlays,
  scoreBars,
  className,
  configSummary,
  confusionMatrix,
  confusionPoints,
  DEFAULT_ACCURACY_FORM,
  DEFAULT_IMAGE_SORT,
  EMPTY_IMAGE_FILTER,
  filterImages,
  formatMetric,
  formatMetricDelta,
  formFromConfig,
  isDetectionAdapter,
  isImageFilterEmpty,
  metricLabel,
  nextImageSort,
  parseAccuracyConfigJson,
  parseNumberList,
  predictionText,
  runOutcome,
  sortImages,
  topConfusions,
  topMetric,
  topScore,
} from "./accuracy";

const img = (p: Partial<ImageResult> & { index: number }): ImageResult => ({
  label: null,
  predicted: [],
  scores: [],
  boxes: [],
  correct: null,
  ...p,
});

describe("parseNumberList", () => {
  it("reads commas, spaces and semicolons", () => {
    expect(parseNumberList("0.485, 0.456 0.406")).toEqual({ values: [0.485, 0.456, 0.406] });
    expect(parseNumberList(" 255 ")).toEqual({ values: [255] });
    expect(parseNumberList("")).toEqual({ values: [] });
    expect(parseNumberList("1;2;3")).toEqual({ values: [1, 2, 3] });
  });
  it("refuses words and more than four channels", () => {
    expect(parseNumberList("1, x")).toEqual({ error: "“x” is not a number" });
    expect(parseNumberList("1 2 3 4 5")).toHaveProperty("error");
  });
});

describe("buildAccuracyConfig", () => {
  it("turns the default form into the API's defaults", () => {
    const { config, errors } = buildAccuracyConfig(DEFAULT_ACCURACY_FORM);
    expect(errors).toEqual({});
    expect(config).toEqual({
      preprocessing: { resize: "stretch", color: null, mean: [], scale: [] },
      adapter: "classification",
      background_offset: 0,
      confidence_threshold: 0.01,
      nms_iou: 0.45,
      max_samples: null,
    });
  });

  it("reads every field", () => {
    const { config } = buildAccuracyConfig({
      ...DEFAULT_ACCURACY_FORM,
      resize: "letterbox",
      color: "BGR",
      mean: "123.675, 116.28, 103.53",
      scale: "58.395 57.12 57.375",
      adapter: "ssd",
      backgroundOffset: "1",
      confidenceThreshold: "0.3",
      nmsIou: "0.5",
      maxSamples: "100",
    });
    expect(config).toEqual({
      preprocessing: { resize: "letterbox", color: "BGR", mean: [123.675, 116.28, 103.53], scale: [58.395, 57.12, 57.375] },
      adapter: "ssd",
      background_offset: 1,
      confidence_threshold: 0.3,
      nms_iou: 0.5,
      max_samples: 100,
    });
  });

  it("marks the fields in error", () => {
    const { config, errors } = buildAccuracyConfig({
      ...DEFAULT_ACCURACY_FORM,
      scale: "255, 0",
      mean: "a",
      confidenceThreshold: "1.5",
      nmsIou: "0",
      maxSamples: "2.5",
    });
    expect(config).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["confidenceThreshold", "maxSamples", "mean", "nmsIou", "scale"]);
    expect(errors.scale).toContain("0");
  });

  it("sends back the keys it does not edit", () => {
    const { form } = formFromConfig({ adapter: "image", output_scale: 1, preprocessing: { scale: [255], future: true } });
    const { config } = buildAccuracyConfig(form);
    expect(config).toMatchObject({ adapter: "image", output_scale: 1, preprocessing: { scale: [255], future: true } });
  });
});

describe("formFromConfig and the JSON round trip", () => {
  it("fills what is missing with the defaults", () => {
    const { form, warnings } = formFromConfig({ preprocessing: { scale: [255] } });
    expect(form).toEqual({ ...DEFAULT_ACCURACY_FORM, scale: "255" });
    expect(warnings).toEqual([]);
  });

  it("gives back the configuration it was made from", () => {
    const config = {
      preprocessing: { resize: "center_crop", color: "RGB", mean: [0.5, 0.5, 0.5], scale: [0.25, 0.25, 0.25] },
      adapter: "yolo_v8",
      background_offset: 0,
      confidence_threshold: 0.25,
      nms_iou: 0.7,
      max_samples: 50,
    };
    const { form } = formFromConfig(config);
    expect(buildAccuracyConfig(form).config).toEqual(config);
    // and an exported file reads back the same
    const parsed = parseAccuracyConfigJson(JSON.stringify(buildAccuracyConfig(form).config, null, 2));
    expect("form" in parsed && parsed.form).toEqual(form);
  });

  it("takes a configuration from an exported run (its config key)", () => {
    const parsed = parseAccuracyConfigJson(JSON.stringify({ id: "acc_1", config: { adapter: "boxes" }, job: {} }));
    expect("form" in parsed && parsed.form.adapter).toBe("boxes");
  });

  it("keeps unknown values with a warning, refuses wrong types", () => {
    const odd = parseAccuracyConfigJson(JSON.stringify({ adapter: "pose", preprocessing: { resize: "zoom" } }));
    expect("warnings" in odd && odd.warnings).toEqual(["unknown resize mode “zoom”", "unknown adapter “pose”"]);
    expect(parseAccuracyConfigJson("{")).toHaveProperty("error");
    expect(parseAccuracyConfigJson("[1]")).toEqual({ error: "the configuration must be a JSON object" });
    expect(parseAccuracyConfigJson(JSON.stringify({ preprocessing: { scale: "255" } }))).toEqual({
      error: "preprocessing.scale must be a list of numbers",
    });
    expect(parseAccuracyConfigJson(JSON.stringify({ background_offset: 2 }))).toEqual({ error: "background_offset must be 0 or 1" });
  });

  it("summarises a configuration", () => {
    expect(configSummary({ preprocessing: { scale: [255] }, adapter: "classification" })).toEqual(["stretch", "scale 255", "classification"]);
    expect(configSummary(null)).toEqual([]);
  });

  it("knows the detection adapters", () => {
    expect(isDetectionAdapter("ssd")).toBe(true);
    expect(isDetectionAdapter("yolo_v5")).toBe(true);
    expect(isDetectionAdapter("classification")).toBe(false);
    expect(isDetectionAdapter("segmentation")).toBe(false);
  });
});

describe("metrics", () => {
  it("shows shares in percent and others in their unit", () => {
    expect(formatMetric({ value: 0.894, unit: "" })).toBe("89.40%");
    expect(formatMetric({ value: 31.25, unit: "dB" })).toBe("31.25 dB");
    expect(formatMetric({ value: 3.5, unit: "" })).toBe("3.5");
    expect(metricLabel("top1_accuracy")).toBe("top-1 accuracy");
    expect(metricLabel("mean_iou")).toBe("mean iou");
  });
  it("shows deltas of shares in points", () => {
    expect(formatMetricDelta("top1_accuracy", 0.002, { value: 0.89, unit: "" })).toBe("+0.20 pt");
    expect(formatMetricDelta("top1_accuracy", -0.0105)).toBe("−1.05 pt");
    expect(formatMetricDelta("psnr", -0.5, { value: 30, unit: "dB" })).toBe("−0.5 dB");
    expect(formatMetricDelta("top1_accuracy", 0)).toBe("±0.00 pt");
  });
  it("takes the first metric as the headline", () => {
    const run = { result: { metrics: [{ name: "top1_accuracy", value: 0.9, unit: "" }, { name: "top5_accuracy", value: 1, unit: "" }] } };
    expect(topMetric(run as never)?.text).toBe("top1_accuracy 90.00%");
    expect(topMetric({ result: null })).toBeNull();
  });
});

describe("confusionMatrix", () => {
  const images = [
    img({ index: 0, label: 0, predicted: [0, 1] }),
    img({ index: 1, label: 0, predicted: [1, 0] }),
    img({ index: 2, label: 1, predicted: [1] }),
    img({ index: 3, label: 2, predicted: [0] }),
    img({ index: 4, label: null, predicted: [2] }), // not annotated: left out
    img({ index: 5, label: 1, predicted: [] }), // nothing predicted: left out
  ];

  it("counts annotated class × top-1 prediction", () => {
    const m = confusionMatrix(images, ["cat", "dog", "bird"]);
    expect(m.size).toBe(3);
    expect(m.names).toEqual(["cat", "dog", "bird"]);
    expect(m.cells).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(m.total).toBe(4);
    expect(m.correct).toBe(2);
    expect(m.rows).toEqual([
      { images: 2, right: 1 },
      { images: 1, right: 1 },
      { images: 1, right: 0 },
    ]);
  });

  it("widens to indices beyond the named classes", () => {
    const m = confusionMatrix([img({ index: 0, label: 0, predicted: [4] })], ["a", "b"]);
    expect(m.size).toBe(5);
    expect(m.names).toEqual(["a", "b", "2", "3", "4"]);
    expect(m.cells[0][4]).toBe(1);
  });

  it("is empty without images", () => {
    expect(confusionMatrix([], [])).toEqual({ size: 0, names: [], cells: [], total: 0, correct: 0, rows: [] });
  });

  it("gives heatmap points and the largest confusions", () => {
    const m = confusionMatrix(images, ["cat", "dog", "bird"]);
    const points = confusionPoints(m);
    expect(points).toHaveLength(9);
    expect(points).toContainEqual([1, 0, 1]); // predicted dog, annotated cat
    expect(topConfusions(m)).toEqual([
      { truth: 0, predicted: 1, count: 1 },
      { truth: 2, predicted: 0, count: 1 },
    ]);
  });
});

describe("filters and sorting of the per-image results", () => {
  const images = [
    img({ index: 0, label: 9, predicted: [9, 7], scores: [0.9, 0.05], correct: true }),
    img({ index: 1, label: 2, predicted: [4, 2], scores: [0.6, 0.3], correct: false }),
    img({ index: 2, label: 1, predicted: [1], scores: [0.99], correct: true }),
    img({ index: 3, label: 2, predicted: [2], scores: [0.6], correct: true }),
    img({ index: 4, label: 6, predicted: [0], scores: [0.4], correct: false }),
    img({ index: 5 }),
  ];
  const ids = (xs: readonly ImageResult[]) => xs.map((x) => x.index);

  it("keeps only the wrong ones", () => {
    expect(ids(filterImages(images, { ...EMPTY_IMAGE_FILTER, onlyWrong: true }))).toEqual([1, 4]);
  });
  it("filters by annotated class and by prediction", () => {
    expect(ids(filterImages(images, { ...EMPTY_IMAGE_FILTER, cls: 2 }))).toEqual([1, 3]);
    expect(ids(filterImages(images, { ...EMPTY_IMAGE_FILTER, cls: 2, onlyWrong: true }))).toEqual([1]);
    expect(ids(filterImages(images, { ...EMPTY_IMAGE_FILTER, cls: 2, predicted: 4 }))).toEqual([1]);
    expect(ids(filterImages(images, { ...EMPTY_IMAGE_FILTER, indices: new Set([0, 4]) }))).toEqual([0, 4]);
  });
  it("matches any predicted box's class for detection", () => {
    const boxes = [img({ index: 0, predicted: [3, 1] }), img({ index: 1, predicted: [2] })];
    expect(ids(filterImages(boxes, { ...EMPTY_IMAGE_FILTER, cls: 1 }, "object_detection"))).toEqual([0]);
  });
  it("knows an empty filter", () => {
    expect(isImageFilterEmpty(EMPTY_IMAGE_FILTER)).toBe(true);
    expect(isImageFilterEmpty({ ...EMPTY_IMAGE_FILTER, onlyWrong: true })).toBe(false);
  });

  it("sorts by score, unscored last, ties by index", () => {
    expect(ids(sortImages(images, { key: "score", dir: "desc" }))).toEqual([2, 0, 1, 3, 4, 5]);
    expect(ids(sortImages(images, { key: "score", dir: "asc" }))).toEqual([4, 1, 3, 0, 2, 5]);
  });
  it("sorts by correctness, wrong first ascending", () => {
    expect(ids(sortImages(images, { key: "correct", dir: "asc" }))).toEqual([1, 4, 0, 2, 3, 5]);
    expect(ids(sortImages(images, { key: "correct", dir: "desc" }))).toEqual([0, 2, 3, 1, 4, 5]);
    expect(ids(sortImages(images, DEFAULT_IMAGE_SORT))).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it("flips on the same column; scores start highest first", () => {
    expect(nextImageSort(DEFAULT_IMAGE_SORT, "score")).toEqual({ key: "score", dir: "desc" });
    expect(nextImageSort({ key: "score", dir: "desc" }, "score")).toEqual({ key: "score", dir: "asc" });
    expect(nextImageSort(DEFAULT_IMAGE_SORT, "correct")).toEqual({ key: "correct", dir: "asc" });
  });
  it("takes the best score", () => {
    expect(topScore(img({ index: 0, scores: [0.2, 0.7, 0.1] }))).toBe(0.7);
    expect(topScore(img({ index: 0 }))).toBeNull();
  });
});

describe("names", () => {
  const classes = ["T-shirt/top", "Trouser"];
  it("names classes, or shows the index", () => {
    expect(className(classes, 1)).toBe("Trouser");
    expect(className(classes, 7)).toBe("7");
    expect(className(classes, null)).toBe("—");
  });
  it("describes a prediction", () => {
    expect(predictionText(img({ index: 0, predicted: [1, 0] }), classes, "classification")).toBe("Trouser");
    expect(predictionText(img({ index: 0, predicted: [0, 0, 1, 5, 6] }), classes, "object_detection")).toBe(
      "5 boxes: T-shirt/top, Trouser, 5, …",
    );
    expect(predictionText(img({ index: 0 }), classes, "object_detection")).toBe("no box");
  });
  it("describes a run's outcome", () => {
    const job = { id: "j", status: "failed", stage: "", progress: 0, error: { code: "accuracy.x", message: "boom" } };
    expect(runOutcome({ verdict: null, result: null, job } as never)).toBe("accuracy.x: boom");
    expect(runOutcome({ verdict: "top1_accuracy 90%", result: null, job } as never)).toBe("top1_accuracy 90%");
    expect(runOutcome({ verdict: null, result: null, job: { ...job, status: "running", stage: "inference 3/10" } } as never)).toBe(
      "inference 3/10",
    );
  });
});

describe("drawing predictions", () => {
  const classes = ["cat", "dog"];
  it("names predicted boxes with their score, dropping weak ones on request", () => {
    const overlays = predictionOverlays({ boxes: [[0, 0, 5, 5], [1, 1, 4, 4]], predicted: [1, 0], scores: [0.91, 0.05] }, classes, 0.1);
    expect(overlays).toEqual([{ box: [0, 0, 5, 5], label: "dog 0.91", color: "#ea580c", kind: "prediction" }]);
    expect(annotationOverlays([[2, 2, 3, 3]], [0], classes)).toEqual([{ box: [2, 2, 3, 3], label: "cat", color: "#15803d", kind: "annotation" }]);
  });
  it("draws probabilities as they are", () => {
    const { bars, probabilities } = scoreBars([3, 1], [0.75, 0.2], ["Dress", "Trouser"]);
    expect(probabilities).toBe(true);
    expect(bars).toEqual([
      { label: 3, name: "Dress", score: 0.75, share: 0.75 },
      { label: 1, name: "Trouser", score: 0.2, share: 0.2 },
    ]);
  });
  it("draws logits relative to the range", () => {
    const { bars, probabilities } = scoreBars([9, 7, 5], [12, 4, -4], ["Ankle boot", "Sneaker", "Sandal"]);
    expect(probabilities).toBe(false);
    expect(bars.map((b) => b.share)).toEqual([1, 0.5, 0]);
    expect(scoreBars([], [], []).bars).toEqual([]);
  });
});

describe("namesByLabel", () => {
  it("indexes names by their labels", () => {
    expect(namesByLabel([2, 0, 2], ["dog", "cat", "dog"])).toEqual(["cat", "1", "dog"]);
    expect(namesByLabel([], [])).toEqual([]);
  });
});

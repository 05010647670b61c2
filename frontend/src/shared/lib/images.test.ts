import { describe, expect, it } from "vitest";
import { clampPage, classColor, datasetImageUrl, fitSize, labelPosition, pageCount, pageItems, pageLabel, scaleBox, thumbnailUrl } from "./images";

describe("fitSize", () => {
  it("shrinks a large image into the box, aspect kept", () => {
    expect(fitSize({ width: 1920, height: 1080 }, { width: 480, height: 480 })).toEqual({ width: 480, height: 270 });
    expect(fitSize({ width: 600, height: 800 }, { width: 480, height: 400 })).toEqual({ width: 300, height: 400 });
  });
  it("enlarges a small one by at most maxZoom", () => {
    expect(fitSize({ width: 28, height: 28 }, { width: 480, height: 420 }, 12)).toEqual({ width: 336, height: 336 });
    expect(fitSize({ width: 28, height: 28 }, { width: 480, height: 420 })).toEqual({ width: 28, height: 28 });
  });
  it("gives nothing for an empty image", () => {
    expect(fitSize({ width: 0, height: 10 }, { width: 100, height: 100 })).toEqual({ width: 0, height: 0 });
  });
});

describe("scaleBox", () => {
  const natural = { width: 640, height: 480 };
  it("scales pixel corners to the displayed size", () => {
    expect(scaleBox([64, 48, 320, 240], natural, { width: 320, height: 240 })).toEqual({ x: 32, y: 24, width: 128, height: 96 });
    expect(scaleBox([10, 10, 20, 25], { width: 28, height: 28 }, { width: 336, height: 336 })).toEqual({ x: 120, y: 120, width: 120, height: 180 });
  });
  it("orders swapped corners and clips to the picture", () => {
    expect(scaleBox([320, 240, 64, 48], natural, natural)).toEqual({ x: 64, y: 48, width: 256, height: 192 });
    expect(scaleBox([-10, -10, 700, 100], natural, { width: 320, height: 240 })).toEqual({ x: 0, y: 0, width: 320, height: 50 });
  });
  it("drops boxes that are empty, outside or malformed", () => {
    expect(scaleBox([10, 10, 10, 50], natural, natural)).toBeNull();
    expect(scaleBox([700, 10, 800, 50], natural, natural)).toBeNull();
    expect(scaleBox([1, 2, 3], natural, natural)).toBeNull();
    expect(scaleBox([1, 2, 3, 4], { width: 0, height: 0 }, natural)).toBeNull();
  });
  it("puts the label above the box, or inside at the top", () => {
    expect(labelPosition({ x: 5, y: 40, width: 10, height: 10 }, 15)).toEqual({ x: 5, y: 25, inside: false });
    expect(labelPosition({ x: 5, y: 4, width: 10, height: 10 }, 15)).toEqual({ x: 5, y: 4, inside: true });
  });
});

describe("paging", () => {
  it("counts pages and keeps a page in range", () => {
    expect(pageCount(500, 48)).toBe(11);
    expect(pageCount(0, 48)).toBe(1);
    expect(clampPage(20, 500, 48)).toBe(10);
    expect(clampPage(-1, 500, 48)).toBe(0);
    expect(clampPage(3, 10, 48)).toBe(0);
  });
  it("labels and slices a page", () => {
    expect(pageLabel(1, 500, 50)).toBe("51–100 of 500");
    expect(pageLabel(9, 495, 50)).toBe("451–495 of 495");
    expect(pageLabel(0, 0, 50)).toBe("0 of 0");
    expect(pageItems([1, 2, 3, 4, 5], 1, 2)).toEqual([3, 4]);
    expect(pageItems([1, 2, 3, 4, 5], 9, 2)).toEqual([5]);
  });
});

describe("urls and colours", () => {
  it("builds image urls", () => {
    expect(datasetImageUrl("ds_1", 7)).toBe("/api/v1/datasets/ds_1/images/7");
    expect(datasetImageUrl("ds_1", 7, true)).toBe("/api/v1/datasets/ds_1/images/7?thumbnail=true");
    expect(thumbnailUrl("/api/v1/datasets/ds_1/images/7")).toBe("/api/v1/datasets/ds_1/images/7?thumbnail=true");
    expect(thumbnailUrl("/x?a=1")).toBe("/x?a=1&thumbnail=true");
  });
  it("gives a stable colour per class", () => {
    expect(classColor(3)).toBe(classColor(13));
    expect(classColor(0)).not.toBe(classColor(1));
    expect(classColor(null)).toMatch(/^#/);
  });
});

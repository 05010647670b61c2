/**
 * Pictures with their annotations: the displayed size of an image in a box, boxes (in the image's pixels)
 * scaled to that size, colours per class, and paging. Pure; see images.test.ts.
 */

export interface Size {
  width: number;
  height: number;
}

/** [x1, y1, x2, y2] in pixels of the original image. */
export type Box = readonly number[];

/** A box to draw over a picture, with its class name. */
export interface Overlay {
  box: Box;
  label: string;
  color: string;
  /** predictions are drawn dashed, annotations solid */
  kind: "annotation" | "prediction";
}

export interface ScaledBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The size an image is shown at inside `max`: as large as fits, aspect kept, enlarged by at most `maxZoom`
 * (a 28 × 28 digit is worth enlarging; a photo is not stretched beyond its pixels unless asked).
 */
export function fitSize(natural: Size, max: Size, maxZoom = 1): Size {
  if (natural.width <= 0 || natural.height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(max.width / natural.width, max.height / natural.height, maxZoom);
  return { width: Math.max(1, Math.round(natural.width * scale)), height: Math.max(1, Math.round(natural.height * scale)) };
}

/**
 * A box of the original image in the displayed image's pixels, its corners ordered and clipped to the
 * picture; null for a box with fewer than four numbers or nothing left inside.
 */
export function scaleBox(box: Box, natural: Size, displayed: Size): ScaledBox | null {
  if (box.length < 4 || natural.width <= 0 || natural.height <= 0) return null;
  const sx = displayed.width / natural.width;
  const sy = displayed.height / natural.height;
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  const x1 = clamp(Math.min(box[0], box[2]) * sx, displayed.width);
  const x2 = clamp(Math.max(box[0], box[2]) * sx, displayed.width);
  const y1 = clamp(Math.min(box[1], box[3]) * sy, displayed.height);
  const y2 = clamp(Math.max(box[1], box[3]) * sy, displayed.height);
  if (!(x2 > x1) || !(y2 > y1)) return null;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Where a box's label goes: above its top-left corner, or inside when there is no room above. */
export function labelPosition(box: ScaledBox, labelHeight: number): { x: number; y: number; inside: boolean } {
  return box.y >= labelHeight ? { x: box.x, y: box.y - labelHeight, inside: false } : { x: box.x, y: box.y, inside: true };
}

const CLASS_COLORS = ["#2f6fde", "#0f9d8a", "#c2410c", "#7c5cd6", "#db2777", "#0891b2", "#b45309", "#65a30d", "#4b5563", "#dc2626"];

/** A stable colour per class index. */
export function classColor(index: number | null | undefined): string {
  if (index == null || index < 0) return CLASS_COLORS[8];
  return CLASS_COLORS[index % CLASS_COLORS.length];
}

/** The number of pages of `count` items, at least one. */
export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.max(0, count) / Math.max(1, pageSize)));
}

/** A page number kept within 0..pages-1 (the list shrank under a filter). */
export function clampPage(page: number, count: number, pageSize: number): number {
  return Math.min(Math.max(0, Math.floor(page)), pageCount(count, pageSize) - 1);
}

/** "51–100 of 500" */
export function pageLabel(page: number, count: number, pageSize: number): string {
  if (count <= 0) return "0 of 0";
  const first = page * pageSize + 1;
  const last = Math.min(count, (page + 1) * pageSize);
  return `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${count.toLocaleString("en-US")}`;
}

/** The items of one page. */
export function pageItems<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const p = clampPage(page, items.length, pageSize);
  return items.slice(p * pageSize, (p + 1) * pageSize);
}

/** A dataset image's URL (the samples list gives it; accuracy results give only the index). */
export function datasetImageUrl(datasetId: string, index: number, thumbnail = false): string {
  return `/api/v1/datasets/${encodeURIComponent(datasetId)}/images/${index}${thumbnail ? "?thumbnail=true" : ""}`;
}

/** A thumbnail's URL from a sample's image_url (which may carry a query already). */
export function thumbnailUrl(imageUrl: string): string {
  return `${imageUrl}${imageUrl.includes("?") ? "&" : "?"}thumbnail=true`;
}

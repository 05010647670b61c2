/** Pure helpers for a model's static analysis and task (unit-tested in analysis.test.ts). */
import type { ModelAnalysis, ModelTask } from "../../../api/types";
import { formatBytes, formatNumber } from "../../../shared/lib/format";

/** The nine tasks, in the order of the select, with their human labels. */
export const TASKS: readonly { value: ModelTask; label: string }[] = [
  { value: "classification", label: "Classification" },
  { value: "object_detection", label: "Object detection" },
  { value: "instance_segmentation", label: "Instance segmentation" },
  { value: "semantic_segmentation", label: "Semantic segmentation" },
  { value: "inpainting", label: "Inpainting" },
  { value: "super_resolution", label: "Super resolution" },
  { value: "style_transfer", label: "Style transfer" },
  { value: "facial_landmarks", label: "Facial landmarks" },
  { value: "face_recognition", label: "Face recognition" },
];

const TASK_LABELS: ReadonlyMap<string, string> = new Map(TASKS.map((t) => [t.value, t.label]));

/** "object_detection" → "Object detection"; an unknown value is shown as it is, none as "". */
export function taskLabel(task: string | null | undefined): string {
  if (!task) return "";
  return TASK_LABELS.get(task) ?? task;
}

export function isModelTask(value: string): value is ModelTask {
  return TASK_LABELS.has(value);
}

/** A count with a metric suffix and three significant digits: 1 240 000 → "1.24 M", 950 → "950". */
export function formatCount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [scale, unit] of units) {
    if (abs >= scale) return `${Number((value / scale).toPrecision(3))} ${unit}`;
  }
  return String(Math.round(value));
}

/** Weights by element type, largest first; shares are of the table's own total. */
export function weightsRows(analysis: Pick<ModelAnalysis, "weights_by_precision">) {
  const total = Object.values(analysis.weights_by_precision).reduce((a, b) => a + b, 0);
  return Object.entries(analysis.weights_by_precision)
    .map(([precision, bytes]) => ({ precision, bytes, share: total > 0 ? bytes / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes || a.precision.localeCompare(b.precision));
}

/**
 * The one-sentence summary: "1.24 M parameters, 0.82 GFLOPs, 4.9 MiB of f32 weights, opsets opset1, opset8".
 * With weights in several element types they are listed in brackets, largest first (those under 1 % left out).
 */
export function analysisSummary(analysis: ModelAnalysis): string {
  const parts = [`${formatCount(analysis.parameters)} parameters`, `${formatNumber(analysis.gflops)} GFLOPs`];
  // element types holding under 1 % of the weights (shape constants and the like) are left out
  const weights = weightsRows(analysis).filter((w) => w.bytes > 0 && w.share >= 0.01);
  const size = formatBytes(analysis.weights_bytes);
  if (weights.length === 1) parts.push(`${size} of ${weights[0].precision} weights`);
  else if (weights.length > 1) parts.push(`${size} of weights (${weights.map((w) => w.precision).join(", ")})`);
  else parts.push(`${size} of weights`);
  if (analysis.opsets.length) parts.push(`${analysis.opsets.length === 1 ? "opset" : "opsets"} ${analysis.opsets.join(", ")}`);
  return parts.join(", ");
}

export interface OpRow {
  type: string;
  count: number;
}

/** Operation counts, most frequent first (ties by name); beyond `top`, the rest summed as "other". */
export function opsRows(operations: Record<string, number>, top = 12): OpRow[] {
  const rows = Object.entries(operations)
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  if (rows.length <= top) return rows;
  const other = rows.slice(top).reduce((sum, r) => sum + r.count, 0);
  return [...rows.slice(0, top), { type: "other", count: other }];
}


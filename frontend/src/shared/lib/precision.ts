/**
 * Precision as the user reads it: a model's weights named from its IR ("INT8", "INT8 from FP32"), the
 * inference precisions a device offers, and what a run really computed in ("ran in BF16 (device default)
 * on AMX"). Pure; tested in precision.test.ts. The wording comes from the server where it sends it.
 */
import type { DeviceInfo, InferPrecision, Model, ModelVariant, RunSummary } from "../../api/types";
import { INFER_PRECISIONS } from "../../api/types";

export interface RunPrecisionLike {
  asked?: InferPrecision | null;
  ran?: string | null;
  cpu_isa?: string | null;
  summary: string;
}

/** A variant's name from its weights ("INT8" for an INT8 child's FP32 folder); its folder before conversion said. */
export function variantLabel(variant: Pick<ModelVariant, "precision"> & { label?: string | null }): string {
  return variant.label || variant.precision;
}

/** The distinct variant names of a model, in its variants' order: the tags of the model list. */
export function weightTags(model: Pick<Model, "variants">): string[] {
  return [...new Set((model.variants ?? []).map(variantLabel))];
}

/** "INT8 from FP32" for a child whose weights differ from its parent's, else the weights, else null. */
export function weightsText(model: Pick<Model, "weight_precision" | "precision_lineage">): string | null {
  return model.precision_lineage || model.weight_precision || null;
}

/** A device as its target's inventory lists it (a device not yet reported has no offer). */
export type DeviceOffer = Pick<DeviceInfo, "name"> & { inference_precisions?: readonly InferPrecision[] };

/** The inference precisions a device can be asked for; every one when the target does not say. */
export function offeredPrecisions(devices: readonly DeviceOffer[], device: string): InferPrecision[] {
  const entry = devices.find((d) => d.name === device) ?? devices.find((d) => d.name === device.split(".")[0]);
  const offered = entry?.inference_precisions ?? [];
  return offered.length > 0 ? INFER_PRECISIONS.filter((p) => offered.includes(p)) : [...INFER_PRECISIONS];
}

/** What a run computed in, for its result page: the server's sentence, or what was asked when it was not recorded. */
export function ranInText(ranIn: RunPrecisionLike | null | undefined, asked: string | null | undefined): string {
  if (ranIn) return ranIn.summary.charAt(0).toUpperCase() + ranIn.summary.slice(1);
  return asked ? `Asked for ${asked.toUpperCase()} (what ran was not recorded)` : "Device default (what ran was not recorded)";
}

/** One side of a comparison: "INT8 · ran in F32". */
export function runPrecisionTag(run: Pick<RunSummary, "weights" | "ran_in">): string {
  return run.ran_in?.ran ? `${run.weights} · ran in ${run.ran_in.ran.toUpperCase()}` : run.weights;
}

/** A project's IR named by its weights ("INT8" for an INT8 child's project); its folder for older projects. */
export function projectWeights(project: { precision: string; variant_label?: string | null }): string {
  return project.variant_label || project.precision;
}

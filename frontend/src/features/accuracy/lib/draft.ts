/**
 * The accuracy form's current values, per project, for other panels of the project page: INT8 calibration
 * must run on the settings the user sees, and ask when they differ from the saved ones (issue 11).
 */
import { useSyncExternalStore } from "react";
import type { AccuracyConfig } from "../../../api/types";

export interface AccuracyDraft {
  /** the form as it would be sent; null while it has invalid values */
  config: AccuracyConfig | null;
  /** the project's saved configuration, as the form would send it */
  saved: AccuracyConfig | null;
}

const drafts = new Map<string, AccuracyDraft>();
const listeners = new Set<() => void>();

/** Publish (or, with null, withdraw) the form's values of a project. */
export function publishAccuracyDraft(projectId: string, draft: AccuracyDraft | null): void {
  if (draft) drafts.set(projectId, draft);
  else drafts.delete(projectId);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The accuracy form's values of a project while the form is on the page, else null. */
export function useAccuracyDraft(projectId: string): AccuracyDraft | null {
  return useSyncExternalStore(subscribe, () => drafts.get(projectId) ?? null);
}

/** The form differs from the saved configuration (or cannot be sent as it is). */
export function isUnsaved(draft: AccuracyDraft | null): boolean {
  if (!draft) return false;
  return draft.config == null || JSON.stringify(draft.config) !== JSON.stringify(draft.saved);
}

/**
 * The fields of an accuracy configuration: pre-processing (resize, colour order, mean and scale per
 * channel), the output adapter, background offset, detection thresholds and the sample limit. The form's
 * state and its JSON are lib/accuracy.ts; this only draws it.
 */
import type { ReactNode } from "react";
import { ADAPTERS, COLOR_ORDERS, RESIZE_MODES } from "../../../api/types";
import { ADAPTER_HELP, isDetectionAdapter, type AccuracyErrors, type AccuracyForm } from "../lib/accuracy";
import { Field } from "../../../shared/ui/fields";

const RESIZE_HELP: Record<string, string> = {
  stretch: "to the input size, aspect not kept",
  letterbox: "fit inside, aspect kept, padded",
  center_crop: "fill, aspect kept, centre cropped",
};

/** The choices of a select, with the current value kept even when this SPA does not know it. */
function options(known: readonly string[], current: string): string[] {
  return current && !known.includes(current) ? [...known, current] : [...known];
}

export function AccuracyConfigFields({
  form,
  set,
  errors,
  disabled = false,
  testIdPrefix = "accuracy",
  compact = false,
  extraNote,
}: {
  form: AccuracyForm;
  set: <K extends keyof AccuracyForm>(key: K, value: AccuracyForm[K]) => void;
  errors: AccuracyErrors;
  disabled?: boolean;
  testIdPrefix?: string;
  /** without the sample limit (the single-image test) */
  compact?: boolean;
  extraNote?: ReactNode;
}) {
  const id = (name: string) => `${testIdPrefix}-${name}`;
  const detection = isDetectionAdapter(form.adapter);
  const kept = [...Object.keys(form.extra), ...Object.keys(form.preprocessingExtra).map((k) => `preprocessing.${k}`)];
  return (
    <div className="accuracy-fields" data-testid={id("fields")}>
      <div className="subsection-title">Pre-processing</div>
      <div className="form-grid form-grid-4">
        <Field label="Resize" error={errors.resize} hint={RESIZE_HELP[form.resize] ?? "as saved"}>
          <select value={form.resize} onChange={(e) => set("resize", e.target.value)} disabled={disabled} data-testid={id("resize")}>
            {options(RESIZE_MODES, form.resize).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Colour order" error={errors.color} hint="default: GRAY for one channel, else RGB">
          <select value={form.color} onChange={(e) => set("color", e.target.value)} disabled={disabled} data-testid={id("color")}>
            <option value="">model's default</option>
            {options(COLOR_ORDERS, form.color).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Mean" error={errors.mean} hint="subtracted per channel, on 0..255; empty: 0">
          <input
            type="text"
            className="mono"
            spellCheck={false}
            placeholder="e.g. 123.675, 116.28, 103.53"
            value={form.mean}
            onChange={(e) => set("mean", e.target.value)}
            disabled={disabled}
            data-testid={id("mean")}
            aria-invalid={!!errors.mean}
          />
        </Field>
        <Field label="Scale" error={errors.scale} hint="divided by, per channel, after the mean; empty: 1">
          <input
            type="text"
            className="mono"
            spellCheck={false}
            placeholder="e.g. 255 or 58.4, 57.1, 57.4"
            value={form.scale}
            onChange={(e) => set("scale", e.target.value)}
            disabled={disabled}
            data-testid={id("scale")}
            aria-invalid={!!errors.scale}
          />
        </Field>
      </div>
      <div className="subsection-title">Output</div>
      <div className="form-grid form-grid-4">
        <Field label="Adapter" error={errors.adapter} hint={ADAPTER_HELP[form.adapter] ?? "as saved"}>
          <select value={form.adapter} onChange={(e) => set("adapter", e.target.value)} disabled={disabled} data-testid={id("adapter")}>
            {options(ADAPTERS, form.adapter).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Background offset" hint="1: class 0 of the output is background">
          <select
            value={form.backgroundOffset}
            onChange={(e) => set("backgroundOffset", e.target.value === "1" ? "1" : "0")}
            disabled={disabled}
            data-testid={id("background-offset")}
          >
            <option value="0">0 — output class i is class i</option>
            <option value="1">1 — output class i is class i − 1</option>
          </select>
        </Field>
        <Field label="Confidence threshold" error={errors.confidenceThreshold} hint={detection ? "boxes below are dropped (0–1)" : "detection adapters only"}>
          <input
            type="number"
            min={0}
            max={1}
            step="any"
            value={form.confidenceThreshold}
            onChange={(e) => set("confidenceThreshold", e.target.value)}
            disabled={disabled || !detection}
            data-testid={id("confidence")}
            aria-invalid={!!errors.confidenceThreshold}
          />
        </Field>
        <Field label="NMS IoU" error={errors.nmsIou} hint={detection ? "overlap above which boxes merge (0–1]" : "detection adapters only"}>
          <input
            type="number"
            min={0}
            max={1}
            step="any"
            value={form.nmsIou}
            onChange={(e) => set("nmsIou", e.target.value)}
            disabled={disabled || !detection}
            data-testid={id("nms")}
            aria-invalid={!!errors.nmsIou}
          />
        </Field>
        {!compact && (
          <Field label="Max samples" error={errors.maxSamples} hint="the first N images; empty: all">
            <input
              type="number"
              min={1}
              step={1}
              placeholder="all"
              value={form.maxSamples}
              onChange={(e) => set("maxSamples", e.target.value)}
              disabled={disabled}
              data-testid={id("max-samples")}
              aria-invalid={!!errors.maxSamples}
            />
          </Field>
        )}
      </div>
      {kept.length > 0 && (
        <div className="muted small" data-testid={id("kept")} title={JSON.stringify({ ...form.extra, preprocessing: form.preprocessingExtra })}>
          Other settings of this configuration (adapter-specific, not edited here) are kept as saved:{" "}
          <span className="mono">{kept.join(", ")}</span>
        </div>
      )}
      {extraNote}
    </div>
  );
}

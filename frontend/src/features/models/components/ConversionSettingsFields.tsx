/**
 * The conversion settings as form fields (per input: name, shape, layout, mean, scale, reverse channels;
 * output cut; FP32/FP16): used by the upload form (input names typed, several inputs possible) and on the
 * model page to convert again or derive a child (one row per input of the model). The text → request
 * logic is lib/conversion.ts.
 */
import type { Precision, TensorInfo } from "../../../api/types";
import { PRECISIONS } from "../../../api/types";
import { emptyInput, formatDims, withPrecision, type ConversionForm, type FieldErrors, type InputForm } from "../lib/conversion";
import { formatShape } from "../../../shared/lib/format";
import { Field } from "../../../shared/ui/fields";

const PRECISION_HINTS: Record<Precision, string> = {
  FP32: "weights as the model has them",
  FP16: "weights compressed to FP16 (ovc's compress_to_fp16): half the size",
};

export function ConversionSettingsFields({
  form,
  setForm,
  errors,
  knownInputs,
  disabled = false,
}: {
  form: ConversionForm;
  setForm: (form: ConversionForm) => void;
  errors: FieldErrors;
  /** the model's inputs: one row each, names fixed, current shapes shown */
  knownInputs?: readonly TensorInfo[];
  disabled?: boolean;
}) {
  const fixedNames = knownInputs !== undefined && knownInputs.length > 0;
  const setInput = (index: number, patch: Partial<InputForm>) =>
    setForm({ ...form, inputs: form.inputs.map((input, i) => (i === index ? { ...input, ...patch } : input)) });
  const tensor = (name: string) => knownInputs?.find((t) => t.name === name);

  return (
    <div className="conversion" data-testid="conversion-fields">
      <div className="conversion-inputs">
        {form.inputs.map((input, i) => {
          const err = (field: string) => errors[`input:${i}:${field}`];
          const known = tensor(input.name);
          return (
            <div className="conversion-input" key={fixedNames ? input.name : i} data-testid="conv-input" data-input={input.name}>
              {fixedNames ? (
                <div className="field conversion-input-name">
                  <span className="field-label">Input</span>
                  <span className="mono strong" title={input.name}>
                    {input.name}
                  </span>
                  {known && (
                    <span className="field-hint">
                      now {formatShape(known.shape)}
                      {known.layout ? ` ${known.layout}` : ""}
                    </span>
                  )}
                  {err("name") && <span className="field-hint warn">{err("name")}</span>}
                </div>
              ) : (
                <Field label="Input name" error={err("name")} hint="as the model names it" className="conversion-input-name">
                  <input
                    type="text"
                    spellCheck={false}
                    className="mono"
                    value={input.name}
                    placeholder="e.g. data_0"
                    disabled={disabled}
                    onChange={(e) => setInput(i, { name: e.target.value })}
                    data-testid="conv-input-name"
                    aria-invalid={!!err("name")}
                  />
                </Field>
              )}
              <Field label="Shape" error={err("shape")} hint="sizes, ? (dynamic) or a range 1..8">
                <input
                  type="text"
                  spellCheck={false}
                  className="mono"
                  value={input.shape}
                  placeholder={known ? formatDims(known.shape) : "1,3,224,224"}
                  disabled={disabled}
                  onChange={(e) => setInput(i, { shape: e.target.value })}
                  data-testid="conv-shape"
                  aria-invalid={!!err("shape")}
                />
              </Field>
              <Field label="Layout" error={err("layout")} hint="needed for mean, scale, reverse" className="conversion-narrow">
                <input
                  type="text"
                  spellCheck={false}
                  className="mono"
                  value={input.layout}
                  placeholder={known?.layout ?? "NCHW"}
                  disabled={disabled}
                  onChange={(e) => setInput(i, { layout: e.target.value.toUpperCase() })}
                  data-testid="conv-layout"
                  aria-invalid={!!err("layout")}
                />
              </Field>
              <Field label="Mean" error={err("mean")} hint="per channel, subtracted">
                <input
                  type="text"
                  spellCheck={false}
                  className="mono"
                  value={input.mean}
                  placeholder="123.675,116.28,103.53"
                  disabled={disabled}
                  onChange={(e) => setInput(i, { mean: e.target.value })}
                  data-testid="conv-mean"
                  aria-invalid={!!err("mean")}
                />
              </Field>
              <Field label="Scale" error={err("scale")} hint="per channel, divided by">
                <input
                  type="text"
                  spellCheck={false}
                  className="mono"
                  value={input.scale}
                  placeholder="58.395,57.12,57.375"
                  disabled={disabled}
                  onChange={(e) => setInput(i, { scale: e.target.value })}
                  data-testid="conv-scale"
                  aria-invalid={!!err("scale")}
                />
              </Field>
              <label className="check conversion-reverse" title="swap the channel order (RGB ↔ BGR)">
                <input
                  type="checkbox"
                  checked={input.reverseChannels}
                  disabled={disabled}
                  onChange={(e) => setInput(i, { reverseChannels: e.target.checked })}
                  data-testid="conv-reverse"
                />
                Reverse channels
              </label>
              {!fixedNames && form.inputs.length > 1 && (
                <button
                  type="button"
                  className="btn btn-small btn-ghost conversion-remove"
                  disabled={disabled}
                  onClick={() => setForm({ ...form, inputs: form.inputs.filter((_, j) => j !== i) })}
                  aria-label={`Remove input ${input.name || i + 1}`}
                >
                  Remove
                </button>
              )}
            </div>
          );
        })}
        {!fixedNames && (
          <div>
            <button
              type="button"
              className="btn btn-small"
              disabled={disabled || form.inputs.length >= 64}
              onClick={() => setForm({ ...form, inputs: [...form.inputs, emptyInput()] })}
              data-testid="conv-add-input"
            >
              Add an input
            </button>
          </div>
        )}
      </div>
      <div className="conversion-foot">
        <Field label="Cut at outputs" error={errors.outputs} hint="output (tensor) names, comma-separated; empty: the model's outputs" className="conversion-outputs">
          <input
            type="text"
            spellCheck={false}
            className="mono"
            value={form.outputs}
            placeholder="—"
            disabled={disabled}
            onChange={(e) => setForm({ ...form, outputs: e.target.value })}
            data-testid="conv-outputs"
            aria-invalid={!!errors.outputs}
          />
        </Field>
        <fieldset className="conversion-precisions" data-testid="conv-precisions" aria-invalid={!!errors.precisions}>
          <legend className="field-label">IR precisions</legend>
          {PRECISIONS.map((p) => (
            <label key={p} className="check" title={PRECISION_HINTS[p]}>
              <input
                type="checkbox"
                checked={form.precisions.includes(p)}
                disabled={disabled}
                onChange={(e) => setForm({ ...form, precisions: withPrecision(form.precisions, p, e.target.checked) })}
                data-testid="conv-precision"
                data-precision={p}
              />
              {p}
            </label>
          ))}
          <span className={`field-hint${errors.precisions ? " warn" : ""}`}>{errors.precisions ?? "FP16: weights in FP16, half the size"}</span>
        </fieldset>
      </div>
    </div>
  );
}

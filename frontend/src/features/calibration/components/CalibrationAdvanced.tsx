/** The calibration form's "Advanced" section: method, subset, preset, weight modes, ignored scope, comparison. */
import { Check, CodeField, Field, NumberField } from "../../../shared/ui/fields";
import { CALIBRATION_LIMITS, usesSamples, type CalibrationForm } from "../lib/calibrationForm";
import { MethodChoice } from "./MethodChoice";
import { QuantizationFields, WeightCompressionFields } from "./QuantizationFields";

export type SetCalibration = <K extends keyof CalibrationForm>(key: K, value: CalibrationForm[K]) => void;

export function AdvancedFields({
  form,
  set,
  errors,
  datasetCount,
}: {
  form: CalibrationForm;
  set: SetCalibration;
  errors: Record<string, string>;
  datasetCount: number | null;
}) {
  const samples = usesSamples(form.method);
  return (
    <div className="advanced calib-advanced" data-testid="calibration-advanced">
      <MethodChoice value={form.method} onChange={(m) => set("method", m)} />
      {form.method === "accuracy_aware" && (
        <div className="notice" data-testid="calib-accuracy-note">
          Accuracy-aware quantization measures the accuracy of every candidate, so it needs a dataset with
          annotations (labels) and a metric. Datasets made of random or unlabelled inputs have none: the API
          refuses the request and says why.
        </div>
      )}
      {samples ? (
        <QuantizationFields form={form} set={set} errors={errors} datasetCount={datasetCount} />
      ) : (
        <WeightCompressionFields form={form} set={set} errors={errors} />
      )}
      <IgnoredScopeFields form={form} set={set} errors={errors} samples={samples} />
      <ComparisonFields form={form} set={set} errors={errors} />
    </div>
  );
}

function IgnoredScopeFields({
  form,
  set,
  errors,
  samples,
}: {
  form: CalibrationForm;
  set: SetCalibration;
  errors: Record<string, string>;
  samples: boolean;
}) {
  return (
    <div className="shapes">
      <div className="field-label">
        Ignored scope <span className="muted small">— operations left in floating point; comma-separated{samples ? "" : " (quantization only)"}</span>
      </div>
      <div className="form-grid">
        <CodeField
          label="Names"
          error={errors.ignoredNames}
          hint="exact operation names"
          placeholder="e.g. Conv_0, fc_out"
          value={form.ignoredNames}
          disabled={!samples}
          onChange={(v) => set("ignoredNames", v)}
          testId="calib-ignored-names"
        />
        <CodeField
          label="Types"
          error={errors.ignoredTypes}
          hint="operation types"
          placeholder="e.g. MatMul, Add"
          value={form.ignoredTypes}
          disabled={!samples}
          onChange={(v) => set("ignoredTypes", v)}
          testId="calib-ignored-types"
        />
        <CodeField
          label="Patterns"
          error={errors.ignoredPatterns}
          hint="regular expressions on the name; commas inside {…} or […] stay"
          placeholder="e.g. .*attention.*"
          value={form.ignoredPatterns}
          disabled={!samples}
          onChange={(v) => set("ignoredPatterns", v)}
          testId="calib-ignored-patterns"
        />
      </div>
    </div>
  );
}

function ComparisonFields({ form, set, errors }: { form: CalibrationForm; set: SetCalibration; errors: Record<string, string> }) {
  return (
    <div className="shapes">
      <div className="form-grid form-grid-4">
        <div className="field calib-checks">
          <span className="field-label">Comparison</span>
          <Check checked={form.compare} onChange={(v) => set("compare", v)} testId="calib-compare" title="benchmark and profile parent and child afterwards">
            benchmark parent and child
          </Check>
        </div>
        <NumberField
          label="Compare for (s)"
          error={form.compare ? errors.compareSeconds : undefined}
          hint={form.compare ? "each benchmark; then a 50-iteration layer profile of each" : "no comparison"}
          min={CALIBRATION_LIMITS.compareSeconds.min}
          max={CALIBRATION_LIMITS.compareSeconds.max}
          step="any"
          value={form.compare ? form.compareSeconds : ""}
          disabled={!form.compare}
          onChange={(v) => set("compareSeconds", v)}
          testId="calib-compare-seconds"
        />
        <Field label="Name" error={errors.name} hint="of the INT8 model and project; empty: “<project> INT8”">
          <input
            type="text"
            maxLength={CALIBRATION_LIMITS.name + 20}
            placeholder="automatic"
            value={form.name}
            onChange={(e) => set("name", e.target.value)}
            data-testid="calib-name"
            aria-invalid={!!errors.name}
          />
        </Field>
      </div>
    </div>
  );
}

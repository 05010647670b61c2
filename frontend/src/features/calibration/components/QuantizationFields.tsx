/** The settings of one calibration method: quantization (preset, subset, options, drop) or weight compression. */
import { QUANTIZATION_PRESETS, WEIGHT_MODES } from "../../../api/types";
import { Check, Field, NumberField, SelectField } from "../../../shared/ui/fields";
import { CALIBRATION_LIMITS, isInt4, PRESET_HELP, WEIGHT_MODE_HELP, type CalibrationForm, type DropType, type SubsetKind } from "../lib/calibrationForm";
import type { SetCalibration } from "./CalibrationAdvanced";

interface Props {
  form: CalibrationForm;
  set: SetCalibration;
  errors: Record<string, string>;
}

export function QuantizationFields({ form, set, errors, datasetCount }: Props & { datasetCount: number | null }) {
  const defaultSubset = datasetCount == null ? "NNCF's default: 300, or the whole dataset if smaller" : `NNCF's default: ${Math.min(300, datasetCount)} of the dataset's ${datasetCount}`;
  const percent = form.subsetKind === "percent";
  return (
    <div className="form-grid form-grid-4">
      <SelectField label="Preset" hint={PRESET_HELP[form.preset]} value={form.preset} choices={QUANTIZATION_PRESETS} onChange={(v) => set("preset", v)} testId="calib-preset" />
      <Field
        label="Calibration subset"
        error={errors.subset}
        hint={form.subsetKind === "default" ? defaultSubset : form.subsetKind === "size" ? "samples for the statistics" : "% of the dataset"}
      >
        <span className="input-pair">
          <select
            value={form.subsetKind}
            onChange={(e) => set("subsetKind", e.target.value as SubsetKind)}
            data-testid="calib-subset-kind"
            aria-label="Subset given as"
          >
            <option value="default">default</option>
            <option value="size">samples</option>
            <option value="percent">percent</option>
          </select>
          <input
            type="number"
            min={percent ? 0 : 1}
            max={percent ? 100 : CALIBRATION_LIMITS.subsetSize}
            step={percent ? "any" : 1}
            placeholder={form.subsetKind === "default" ? "auto" : form.subsetKind === "size" ? "e.g. 300" : "e.g. 10"}
            value={form.subsetKind === "default" ? "" : form.subset}
            disabled={form.subsetKind === "default"}
            onChange={(e) => set("subset", e.target.value)}
            data-testid="calib-subset"
            aria-invalid={!!errors.subset}
            aria-label="Subset"
          />
        </span>
      </Field>
      <div className="field calib-checks">
        <span className="field-label">Options</span>
        <Check
          checked={form.fastBiasCorrection}
          onChange={(v) => set("fastBiasCorrection", v)}
          testId="calib-fast-bias"
          title="off: the full bias correction, slower and sometimes more accurate"
        >
          fast bias correction
        </Check>
        <Check checked={form.transformer} onChange={(v) => set("transformer", v)} testId="calib-transformer" title="model_type=transformer: NNCF's patterns for attention blocks">
          transformer model
        </Check>
      </div>
      {form.method === "accuracy_aware" ? (
        <Field label="Max accuracy drop" error={errors.maxDrop} hint="the largest drop allowed">
          <span className="input-pair">
            <input
              type="number"
              min={0}
              max={CALIBRATION_LIMITS.maxDrop}
              step="any"
              value={form.maxDrop}
              onChange={(e) => set("maxDrop", e.target.value)}
              data-testid="calib-max-drop"
              aria-invalid={!!errors.maxDrop}
            />
            <select value={form.dropType} onChange={(e) => set("dropType", e.target.value as DropType)} data-testid="calib-drop-type" aria-label="Drop type">
              <option value="absolute">absolute</option>
              <option value="relative">relative</option>
            </select>
          </span>
        </Field>
      ) : (
        <div />
      )}
    </div>
  );
}

export function WeightCompressionFields({ form, set, errors }: Props) {
  const int4 = isInt4(form.weightMode);
  return (
    <div className="form-grid form-grid-4">
      <SelectField label="Weight mode" hint={WEIGHT_MODE_HELP[form.weightMode]} value={form.weightMode} choices={WEIGHT_MODES} onChange={(v) => set("weightMode", v)} testId="calib-weight-mode" />
      <NumberField
        label="Ratio"
        error={int4 ? errors.ratio : undefined}
        hint={int4 ? "share of the layers in INT4, the rest INT8" : "INT4 modes only"}
        min={0}
        max={1}
        step="any"
        value={int4 ? form.ratio : ""}
        placeholder={int4 ? "1" : "—"}
        disabled={!int4}
        onChange={(v) => set("ratio", v)}
        testId="calib-ratio"
      />
      <NumberField
        label="Group size"
        error={int4 ? errors.groupSize : undefined}
        hint={int4 ? "weights per scale; -1: per channel" : "INT4 modes only"}
        min={-1}
        max={CALIBRATION_LIMITS.groupSize}
        step={1}
        value={int4 ? form.groupSize : ""}
        placeholder={int4 ? "-1" : "—"}
        disabled={!int4}
        onChange={(v) => set("groupSize", v)}
        testId="calib-group-size"
      />
    </div>
  );
}

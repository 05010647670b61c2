/** The three calibration methods as radio cards. */
import { useId, type ReactNode } from "react";
import { CALIBRATION_METHODS, type CalibrationMethod } from "../../../api/types";

export const METHOD_TEXT: Record<CalibrationMethod, { title: string; body: ReactNode }> = {
  default: {
    title: "Default quantization",
    body: "INT8 weights and activations (nncf.quantize): statistics from the dataset's inputs, no labels needed.",
  },
  accuracy_aware: {
    title: "Accuracy-aware quantization",
    body:
      "Like the default, then reverts the layers that cost the most accuracy to floating point until the drop " +
      "is within a limit (nncf.quantize_with_accuracy_control). Needs an annotated dataset and a metric.",
  },
  weight_compression: {
    title: "Weight compression",
    body:
      "Weights only, to INT8 or INT4 (nncf.compress_weights); activations stay in floating point. No samples " +
      "needed: for large transformers (LLMs), where the weights dominate.",
  },
};

export function MethodChoice({ value, onChange }: { value: CalibrationMethod; onChange: (m: CalibrationMethod) => void }) {
  const name = useId();
  return (
    <fieldset className="radio-cards" data-testid="calib-methods">
      <legend className="field-label">Method</legend>
      {CALIBRATION_METHODS.map((m) => (
        <label key={m} className={`radio-card${value === m ? " on" : ""}`}>
          <input
            type="radio"
            name={name}
            value={m}
            checked={value === m}
            onChange={() => onChange(m)}
            data-testid="calib-method"
            data-method={m}
          />
          <span className="radio-card-text">
            <span className="radio-card-title">
              {METHOD_TEXT[m].title}
              {m === "accuracy_aware" && <span className="tag tag-light">needs annotations</span>}
            </span>
            <span className="radio-card-body">{METHOD_TEXT[m].body}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

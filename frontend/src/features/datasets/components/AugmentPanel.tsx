/** A new dataset of augmented copies of this one. */
import { useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useAugmentDataset } from "../api/datasets";
import type { Dataset } from "../../../api/types";
import { Field } from "../../../shared/ui/fields";
import { ErrorBox, Panel } from "../../../shared/ui/ui";
import { augmentationSummary, buildAugmentation, datasetVerdict, DEFAULT_AUGMENTATION, type AugmentationForm } from "../lib/datasets";
import "../../../shared/ui/images.css";

export function AugmentPanel({ dataset }: { dataset: Dataset }) {
  const augment = useAugmentDataset(dataset.id);
  const [form, setFormState] = useState<AugmentationForm>(DEFAULT_AUGMENTATION);
  const { body, errors } = useMemo(() => buildAugmentation(form), [form]);
  const set = <K extends keyof AugmentationForm>(key: K, value: AugmentationForm[K]) => {
    setFormState((f) => ({ ...f, [key]: value }));
    if (augment.error) augment.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body) augment.mutate(body);
  };
  const made = augment.data;
  const num = (key: keyof AugmentationForm, label: string, hint: string, min: number, max: number, step: number | "any") => (
    <Field label={label} error={errors[key]} hint={hint} className="field-narrow">
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={String(form[key])}
        onChange={(e) => set(key, e.target.value as never)}
        data-testid={`augment-${key}`}
        aria-invalid={!!errors[key]}
      />
    </Field>
  );
  return (
    <Panel title="Augment" testId="augment-panel">
      <form className="form" onSubmit={submit} data-testid="augment-form" noValidate>
        <div className="form-grid form-grid-4">
          <Field label="Name" error={errors.name} hint={`empty: “${dataset.name} augmented”`}>
            <input type="text" value={form.name} maxLength={200} onChange={(e) => set("name", e.target.value)} data-testid="augment-name" placeholder="automatic" />
          </Field>
          {num("copies", "Copies per image", "1 to 10, besides the original", 1, 10, 1)}
          {num("seed", "Seed", "same seed, same copies", 0, Number.MAX_SAFE_INTEGER, 1)}
          <div className="field calib-checks">
            <span className="field-label">Flips (boxes follow)</span>
            <label className="check">
              <input type="checkbox" checked={form.flipHorizontal} onChange={(e) => set("flipHorizontal", e.target.checked)} data-testid="augment-flip-h" />
              horizontal
            </label>
            <label className="check">
              <input type="checkbox" checked={form.flipVertical} onChange={(e) => set("flipVertical", e.target.checked)} data-testid="augment-flip-v" />
              vertical
            </label>
          </div>
          {num("noise", "Noise σ", "Gaussian, in pixel levels (0–100)", 0, 100, "any")}
          {num("erase", "Random erase", "probability of a blanked rectangle (0–1)", 0, 1, "any")}
          {num("brightness", "Brightness", "shift up to this share of the range (0–1)", 0, 1, "any")}
          {num("contrast", "Contrast", "scale by 1 ± this around the mean (0–1)", 0, 1, "any")}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!body || augment.isPending} data-testid="augment-submit">
            {augment.isPending ? "Augmenting…" : "Create the augmented dataset"}
          </button>
          {body && <span className="muted small">{augmentationSummary(body)}, {((body.copies ?? 1) + 1) * dataset.count} images in all</span>}
        </div>
      </form>
      {made && (
        <div className="notice notice-ok" data-testid="augment-result" data-dataset-id={made.id}>
          Created <strong>{made.name}</strong>: {datasetVerdict(made)}.{" "}
          <Link to={`/datasets/${made.id}`} className="btn btn-small btn-primary" data-testid="augment-open">
            Open it
          </Link>
        </div>
      )}
      {augment.error != null && <ErrorBox error={augment.error} title="Cannot augment the dataset" testId="augment-error" />}
    </Panel>
  );
}

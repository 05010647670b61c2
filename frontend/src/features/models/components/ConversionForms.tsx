/**
 * On the model page: convert the model again with other settings (POST /models/{id}/conversions), or
 * derive a child model from its IR (POST /models/{id}/derivatives, e.g. a reshape to batch 2), which opens
 * the child's page. Both use the conversion settings fields of the upload form, one row per model input.
 */
import { useMemo, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useDeriveModel, useReconvertModel } from "../api/models";
import type { Model } from "../../../api/types";
import { buildConversionSettings, conversionFormFrom, conversionSummary, type ConversionForm } from "../lib/conversion";
import { serverError } from "../../benchmarks/lib/settings";
import { Field } from "../../../shared/ui/fields";
import { ConversionSettingsFields } from "./ConversionSettingsFields";
import { ErrorBox, Panel } from "../../../shared/ui/ui";

const NOT_READY = "available once the model is converted";

export function DeriveForm({ model }: { model: Model }) {
  const navigate = useNavigate();
  const derive = useDeriveModel(model.id);
  const [name, setName] = useState("");
  const [form, setForm] = useState<ConversionForm>(() => conversionFormFrom(null, model.inputs));
  const { settings, errors } = useMemo(() => buildConversionSettings(form, model.inputs), [form, model.inputs]);
  const ready = model.status === "ready";
  const changes = settings ? conversionSummary(settings) : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!settings || !ready) return;
    derive.mutate({ name: name.trim(), settings }, { onSuccess: (child) => navigate(`/models/${child.id}`) });
  };

  return (
    <Panel title="Derive a child model" testId="derive-panel">
      <form className="form" onSubmit={submit} data-testid="derive-form" noValidate>
        <p className="muted small conversion-note">
          A new model made from this model's IR with other settings, e.g. a batch of 2 (shape 2,3,224,224), another
          layout or pre-processing, an output cut, one precision. This model stays as it is; the child is listed under
          its lineage.
        </p>
        <div className="form-row">
          <Field label="Name of the child" hint="empty: the parent's name + (derived)" className="derive-name">
            <input
              type="text"
              value={name}
              maxLength={200}
              placeholder={`${model.name} (derived)`}
              onChange={(e) => setName(e.target.value)}
              data-testid="derive-name"
            />
          </Field>
        </div>
        <ConversionSettingsFields form={form} setForm={setForm} errors={errors} knownInputs={model.inputs} disabled={derive.isPending} />
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!settings || !ready || derive.isPending}
            title={!ready ? NOT_READY : changes.length === 0 ? "the same settings: a copy of this model" : undefined}
            data-testid="derive-submit"
          >
            {derive.isPending ? "Deriving…" : "Derive the child model"}
          </button>
          {changes.length > 0 && (
            <span className="advanced-summary">
              {changes.map((c) => (
                <span key={c} className="tag">
                  {c}
                </span>
              ))}
            </span>
          )}
        </div>
        {derive.error != null && <ErrorBox error={serverError(derive.error).display} title="Cannot derive the model" testId="derive-error" />}
      </form>
    </Panel>
  );
}

export function ReconvertForm({ model }: { model: Model }) {
  const reconvert = useReconvertModel(model.id);
  const [form, setForm] = useState<ConversionForm>(() => conversionFormFrom(model.conversion_settings, model.inputs));
  const { settings, errors } = useMemo(() => buildConversionSettings(form, model.inputs), [form, model.inputs]);
  const busy = model.status === "converting" || model.status === "downloading";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!settings || busy) return;
    reconvert.mutate(settings);
  };

  return (
    <Panel title="Convert again" testId="reconvert-panel">
      <form className="form" onSubmit={submit} data-testid="reconvert-form" noValidate>
        <p className="muted small conversion-note">
          Replaces this model's IR variants: converted again from its source with these settings. Projects of this model
          use the new IR from their next run.
        </p>
        <ConversionSettingsFields form={form} setForm={setForm} errors={errors} knownInputs={model.inputs} disabled={reconvert.isPending} />
        <div className="form-actions">
          <button
            type="submit"
            className="btn"
            disabled={!settings || busy || reconvert.isPending}
            title={busy ? "a conversion is running" : undefined}
            data-testid="reconvert-submit"
          >
            {reconvert.isPending ? "Starting…" : "Convert again"}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setForm(conversionFormFrom(model.conversion_settings, model.inputs))}
            disabled={reconvert.isPending}
          >
            Reset to the current settings
          </button>
        </div>
        {reconvert.error != null && (
          <ErrorBox error={serverError(reconvert.error).display} title="Cannot convert the model again" testId="reconvert-error" />
        )}
      </form>
    </Panel>
  );
}

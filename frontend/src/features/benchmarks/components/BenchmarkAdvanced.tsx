/** The "Advanced" section of the benchmark form: API, requests, streams/threads, batch, precision, device, shapes. */
import { APIS, type DeviceInfo, type TensorInfo } from "../../../api/types";
import { formatShape } from "../../../shared/lib/format";
import { InferPrecisionSelect } from "../../../shared/ui/InferPrecisionSelect";
import { Field, NumberField, SelectField } from "../../../shared/ui/fields";
import { dynamicInputs, LIMITS, LOW_LEVEL_REASON, lowLevelAllowed, shapeTemplate, SYNC_NIREQ_REASON, type SettingsForm } from "../lib/settings";

type Set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;

export function BenchmarkAdvanced({
  id,
  form,
  set,
  inputs,
  devices,
  projectDevice,
  fieldError,
  shapeError,
}: {
  id: string;
  form: SettingsForm;
  set: Set;
  inputs: readonly TensorInfo[] | undefined;
  devices: readonly DeviceInfo[];
  projectDevice: string;
  fieldError: (name: string) => string | undefined;
  /** the server's error about the shapes as a whole */
  shapeError: string | undefined;
}) {
  const lowLevel = lowLevelAllowed(form.hint);
  const sync = form.api === "sync";
  const devicesShown = devices.length > 0 ? devices : [{ name: projectDevice, full_name: "", capabilities: [] }];
  return (
    <div className="advanced" id={id} data-testid="advanced-settings">
      <div className="form-grid form-grid-4">
        <SelectField
          label="API"
          hint={sync ? "one request, waited for each time" : "requests run concurrently"}
          value={form.api}
          choices={APIS}
          onChange={(v) => set("api", v)}
          testId="bench-api"
        />
        <NumberField
          label="Infer requests (nireq)"
          error={sync ? undefined : fieldError("nireq")}
          hint={sync ? SYNC_NIREQ_REASON : "empty: as the hint or device suggests"}
          min={1}
          max={LIMITS.nireq}
          step={1}
          placeholder={sync ? "1" : "auto"}
          value={sync ? "" : form.nireq}
          disabled={sync}
          onChange={(v) => set("nireq", v)}
          testId="bench-nireq"
          invalid={!!fieldError("nireq")}
        />
        <NumberField
          label="Streams (nstreams)"
          error={lowLevel ? fieldError("nstreams") : undefined}
          hint={lowLevel ? "empty: the device's default" : <LowLevelReason onFix={() => set("hint", "NONE")} />}
          min={1}
          max={LIMITS.nstreams}
          step={1}
          placeholder={lowLevel ? "auto" : "set by the hint"}
          value={lowLevel ? form.nstreams : ""}
          disabled={!lowLevel}
          onChange={(v) => set("nstreams", v)}
          testId="bench-nstreams"
          invalid={!!fieldError("nstreams")}
        />
        <NumberField
          label="Threads (nthreads)"
          error={lowLevel ? fieldError("nthreads") : undefined}
          hint={lowLevel ? "empty: the device's default" : LOW_LEVEL_REASON}
          min={1}
          max={LIMITS.nthreads}
          step={1}
          placeholder={lowLevel ? "auto" : "set by the hint"}
          value={lowLevel ? form.nthreads : ""}
          disabled={!lowLevel}
          onChange={(v) => set("nthreads", v)}
          testId="bench-nthreads"
          invalid={!!fieldError("nthreads")}
        />
        <NumberField
          label="Batch"
          error={fieldError("batch")}
          hint="first dimension of every input; empty: the model's"
          min={1}
          max={LIMITS.batch}
          step={1}
          placeholder="model's"
          value={form.batch}
          onChange={(v) => set("batch", v)}
          testId="bench-batch"
        />
        <InferPrecisionSelect
          value={form.inferPrecision}
          onChange={(v) => set("inferPrecision", v)}
          devices={devicesShown}
          device={form.device || projectDevice}
          testId="bench-infer-precision"
          error={fieldError("inferPrecision")}
        />
        <Field label="Device" error={fieldError("device")} hint="any device of the project's target">
          <select value={form.device} onChange={(e) => set("device", e.target.value)} data-testid="bench-device">
            <option value="">{projectDevice} (project)</option>
            {devicesShown
              .filter((d) => d.name !== projectDevice)
              .map((d) => (
                <option key={d.name} value={d.name} title={d.full_name}>
                  {d.name}
                  {d.full_name ? ` — ${d.full_name}` : ""}
                </option>
              ))}
          </select>
        </Field>
      </div>
      <ShapeFields form={form} set={set} inputs={inputs} fieldError={fieldError} shapeError={shapeError} />
    </div>
  );
}

function ShapeFields({
  form,
  set,
  inputs,
  fieldError,
  shapeError,
}: {
  form: SettingsForm;
  set: Set;
  inputs: readonly TensorInfo[] | undefined;
  fieldError: (name: string) => string | undefined;
  shapeError: string | undefined;
}) {
  const dynamic = dynamicInputs(inputs);
  return (
    <div className="shapes" data-testid="bench-shapes">
      <div className="field-label">Input shapes</div>
      {inputs === undefined ? (
        <div className="field-hint">loading the model's inputs…</div>
      ) : dynamic.length === 0 ? (
        <div className="field-hint" data-testid="bench-shapes-static">
          static: {inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join(", ") || "no inputs"} — nothing to set
        </div>
      ) : (
        <div className="form-grid form-grid-4">
          {dynamic.map((input) => {
            const err = fieldError(`shape:${input.name}`) ?? shapeError;
            return (
              <Field
                key={input.name}
                label={
                  <>
                    <span className="mono">{input.name}</span> <span className="muted">{formatShape(input.shape)}</span>
                  </>
                }
                error={err}
                hint="a size for each ?, e.g. 1, 3, 224, 224"
              >
                <input
                  type="text"
                  spellCheck={false}
                  className="mono"
                  value={form.shapes[input.name] ?? shapeTemplate(input.shape)}
                  onChange={(e) => set("shapes", { ...form.shapes, [input.name]: e.target.value })}
                  data-testid="bench-shape"
                  data-input={input.name}
                  aria-invalid={!!err}
                />
              </Field>
            );
          })}
        </div>
      )}
    </div>
  );
}

function LowLevelReason({ onFix }: { onFix: () => void }) {
  return (
    <>
      {LOW_LEVEL_REASON}.{" "}
      <button type="button" className="link-button" onClick={onFix} data-testid="bench-hint-none">
        Use hint NONE
      </button>
    </>
  );
}

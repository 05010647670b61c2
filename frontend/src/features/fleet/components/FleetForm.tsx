/** Start a fleet run: a model variant, the same settings, and every target/device it should run on. */
import { useMemo, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useCreateDataset } from "../../datasets/api/datasets";
import { useModels } from "../../models/api/models";
import { useTargets } from "../../targets/api/targets";
import { useCreateFleetRun } from "../api/fleet";
import { PRECISIONS, type Precision } from "../../../api/types";
import { randomDatasetName } from "../../../shared/lib/format";
import { Check, NumberField, SelectField } from "../../../shared/ui/fields";
import { ErrorBox } from "../../../shared/ui/ui";

const RANDOM_COUNT = 16;

export function FleetForm() {
  const navigate = useNavigate();
  const models = useModels();
  const targets = useTargets();
  const createDataset = useCreateDataset();
  const createFleet = useCreateFleetRun();
  const [modelId, setModelId] = useState("");
  const [precision, setPrecision] = useState<Precision | "">("");
  const [seconds, setSeconds] = useState("5");
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  const readyModels = useMemo(() => (models.data?.data ?? []).filter((m) => m.status === "ready"), [models.data]);
  const model = readyModels.find((m) => m.id === modelId) ?? (modelId ? undefined : readyModels[0]);
  const precisions: Precision[] = model?.variants?.length ? model.variants.map((v) => v.precision) : [...PRECISIONS];
  const effPrecision = precision && precisions.includes(precision) ? precision : (precisions[0] ?? "");
  const pairs = (targets.data?.data ?? [])
    .filter((t) => t.status !== "offline")
    .flatMap((t) => t.inventory.devices.map((d) => ({ key: `${t.id}:${d.name}`, target_id: t.id, device: d.name, full: d.full_name })));
  const picked = pairs.filter((p) => chosen.has(p.key));
  const duration = Number(seconds);
  const durationOk = Number.isFinite(duration) && duration > 0 && duration <= 3600;
  const busy = createDataset.isPending || createFleet.isPending;
  const canSubmit = !!model && !!effPrecision && picked.length > 0 && durationOk && !busy;

  const toggle = (key: string, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || !model || !effPrecision) return;
    createDataset.mutate(
      { name: randomDatasetName(RANDOM_COUNT), kind: "random", seed: 0, count: RANDOM_COUNT },
      {
        onSuccess: (dataset) =>
          createFleet.mutate(
            {
              model_id: model.id,
              precision: effPrecision,
              dataset_id: dataset.id,
              settings: { duration_seconds: duration },
              targets: picked.map(({ target_id, device }) => ({ target_id, device })),
            },
            { onSuccess: (fleet) => navigate(`/fleet/${fleet.id}`) },
          ),
      },
    );
  };

  return (
    <form className="fleet-form" onSubmit={submit} data-testid="fleet-form">
      <div className="form-row">
        <SelectField label="Model" value={model?.id ?? ""} choices={[]} onChange={setModelId} testId="fleet-model">
          {readyModels.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Precision" value={effPrecision} choices={precisions} onChange={setPrecision} testId="fleet-precision-select" />
        <NumberField label="Seconds per target" value={seconds} onChange={setSeconds} testId="fleet-seconds" min={0.1} step="any" error={durationOk ? undefined : "between 0 and 3600 s"} />
      </div>
      <div className="fleet-targets" role="group" aria-label="targets and devices">
        {pairs.length === 0 && <div className="muted small">No target is online.</div>}
        {pairs.map((p) => (
          <Check key={p.key} checked={chosen.has(p.key)} onChange={(on) => toggle(p.key, on)} testId={`fleet-pick-${p.key}`} title={p.full}>
            <strong>{p.target_id}</strong>/{p.device} <span className="muted small">{p.full}</span>
          </Check>
        ))}
      </div>
      {(models.error ?? targets.error ?? createDataset.error ?? createFleet.error) && (
        <ErrorBox error={models.error ?? targets.error ?? createDataset.error ?? createFleet.error} title="Cannot start the fleet run" />
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={!canSubmit} data-testid="fleet-start">
          Run on {picked.length} target{picked.length === 1 ? "" : "s"}
        </button>
      </div>
    </form>
  );
}

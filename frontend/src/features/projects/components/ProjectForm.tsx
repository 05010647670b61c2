/** Create a project: model × precision × dataset × target × device. */
import { useMemo, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useCreateDataset, useDatasets } from "../../datasets/api/datasets";
import { useModels } from "../../models/api/models";
import { useTargets } from "../../targets/api/targets";
import { useCreateProject } from "../api/projects";
import { PRECISIONS, type Precision } from "../../../api/types";
import { defaultProjectName, randomDatasetName } from "../../../shared/lib/format";
import { variantLabel } from "../../../shared/lib/precision";
import { ErrorBox } from "../../../shared/ui/ui";

const RANDOM_COUNT = 16;

export function ProjectForm({
  initialModel,
  initialPrecision,
  onCancel,
}: {
  initialModel?: string;
  initialPrecision?: string;
  onCancel?: () => void;
}) {
  const navigate = useNavigate();
  const models = useModels();
  const datasets = useDatasets();
  const targets = useTargets();
  const createDataset = useCreateDataset();
  const createProject = useCreateProject();

  const [name, setName] = useState("");
  const [modelId, setModelId] = useState(initialModel ?? "");
  const [precision, setPrecision] = useState<Precision | "">(
    PRECISIONS.includes(initialPrecision as Precision) ? (initialPrecision as Precision) : "",
  );
  const [datasetId, setDatasetId] = useState("");
  const [targetId, setTargetId] = useState("");
  const [device, setDevice] = useState("");

  const readyModels = useMemo(() => (models.data?.data ?? []).filter((m) => m.status === "ready"), [models.data]);
  const datasetList = datasets.data?.data ?? [];
  const targetList = targets.data?.data ?? [];

  // effective values: the user's choice, else a sensible default from what has loaded
  const model = readyModels.find((m) => m.id === modelId) ?? (modelId ? undefined : readyModels[0]);
  const precisions: Precision[] = model?.variants?.length ? model.variants.map((v) => v.precision) : [...PRECISIONS];
  const effPrecision: Precision | "" = precision && precisions.includes(precision) ? precision : (precisions[0] ?? "");
  const effVariant = model?.variants?.find((v) => v.precision === effPrecision);
  const effLabel = effVariant ? variantLabel(effVariant) : effPrecision;
  const dataset = datasetList.find((d) => d.id === datasetId) ?? (datasetId ? undefined : datasetList[0]);
  const target =
    targetList.find((t) => t.id === targetId) ??
    (targetId ? undefined : (targetList.find((t) => t.status !== "offline") ?? targetList[0]));
  const devices = target?.inventory.devices ?? [];
  const effDevice =
    devices.find((d) => d.name === device)?.name ?? (devices.find((d) => d.name === "CPU") ?? devices[0])?.name ?? "";

  const canSubmit = !!model && !!effPrecision && !!dataset && !!target && !!effDevice && !createProject.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || !model || !dataset || !target || !effPrecision) return;
    createProject.mutate(
      {
        // empty: the server names it after the weights ("resnet INT8 on CPU")
        name: name.trim(),
        model_id: model.id,
        precision: effPrecision,
        dataset_id: dataset.id,
        target_id: target.id,
        device: effDevice,
      },
      { onSuccess: (project) => navigate(`/projects/${project.id}`) },
    );
  };

  const makeRandomDataset = () =>
    createDataset.mutate(
      { name: randomDatasetName(RANDOM_COUNT), kind: "random", seed: 0, count: RANDOM_COUNT },
      { onSuccess: (d) => setDatasetId(d.id) },
    );

  const loadError = models.error ?? datasets.error ?? targets.error;

  return (
    <form className="form" onSubmit={submit} data-testid="project-form">
      {loadError && <ErrorBox error={loadError} title="Cannot load the choices" />}
      <div className="form-grid">
        <label className="field">
          <span className="field-label">Model</span>
          <select
            value={model?.id ?? ""}
            onChange={(e) => setModelId(e.target.value)}
            data-testid="project-model"
            disabled={models.isLoading}
          >
            {models.isLoading && <option value="">loading…</option>}
            {!models.isLoading && readyModels.length === 0 && <option value="">no converted model yet</option>}
            {modelId && !model && !models.isLoading && <option value="">model not ready or unknown</option>}
            {readyModels.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.framework})
              </option>
            ))}
          </select>
        </label>

        <label className="field">
          <span className="field-label">Precision</span>
          <select
            value={effPrecision}
            onChange={(e) => setPrecision(e.target.value as Precision)}
            data-testid="project-precision"
          >
            {precisions.map((p) => {
              const variant = model?.variants?.find((v) => v.precision === p);
              return (
                <option key={p} value={p}>
                  {variant ? variantLabel(variant) : p}
                </option>
              );
            })}
          </select>
        </label>

        <div className="field">
          <span className="field-label">Dataset</span>
          <div className="input-row">
            <select
              value={dataset?.id ?? ""}
              onChange={(e) => setDatasetId(e.target.value)}
              data-testid="project-dataset"
              disabled={datasets.isLoading || datasetList.length === 0}
              aria-label="Dataset"
            >
              {datasets.isLoading && <option value="">loading…</option>}
              {!datasets.isLoading && datasetList.length === 0 && <option value="">no dataset yet</option>}
              {datasetList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.kind}, {d.count} samples)
                </option>
              ))}
            </select>
            <button
              type="button"
              className={`btn ${datasetList.length === 0 && !datasets.isLoading ? "btn-primary" : ""}`}
              onClick={makeRandomDataset}
              disabled={createDataset.isPending}
              data-testid="create-random-dataset"
              title={`Create a dataset of ${RANDOM_COUNT} random inputs shaped like the model's`}
            >
              {createDataset.isPending ? "Creating…" : "+ Random dataset"}
            </button>
          </div>
          {!datasets.isLoading && datasetList.length === 0 && (
            <span className="field-hint">No dataset yet: create one of {RANDOM_COUNT} random inputs in one click.</span>
          )}
          {createDataset.error && <ErrorBox error={createDataset.error} title="Cannot create the dataset" />}
        </div>

        <label className="field">
          <span className="field-label">Target</span>
          <select
            value={target?.id ?? ""}
            onChange={(e) => {
              setTargetId(e.target.value);
              setDevice("");
            }}
            data-testid="project-target"
            disabled={targets.isLoading || targetList.length === 0}
          >
            {targets.isLoading && <option value="">loading…</option>}
            {!targets.isLoading && targetList.length === 0 && <option value="">no target agent connected</option>}
            {targetList.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} — {t.inventory.hostname} ({t.status})
              </option>
            ))}
          </select>
          {target && (
            <span className="field-hint">
              <span className={`dot dot-${target.status}`} /> {target.status} · OpenVINO {target.inventory.openvino_version}
            </span>
          )}
          {target?.status === "offline" && (
            <span className="field-hint warn">This target is offline: benchmarks will wait until it returns.</span>
          )}
        </label>

        <label className="field">
          <span className="field-label">Device</span>
          <select
            value={effDevice}
            onChange={(e) => setDevice(e.target.value)}
            data-testid="project-device"
            disabled={devices.length === 0}
          >
            {devices.length === 0 && <option value="">—</option>}
            {devices.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
                {d.full_name ? ` — ${d.full_name}` : ""}
              </option>
            ))}
          </select>
        </label>

        <label className="field">
          <span className="field-label">Name (optional)</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            placeholder={model && effPrecision ? defaultProjectName(model.name, effLabel, effDevice || "…") : ""}
            onChange={(e) => setName(e.target.value)}
            data-testid="project-name"
          />
        </label>
      </div>
      {createProject.error && <ErrorBox error={createProject.error} title="Cannot create the project" />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!canSubmit} data-testid="project-submit">
          {createProject.isPending ? "Creating…" : "Create project"}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * Per-output tensor distance of this model against another (e.g. its INT8 child) on the same inputs of
 * a dataset: no annotations needed. Runs on the server's CPU.
 */
import { useState } from "react";
import { useDatasets } from "../../datasets/api/datasets";
import { useLineage, useModels, useOutputDistance } from "../api/models";
import type { Model } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import { Field } from "../../../shared/ui/fields";
import { ErrorBox } from "../../../shared/ui/ui";

export function OutputDistancePanel({ model }: { model: Model }) {
  const models = useModels().data?.data ?? [];
  const lineage = useLineage(model.id).data;
  const datasets = useDatasets().data?.data ?? [];
  // the model's own family first: children (INT8, derived) and its parent
  const family = new Set([...(lineage?.descendants ?? []), ...(lineage?.ancestors ?? [])].map((e) => e.id));
  const others = models
    .filter((m) => m.id !== model.id && m.status === "ready")
    .sort((a, b) => Number(family.has(b.id)) - Number(family.has(a.id)));
  const [other, setOther] = useState("");
  const [dataset, setDataset] = useState("");
  const [samples, setSamples] = useState(16);
  const [scale, setScale] = useState("");
  const distance = useOutputDistance(model.id);
  const b = other || others[0]?.id || "";
  const d = dataset || datasets[0]?.id || "";
  const run = () =>
    distance.mutate({
      b,
      dataset_id: d,
      samples,
      precision_a: "FP32",
      precision_b: "FP32",
      config: { preprocessing: scale ? { scale: scale.split(/[ ,]+/).filter(Boolean).map(Number) } : {} },
    });
  const found = distance.data;
  return (
    <div data-testid="output-distance">
      <div className="form-grid form-grid-4">
        <Field label="Other model (B)">
          <select value={b} onChange={(e) => setOther(e.target.value)} data-testid="distance-model">
            {others.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.origin}){family.has(m.id) ? " · family" : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Inputs from">
          <select value={d} onChange={(e) => setDataset(e.target.value)} data-testid="distance-dataset">
            {datasets.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} ({x.kind}, {x.count})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Samples">
          <input type="number" min={1} max={256} value={samples} onChange={(e) => setSamples(Number(e.target.value))}
            data-testid="distance-samples" />
        </Field>
        <Field label="Scale (pre-processing)" hint="e.g. 255 for inputs in 0..1">
          <input value={scale} onChange={(e) => setScale(e.target.value)} placeholder="none" data-testid="distance-scale" />
        </Field>
      </div>
      <button type="button" className="btn" disabled={!b || !d || distance.isPending} onClick={run}
        data-testid="distance-run">
        {distance.isPending ? "Comparing…" : "Compare outputs"}
      </button>
      {distance.error != null && <ErrorBox error={distance.error} title="The outputs could not be compared" testId="distance-error" />}
      {found && (
        <>
          <p className="verdict" data-testid="distance-verdict">{found.verdict}</p>
          <table className="table table-compact" data-testid="distance-table" data-rows={found.outputs.length}>
            <thead>
              <tr>
                <th>Output</th>
                <th>Shape</th>
                <th className="num">Mean |a − b|</th>
                <th className="num">Max |a − b|</th>
                <th className="num">Cosine</th>
                <th className="num">Relative L2</th>
              </tr>
            </thead>
            <tbody>
              {found.outputs.map((o) => (
                <tr key={o.name}>
                  <td className="mono">{o.name}</td>
                  <td className="mono small">[{o.shape.join(", ")}]</td>
                  <td className="num">{formatNumber(o.mean_abs, 4)}</td>
                  <td className="num">{formatNumber(o.max_abs, 4)}</td>
                  <td className="num">{o.cosine.toFixed(6)}</td>
                  <td className="num">{formatNumber(o.relative_l2, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

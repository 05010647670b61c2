/** The model page's graph tab: the IR graph of one precision and its raw files. */
import { lazy, Suspense, useState } from "react";
import { downloadApiFile } from "../../../shared/api/download";
import { isModelBusy, useModelGraph } from "../api/models";
import type { Model, Precision } from "../../../api/types";
import { Empty, ErrorBox, Loading, Panel } from "../../../shared/ui/ui";
import { safeFilename } from "../../../shared/lib/export";

export const ModelGraphView = lazy(() => import("../components/ModelGraphView").then((m) => ({ default: m.ModelGraphView })));
/** Download one raw IR file (bearer token, so through fetch); "for Netron", which opens the .xml with its .bin. */
export function IrDownload({ url, filename, label, testId }: { url: string; filename: string; label: string; testId: string }) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const run = async () => {
    setState({ busy: true, error: null });
    try {
      await downloadApiFile(url, filename);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void run()} disabled={state.busy} data-testid={testId} title={`Save as ${filename}`}>
        {state.busy ? "Downloading…" : label}
      </button>
      {state.error != null && <ErrorBox error={state.error} title={`Cannot download ${filename}`} testId={`${testId}-error`} />}
    </>
  );
}

export function GraphPanel({ model }: { model: Model }) {
  const precisions = (model.variants ?? []).map((v) => v.precision);
  const [chosen, setChosen] = useState<Precision | null>(null);
  const precision: Precision | null =
    chosen && precisions.includes(chosen) ? chosen : precisions.includes("FP32") ? "FP32" : (precisions[0] ?? null);
  const graph = useModelGraph(model.id, model.status === "ready" ? precision : null);
  const stem = safeFilename(`${model.name}-${precision ?? ""}`, "x").replace(/\.x$/, "");
  return (
    <Panel
      title="Graph"
      testId="graph-panel"
      actions={
        graph.data && precision ? (
          <div className="graph-actions">
            {precisions.length > 1 && (
              <select value={precision} onChange={(e) => setChosen(e.target.value as Precision)} aria-label="IR precision" data-testid="graph-precision">
                {precisions.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
            <span className="muted small">for Netron:</span>
            <IrDownload url={graph.data.xml_url} filename={`${stem}.xml`} label="model.xml" testId="download-xml" />
            <IrDownload url={graph.data.bin_url} filename={`${stem}.bin`} label="model.bin" testId="download-bin" />
          </div>
        ) : null
      }
    >
      {model.status !== "ready" ? (
        <Empty>{isModelBusy(model) ? "Available once the model is converted." : "The model has no IR."}</Empty>
      ) : graph.isLoading ? (
        <Loading label="Loading the graph…" />
      ) : graph.error ? (
        <ErrorBox error={graph.error} title="Cannot load the graph" testId="graph-error" />
      ) : graph.data ? (
        <Suspense fallback={<Loading label="Laying out the graph…" />}>
          <ModelGraphView key={`${model.id}-${graph.data.precision}`} graph={graph.data} />
        </Suspense>
      ) : null}
    </Panel>
  );
}

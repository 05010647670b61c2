/** The model page's overview tab: facts, inputs and outputs, task, analysis. */
import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { isModelBusy } from "../api/models";
import type { Model } from "../../../api/types";
import { Empty, Facts, Loading, Panel } from "../../../shared/ui/ui";
import { conversionSummary } from "../lib/conversion";
import { formatBytes, formatDateTime, shortSha } from "../../../shared/lib/format";
import { variantLabel, weightsText } from "../../../shared/lib/precision";
import { TensorTable, TaskField, AnalysisPanel } from "./ModelAnalysis";

const OutputDistancePanel = lazy(() => import("./OutputDistancePanel").then((m) => ({ default: m.OutputDistancePanel })));
const SingleImageTest = lazy(() => import("./SingleImageTest").then((m) => ({ default: m.SingleImageTest })));

export function Overview({ model: m }: { model: Model }) {
  const settings = conversionSummary(m.conversion_settings);
  return (
    <>
      <Panel title="Source">
        <Facts
          items={[
            ["Id", <code key="id">{m.id}</code>],
            ["Framework", <span key="fw" data-testid="model-framework">{m.framework}</span>],
            ["Weights", <span key="w" data-testid="model-weights">{weightsText(m) ?? "—"}</span>],
            ["File", m.source_filename],
            ["Size", formatBytes(m.source_size)],
            ["SHA-256", <code key="sha" title={m.source_sha256}>{shortSha(m.source_sha256, 16)}</code>],
            ["Created", formatDateTime(m.created_at)],
            [
              "Conversion",
              <span key="conv" data-testid="conversion-settings-summary">
                {settings.length > 0 ? settings.map((t) => <span key={t} className="tag">{t}</span>) : <span className="muted">default settings</span>}
              </span>,
            ],
          ]}
        />
        <TaskField model={m} />
      </Panel>
      <Panel title="Test on one image" testId="predict-panel">
        {m.status === "ready" ? (
          <Suspense fallback={<Loading />}>
            <SingleImageTest model={m} />
          </Suspense>
        ) : (
          <Empty>{isModelBusy(m) ? "Available once the model is converted." : "The model has no IR to run."}</Empty>
        )}
      </Panel>
      <Panel title="Compare outputs with another model" testId="distance-panel">
        {m.status === "ready" ? (
          <Suspense fallback={<Loading />}>
            <OutputDistancePanel model={m} />
          </Suspense>
        ) : (
          <Empty>Available once the model is converted.</Empty>
        )}
      </Panel>
      <AnalysisPanel model={m} />
      <div className="grid-2">
        <Panel title={`Inputs (${m.inputs?.length ?? 0})`}>
          <TensorTable tensors={m.inputs ?? []} testId="inputs-table" />
        </Panel>
        <Panel title={`Outputs (${m.outputs?.length ?? 0})`}>
          <TensorTable tensors={m.outputs ?? []} testId="outputs-table" />
        </Panel>
      </div>
      <Panel title="IR variants">
        {!m.variants?.length ? (
          <Empty>{isModelBusy(m) ? "Converting…" : "No IR variants."}</Empty>
        ) : (
          <table className="table" data-testid="variants-table">
            <thead>
              <tr>
                <th>Precision</th>
                <th>Weights</th>
                <th className="num">Size</th>
                <th>XML SHA-256</th>
                <th>BIN SHA-256</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {m.variants.map((v) => (
                <tr key={v.precision} data-testid="variant-row" data-precision={v.precision}>
                  <td>
                    <span className="tag" data-testid="variant-label">{variantLabel(v)}</span>
                  </td>
                  <td className="muted" title="the IR's folder and what its weights are stored as, read from the IR">
                    {v.precision} folder · {v.weight_precision ?? "not read (convert again)"}
                  </td>
                  <td className="num">{formatBytes(v.size_bytes)}</td>
                  <td className="mono" title={v.xml_sha256}>
                    {shortSha(v.xml_sha256)}
                  </td>
                  <td className="mono" title={v.bin_sha256}>
                    {shortSha(v.bin_sha256)}
                  </td>
                  <td className="right">
                    <Link
                      className="btn btn-small"
                      to={`/projects?new=1&model=${encodeURIComponent(m.id)}&precision=${v.precision}`}
                    >
                      Benchmark {variantLabel(v)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

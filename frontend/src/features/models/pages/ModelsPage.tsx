import { Link } from "react-router";
import { useModels } from "../api/models";
import type { Model } from "../../../api/types";
import { ErrorBox, Loading, OriginBadge, PageHeader, Panel, StatusChip, Empty } from "../../../shared/ui/ui";
import { UploadPanel } from "../components/UploadPanel";
import { taskLabel } from "../lib/analysis";
import { formatAgo, formatBytes, formatDateTime, formatShape } from "../../../shared/lib/format";
import { weightsText, weightTags } from "../../../shared/lib/precision";
import "../models.css";

function Inputs({ model }: { model: Model }) {
  if (!model.inputs?.length) return <span className="muted">—</span>;
  return (
    <div className="tensor-list">
      {model.inputs.map((t) => (
        <span key={t.name} className="tensor" title={`${t.name}: ${t.element_type} ${formatShape(t.shape)}`}>
          <span className="tensor-name">{t.name}</span> <code>{formatShape(t.shape)}</code>{" "}
          <span className="muted">{t.element_type}</span>
        </span>
      ))}
    </div>
  );
}

export function ModelsPage() {
  const models = useModels();
  return (
    <>
      <PageHeader
        title="Models"
        subtitle={
          <>
            Upload a model; it is converted to OpenVINO IR (FP32 and FP16 unless you choose). Or import one from the{" "}
            <Link to="/omz">Open Model Zoo</Link>.
          </>
        }
      />
      <Panel title="Upload">
        <UploadPanel />
      </Panel>
      <Panel
        title={`Models${models.data ? ` (${models.data.count})` : ""}`}
        actions={models.isFetching && !models.isLoading ? <span className="muted small">refreshing…</span> : null}
      >
        {models.isLoading && <Loading />}
        {models.error && <ErrorBox error={models.error} title="Cannot list models" />}
        {models.data && models.data.data.length === 0 && <Empty>No models yet. Upload a model above, or import one from the Open Model Zoo.</Empty>}
        {models.data && models.data.data.length > 0 && (
          <table className="table" data-testid="models-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Framework</th>
                <th>Task</th>
                <th>Status</th>
                <th>Precisions</th>
                <th>Inputs</th>
                <th className="num">Size</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {models.data.data.map((m) => (
                <tr key={m.id} data-testid="model-row" data-model-id={m.id} data-model-name={m.name} data-framework={m.framework} data-task={m.task ?? ""} data-origin={m.origin ?? "upload"}>
                  <td>
                    <Link to={`/models/${m.id}`} className="strong" data-testid="model-link">
                      {m.name}
                    </Link>{" "}
                    {m.origin && m.origin !== "upload" && <OriginBadge origin={m.origin} />}
                    <div className="muted small">{m.omz_name && m.omz_name !== m.name ? `${m.omz_name} · ` : ""}{m.source_filename}</div>
                  </td>
                  <td>
                    <span className="tag tag-light" data-testid="model-framework">
                      {m.framework}
                    </span>
                  </td>
                  <td data-testid="model-task">{m.task ? taskLabel(m.task) : <span className="muted">—</span>}</td>
                  <td>
                    <StatusChip status={m.status} testId="model-status" />
                  </td>
                  <td>
                    {m.variants?.length ? (
                      weightTags(m).map((label) => (
                        <span key={label} className="tag" data-testid="model-weights" title={weightsText(m) ?? undefined}>
                          {label}
                        </span>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <Inputs model={m} />
                  </td>
                  <td className="num">{formatBytes(m.source_size)}</td>
                  <td title={formatDateTime(m.created_at)}>{formatAgo(m.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

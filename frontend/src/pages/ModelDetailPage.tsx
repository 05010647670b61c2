import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { keys, useModel } from "../api/queries";
import type { TensorInfo } from "../api/types";
import { JobProgress } from "../components/JobProgress";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, StatusChip } from "../components/ui";
import { formatBytes, formatDateTime, formatShape, shortSha } from "../lib/format";

function TensorTable({ tensors, testId }: { tensors: TensorInfo[]; testId: string }) {
  if (!tensors.length) return <Empty>None reported.</Empty>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Shape</th>
          <th>Element type</th>
        </tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <td className="mono">{t.name}</td>
            <td className="mono">{formatShape(t.shape)}</td>
            <td className="mono">{t.element_type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ModelDetailPage() {
  const { modelId = "" } = useParams();
  const qc = useQueryClient();
  const model = useModel(modelId);

  if (model.isLoading) return <Loading />;
  if (model.error || !model.data) return <ErrorBox error={model.error ?? "not found"} title="Cannot load the model" />;
  const m = model.data;
  const ready = m.status === "ready";

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Models", to: "/models" }, { label: m.name }]}
        title={
          <>
            {m.name} <StatusChip status={m.status} testId="model-status" />
          </>
        }
        subtitle={`${m.framework} · ${m.source_filename}`}
        actions={
          ready ? (
            <Link className="btn btn-primary" to={`/projects?new=1&model=${encodeURIComponent(m.id)}`} data-testid="create-project">
              Create project
            </Link>
          ) : (
            <button type="button" className="btn btn-primary" disabled title="available once the model is converted">
              Create project
            </button>
          )
        }
      />
      {m.status === "converting" && m.conversion_job_id && (
        <Panel title="Conversion">
          <JobProgress
            key={m.conversion_job_id}
            jobId={m.conversion_job_id}
            testId="conversion-progress"
            onFinished={() => {
              void qc.invalidateQueries({ queryKey: keys.model(m.id) });
              void qc.invalidateQueries({ queryKey: keys.models });
            }}
          />
        </Panel>
      )}
      {m.status === "failed" && m.conversion_job_id && (
        <Panel title="Conversion">
          <JobProgress key={m.conversion_job_id} jobId={m.conversion_job_id} testId="conversion-progress" />
        </Panel>
      )}
      <Panel title="Source">
        <Facts
          items={[
            ["Id", <code key="id">{m.id}</code>],
            ["Framework", m.framework],
            ["File", m.source_filename],
            ["Size", formatBytes(m.source_size)],
            ["SHA-256", <code key="sha" title={m.source_sha256}>{shortSha(m.source_sha256, 16)}</code>],
            ["Created", formatDateTime(m.created_at)],
          ]}
        />
      </Panel>
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
          <Empty>{m.status === "converting" ? "Converting…" : "No IR variants."}</Empty>
        ) : (
          <table className="table" data-testid="variants-table">
            <thead>
              <tr>
                <th>Precision</th>
                <th className="num">Size</th>
                <th>XML SHA-256</th>
                <th>BIN SHA-256</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {m.variants.map((v) => (
                <tr key={v.precision}>
                  <td>
                    <span className="tag">{v.precision}</span>
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
                      Benchmark {v.precision}
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

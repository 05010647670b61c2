import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useDatasets } from "../../datasets/api/datasets";
import { useModels } from "../../models/api/models";
import { useProjects } from "../api/projects";
import { ProjectForm } from "../components/ProjectForm";
import { Empty, ErrorBox, Loading, PageHeader, Panel } from "../../../shared/ui/ui";
import { formatAgo, formatDateTime } from "../../../shared/lib/format";
import "../projects.css";
import { projectWeights } from "../../../shared/lib/precision";

export function ProjectsPage() {
  const [params, setParams] = useSearchParams();
  const projects = useProjects();
  const models = useModels();
  const datasets = useDatasets();
  const modelNames = useMemo(() => new Map((models.data?.data ?? []).map((m) => [m.id, m.name])), [models.data]);
  const datasetNames = useMemo(() => new Map((datasets.data?.data ?? []).map((d) => [d.id, d.name])), [datasets.data]);

  const formOpen = params.get("new") === "1" || (projects.data?.count === 0 && !params.has("closed"));
  const openForm = () => setParams({ new: "1" });
  const closeForm = () => setParams({ closed: "1" });

  return (
    <>
      <PageHeader
        title="Projects"
        subtitle="A project pairs a converted model with a dataset and a device on a target; benchmarks run on it."
        actions={
          !formOpen && (
            <button type="button" className="btn btn-primary" onClick={openForm} data-testid="new-project">
              New project
            </button>
          )
        }
      />
      {formOpen && (
        <Panel title="New project" testId="new-project-panel">
          <ProjectForm
            key={`${params.get("model") ?? ""}:${params.get("precision") ?? ""}`}
            initialModel={params.get("model") ?? undefined}
            initialPrecision={params.get("precision") ?? undefined}
            onCancel={closeForm}
          />
        </Panel>
      )}
      <Panel title={`Projects${projects.data ? ` (${projects.data.count})` : ""}`}>
        {projects.isLoading && <Loading />}
        {projects.error && <ErrorBox error={projects.error} title="Cannot list projects" />}
        {projects.data && projects.data.data.length === 0 && <Empty>No projects yet.</Empty>}
        {projects.data && projects.data.data.length > 0 && (
          <table className="table" data-testid="projects-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Model</th>
                <th>Precision</th>
                <th>Dataset</th>
                <th>Target</th>
                <th>Device</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {projects.data.data.map((p) => (
                <tr key={p.id} data-testid="project-row" data-project-id={p.id}>
                  <td>
                    <Link to={`/projects/${p.id}`} className="strong">
                      {p.name || p.id}
                    </Link>
                  </td>
                  <td>
                    <Link to={`/models/${p.model_id}`}>{modelNames.get(p.model_id) ?? p.model_id}</Link>
                  </td>
                  <td>
                    <span className="tag">{projectWeights(p)}</span>
                  </td>
                  <td>{datasetNames.get(p.dataset_id) ?? p.dataset_id}</td>
                  <td>{p.target_id}</td>
                  <td>{p.device}</td>
                  <td title={formatDateTime(p.created_at)}>{formatAgo(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import {  useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { keys } from "../../../shared/api/keys";
import { isModelBusy, useModel, useUpdateModel } from "../api/models";
import { DeriveForm, ReconvertForm } from "../components/ConversionForms";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { LineagePanel } from "../components/LineagePanel";
import { ErrorBox, Loading, OriginBadge, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { Overview } from "../components/ModelOverview";
import { GraphPanel } from "../components/GraphPanel";
import "../models.css";


type Tab = "overview" | "graph" | "convert";
const TABS: { key: Tab; label: string }[] = [
  { key: "overview", label: "Overview" },
  { key: "graph", label: "Graph" },
  { key: "convert", label: "Convert & derive" },
];
const isTab = (v: string | null): v is Tab => TABS.some((t) => t.key === v);

export function ModelDetailPage() {
  const { modelId = "" } = useParams();
  const qc = useQueryClient();
  const model = useModel(modelId);
  const rename = useUpdateModel(modelId);
  const [nameDraft, setNameDraft] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: Tab = isTab(tabParam) ? tabParam : "overview";
  const setTab = (t: Tab) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (t === "overview") next.delete("tab");
        else next.set("tab", t);
        return next;
      },
      { replace: true },
    );

  if (model.isLoading) return <Loading />;
  if (model.error || !model.data) return <ErrorBox error={model.error ?? "not found"} title="Cannot load the model" />;
  const m = model.data;
  const ready = m.status === "ready";
  const cancelRename = () => {
    rename.reset();
    setNameDraft(null);
  };
  const saveName = () => {
    const name = (nameDraft ?? "").trim();
    if (!name || name === m.name) {
      cancelRename();
      return;
    }
    rename.mutate({ name }, { onSuccess: () => setNameDraft(null) });
  };

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Models", to: "/models" }, { label: m.name }]}
        title={
          nameDraft === null ? (
            <>
              <span data-testid="model-name">{m.name}</span> <StatusChip status={m.status} testId="model-status" />{" "}
              {m.origin && m.origin !== "upload" && <OriginBadge origin={m.origin} testId="model-origin" />}
              <button
                type="button"
                className="btn btn-small btn-ghost"
                data-testid="model-name-edit"
                onClick={() => {
                  rename.reset();
                  setNameDraft(m.name);
                }}
              >
                Rename
              </button>
            </>
          ) : (
            <span className="rename">
              <input
                type="text"
                className="rename-input"
                value={nameDraft}
                aria-label="Model name"
                data-testid="model-name-input"
                autoFocus
                maxLength={200}
                disabled={rename.isPending}
                onChange={(e) => setNameDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") saveName();
                  if (e.key === "Escape") cancelRename();
                }}
              />
              <button type="button" className="btn btn-small btn-primary" data-testid="model-name-save" disabled={rename.isPending} onClick={saveName}>
                {rename.isPending ? "Saving…" : "Save"}
              </button>
              <button type="button" className="btn btn-small" onClick={cancelRename} disabled={rename.isPending}>
                Cancel
              </button>
            </span>
          )
        }
        subtitle={`${m.framework} · ${m.omz_name ? `Open Model Zoo ${m.omz_name}` : m.source_filename}`}
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
      {rename.error && nameDraft !== null && <ErrorBox error={rename.error} title="Cannot rename the model" testId="model-name-error" />}
      {isModelBusy(m) && m.conversion_job_id && (
        <Panel title={m.status === "downloading" ? "Download and conversion" : "Conversion"}>
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
      <LineagePanel modelId={m.id} />
      <div className="tabs" role="tablist" aria-label="Model sections">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            className={`tab${tab === t.key ? " on" : ""}`}
            onClick={() => setTab(t.key)}
            data-testid={`tab-${t.key}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === "graph" && <GraphPanel model={m} />}
      {tab === "convert" && (
        <>
          {/* a new key when the model changes (another model, a conversion done): the forms start from its inputs */}
          <DeriveForm key={`derive-${m.id}-${m.status}-${m.conversion_job_id ?? ""}`} model={m} />
          <ReconvertForm key={`reconvert-${m.id}-${m.status}-${m.conversion_job_id ?? ""}`} model={m} />
        </>
      )}
      {tab === "overview" && <Overview model={m} />}
    </>
  );
}

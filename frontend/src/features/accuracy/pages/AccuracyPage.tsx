/**
 * One accuracy run: the verdict first, the metrics as figures, the confusion matrix (classification;
 * computed here from the per-image results, a cell filters the table), every image's prediction against
 * its annotation (sortable, filterable, paged; a row opens the image with both drawn), the agreement with
 * another run on the same dataset (e.g. the INT8 child against its FP32 parent), and the configuration.
 * Live (progress, cancel) while it runs.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useDataset } from "../../datasets/api/datasets";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useAccuracy } from "../api/accuracy";
import type { AccuracyRun, Job } from "../../../api/types";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import {  configSummary, confusionMatrix, EMPTY_IMAGE_FILTER, type ImageFilter } from "../lib/accuracy";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { formatDateTime, isJobFinished } from "../../../shared/lib/format";
import { ImagesPanel } from "../components/ImagesPanel";
import { AgreementPanel } from "../components/AgreementPanel";
import { Metrics, ConfusionPanel, ConfigPanel } from "../components/AccuracyPanels";
import "../../../shared/ui/images.css";
import { RanIn } from "../../../shared/ui/RanIn";
import { projectWeights } from "../../../shared/lib/precision";

function headline(run: AccuracyRun, job: Job): { text: string; tone: "ok" | "warn" | "bad" } {
  if (run.verdict) return { text: run.verdict, tone: "ok" };
  if (job.status === "failed") return { text: `The accuracy run failed: ${job.error?.message ?? "no error message"}`, tone: "bad" };
  if (job.status === "cancelled") return { text: "Cancelled before the end: nothing was recorded.", tone: "warn" };
  if (job.status === "succeeded") return { text: "Finished; loading the result…", tone: "ok" };
  return { text: `Measuring accuracy… ${job.stage ?? ""}`.trim(), tone: "ok" };
}

function AccuracyView({ initial }: { initial: AccuracyRun }) {
  const qc = useQueryClient();
  const query = useAccuracy(initial.id);
  const run = query.data ?? initial;
  const project = useProject(run.project_id);
  const p = project.data;
  const dataset = useDataset(p?.dataset_id ?? "");
  const model = useModel(p?.model_id ?? "");
  const events = useJobEvents(run.job.id, run.job, () => {
    void qc.invalidateQueries({ queryKey: keys.accuracy(run.id) });
    void qc.invalidateQueries({ queryKey: keys.accuracies(run.project_id) });
  });
  const job: Job = isJobFinished(run.job) ? run.job : (events.job ?? run.job);
  const finished = isJobFinished(job);
  const [filter, setFilter] = useState<ImageFilter>(EMPTY_IMAGE_FILTER);
  const classes = dataset.data?.classes;
  const matrix = useMemo(
    () => (run.result?.task === "classification" ? confusionMatrix(run.result.images, classes ?? []) : null),
    [run.result, classes],
  );
  const h = headline(run, job);
  const scrollToImages = () => requestAnimationFrame(() => document.querySelector('[data-testid="accuracy-images-panel"]')?.scrollIntoView({ behavior: "smooth", block: "start" }));
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: p?.name || run.project_id, to: `/projects/${run.project_id}` },
          { label: "Accuracy" },
        ]}
        title={
          <>
            Accuracy <StatusChip status={job.status} testId="accuracy-status" />
          </>
        }
        subtitle={
          <span data-testid="accuracy-context">
            {model.data?.name ?? p?.model_id ?? ""} {p ? `${projectWeights(p)} on ${p.device}` : ""} · dataset{" "}
            {dataset.data ? <Link to={`/datasets/${dataset.data.id}`}>{dataset.data.name}</Link> : (p?.dataset_id ?? "")} ·{" "}
            {configSummary(run.config).join(" · ")} · started {formatDateTime(run.job.created_at)}
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="btn"
              disabled={!run.result}
              onClick={() => downloadText(safeFilename(`accuracy-${run.id}`, "json"), jsonText(run), "application/json")}
              data-testid="accuracy-download-json"
            >
              Download JSON
            </button>
            <Link className="btn" to={`/projects/${run.project_id}`}>
              Back to project
            </Link>
          </>
        }
      />
      <div className={`verdict${h.tone === "bad" ? " verdict-bad" : h.tone === "warn" ? " verdict-warn" : ""}`} data-testid="accuracy-verdict" data-status={job.status}>
        {h.text}
      </div>
      {run.result && <RanIn ranIn={run.ran_in} asked={run.ran_in?.asked} />}
      {job.status === "failed" && (
        <ErrorBox error={new ApiError(0, job.error?.code ?? "accuracy.failed", job.error?.message ?? "The job failed without an error message.")} title="The accuracy run failed" testId="accuracy-job-error" />
      )}
      {!finished && (
        <Panel title="Running" testId="accuracy-running">
          <JobProgressView jobId={run.job.id} events={events} testId="accuracy-progress" label="accuracy" cancellable />
        </Panel>
      )}
      <Metrics run={run} />
      {matrix && (
        <ConfusionPanel
          matrix={matrix}
          onCell={(truth, predicted) => {
            setFilter({ ...EMPTY_IMAGE_FILTER, cls: truth, predicted });
            scrollToImages();
          }}
        />
      )}
      {run.result && <ImagesPanel run={run} dataset={dataset.data} filter={filter} setFilter={setFilter} />}
      {run.result && p && (
        <AgreementPanel
          run={run}
          project={p}
          onDisagreements={(indices) => {
            setFilter({ ...EMPTY_IMAGE_FILTER, indices: new Set(indices) });
            scrollToImages();
          }}
        />
      )}
      <ConfigPanel run={run} />
    </>
  );
}

export function AccuracyPage() {
  const { runId = "" } = useParams();
  const query = useAccuracy(runId);
  if (query.isLoading) return <Loading />;
  if (query.error || !query.data) return <ErrorBox error={query.error ?? "not found"} title="Cannot load the accuracy run" />;
  return <AccuracyView key={query.data.id} initial={query.data} />;
}

/** The finished benchmarks (or layer profiles) of every project, to pick one for a comparison. */
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import { runCandidates, type RunKind } from "../lib/compare";
import { formatAgo, formatDateTime, formatNumber } from "../../../shared/lib/format";
import { Empty, ErrorBox, Loading } from "../../../shared/ui/ui";

/**
 * The finished runs of one kind across every project, for "Compare with…": the projects, then each
 * project's benchmarks or layer profiles (the same queries, and cache, as the project page).
 */
function useRunsOfAllProjects(kind: RunKind, enabled = true) {
  const projects = useQuery({
    queryKey: keys.projects,
    enabled,
    queryFn: ({ signal }) => call(api.GET("/api/v1/projects", { signal })),
  });
  const list = projects.data?.data ?? [];
  const runs = useQueries({
    queries: list.map((p) =>
      kind === "benchmark"
        ? {
            queryKey: keys.benchmarks(p.id),
            enabled,
            queryFn: ({ signal }: { signal: AbortSignal }) =>
              call(api.GET("/api/v1/projects/{project_id}/benchmarks", { params: { path: { project_id: p.id } }, signal })),
          }
        : {
            queryKey: keys.layerProfiles(p.id),
            enabled,
            queryFn: ({ signal }: { signal: AbortSignal }) =>
              call(
                api.GET("/api/v1/projects/{project_id}/layer-profiles", { params: { path: { project_id: p.id } }, signal }),
              ),
          },
    ),
  });
  return {
    isLoading: projects.isLoading || runs.some((r) => r.isLoading),
    error: projects.error ?? runs.find((r) => r.error)?.error ?? null,
    /** finished runs of `kind`, newest first */
    candidates: runCandidates(kind, list, runs.map((r) => r.data?.data)),
  };
}

export function RunPicker({
  kind,
  exclude,
  onPick,
  pickLabel = "Compare",
}: {
  kind: RunKind;
  /** the run being compared: not offered */
  exclude?: string;
  onPick: (id: string) => void;
  pickLabel?: string;
}) {
  const runs = useRunsOfAllProjects(kind);
  const [text, setText] = useState("");
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return runs.candidates.filter(
      (c) =>
        c.id !== exclude &&
        (!needle || [c.projectName, c.precision, c.device, c.targetId, c.id].some((v) => v.toLowerCase().includes(needle))),
    );
  }, [runs.candidates, exclude, text]);
  const what = kind === "profile" ? "layer profiles" : "benchmarks";

  if (runs.isLoading && runs.candidates.length === 0) return <Loading label={`Loading the ${what} of every project…`} />;
  return (
    <div className="run-picker" data-testid="run-picker" data-kind={kind}>
      {runs.error != null && <ErrorBox error={runs.error} title={`Cannot list every project's ${what}`} />}
      <div className="filters filters-tight">
        <label className="filter filter-grow">
          <span className="filter-label">Find</span>
          <input
            type="search"
            placeholder="project, precision, device or id"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="run-picker-filter"
          />
        </label>
        <span className="filters-count muted small">
          {rows.length} finished {what}
        </span>
      </div>
      {rows.length === 0 ? (
        <Empty>No other finished {kind === "profile" ? "layer profile" : "benchmark"}{text ? " matches" : " yet"}.</Empty>
      ) : (
        <div className="table-scroll table-scroll-short">
          <table className="table table-compact table-sticky" data-testid="run-picker-table">
            <thead>
              <tr>
                <th>Project</th>
                <th>Precision</th>
                <th>Target / device</th>
                <th>Started</th>
                <th className="num">{kind === "profile" ? "Layer time" : "Throughput"}</th>
                {kind === "benchmark" && <th className="num">Median latency</th>}
                <th>Run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="compare-candidate" data-run-id={c.id} data-project-id={c.projectId}>
                  <td className="strong">{c.projectName}</td>
                  <td>
                    <span className="tag">{c.precision}</span>
                  </td>
                  <td>
                    {c.targetId} / {c.device}
                  </td>
                  <td title={formatDateTime(c.createdAt)}>{formatAgo(c.createdAt)}</td>
                  <td className="num">{kind === "profile" ? `${formatNumber(c.figure, 3)} ms` : `${formatNumber(c.figure)} FPS`}</td>
                  {kind === "benchmark" && <td className="num">{c.latencyMs != null ? `${formatNumber(c.latencyMs)} ms` : "—"}</td>}
                  <td className="mono small muted cell-run" title={c.id}>
                    {c.id}
                  </td>
                  <td className="right">
                    <button type="button" className="btn btn-small" onClick={() => onPick(c.id)} data-testid="compare-pick">
                      {pickLabel}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

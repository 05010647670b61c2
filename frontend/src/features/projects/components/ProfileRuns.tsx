/** Layer profiles on the project page: the form, the profiles followed live, the history. */
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useCreateLayerProfile } from "../../layers/api/layerProfiles";
import type { Job, LayerProfilePublic, TensorInfo } from "../../../api/types";
import { serverError, sharedErrorList } from "../../benchmarks/lib/settings";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, StatusChip } from "../../../shared/ui/ui";
import { formatAgo, formatDateTime, formatMs, isJobFinished } from "../../../shared/lib/format";
import { buildProfileRequest, LIMITS, type SettingsForm } from "../../benchmarks/lib/settings";
import { SelectCell, type Selection } from "./RunSelection";

export function LiveProfile({ profile, projectId }: { profile: LayerProfilePublic; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(isJobFinished(profile.job) ? profile.job : null);
  const events = useJobEvents(profile.job.id, profile.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.layerProfiles(projectId) });
    void qc.invalidateQueries({ queryKey: keys.layerProfile(profile.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-profile" data-profile-id={profile.id}>
      <JobProgressView
        jobId={profile.job.id}
        events={events}
        label={`layers · ${(profile.settings.niter ?? 0).toLocaleString("en-US")} iterations`}
        testId="profile-progress"
            cancellable
      />
      {final?.status === "succeeded" && (
        <div className="live-done">
          Profiled.{" "}
          <Link className="btn btn-primary btn-small" to={`/layer-profiles/${profile.id}`} data-testid="open-profile">
            Open profile
          </Link>
        </div>
      )}
    </div>
  );
}

export function ProfileForm({
  projectId,
  form,
  inputs,
  onStarted,
  openAdvanced,
}: {
  projectId: string;
  form: SettingsForm;
  inputs: readonly TensorInfo[] | undefined;
  onStarted: (p: LayerProfilePublic) => void;
  openAdvanced: () => void;
}) {
  const create = useCreateLayerProfile(projectId);
  const [niter, setNiter] = useState("100");
  const { body, errors } = useMemo(() => buildProfileRequest(form, niter, inputs), [form, niter, inputs]);
  const shared = sharedErrorList(errors);
  const server = serverError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body) {
      if (shared.length > 0) openAdvanced();
      return;
    }
    create.mutate(body, { onSuccess: onStarted });
  };
  const inherited = [
    form.device || null,
    form.batch.trim() ? `batch ${form.batch.trim()}` : null,
    form.inferPrecision || null,
    Object.keys(form.shapes).length > 0 ? "shapes" : null,
  ].filter(Boolean);
  return (
    <form className="form" onSubmit={submit} data-testid="profile-form" noValidate>
      <div className="form-row">
        <label className="field field-narrow">
          <span className="field-label">Iterations</span>
          <input
            type="number"
            min={1}
            max={LIMITS.profileNiter}
            step={1}
            value={niter}
            onChange={(e) => setNiter(e.target.value)}
            data-testid="profile-niter"
            aria-invalid={!!errors.profileNiter}
          />
          {errors.profileNiter && <span className="field-hint warn">{errors.profileNiter}</span>}
        </label>
        <div className="field field-submit">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!!errors.profileNiter || create.isPending}
            data-testid="profile-layers-submit"
          >
            {create.isPending ? "Starting…" : "Profile layers"}
          </button>
        </div>
        <p className="form-note muted small">
          A separate run with performance counters on (they slow inference down): one synchronous request, LATENCY
          hint, counters summed over every iteration; at least the iterations asked, more until the mean layer time
          settles (at most 10 s). Device, batch, inference precision and shapes come from the
          benchmark's Advanced settings{inherited.length > 0 ? ` (now: ${inherited.join(", ")})` : ""}.
        </p>
      </div>
      {shared.length > 0 && (
        <div className="field-hint warn" data-testid="profile-settings-error">
          Fix the Advanced settings first: {shared.join("; ")}
        </div>
      )}
      {create.error != null && <ErrorBox error={server.display} title="Cannot start the layer profile" testId="profile-error" />}
    </form>
  );
}

export function ProfileHistory({ rows, selection }: { rows: LayerProfilePublic[]; selection: Selection }) {
  if (rows.length === 0) return <Empty>No layer profile yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="profile-history">
      <thead>
        <tr>
          <th className="cell-select" aria-label="Compare" />
          <th>Started</th>
          <th>Device</th>
          <th className="num">Iterations</th>
          <th>Status</th>
          <th className="num">Layer time / inference</th>
          <th>Slowest type</th>
          <th>Precisions</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => {
          const top = p.profile?.by_type[0];
          return (
            <tr key={p.id} data-testid="profile-row" data-profile-id={p.id}>
              <SelectCell id={p.id} kind="profile" createdAt={p.job.created_at} ready={p.profile != null} selection={selection} />
              <td title={formatDateTime(p.job.created_at)}>{formatAgo(p.job.created_at)}</td>
              <td>{p.settings.device}</td>
              <td className="num">{p.profile?.iterations.toLocaleString("en-US") ?? p.settings.niter?.toLocaleString("en-US") ?? "—"}</td>
              <td>
                <StatusChip status={p.job.status} />
              </td>
              <td className="num strong">{p.profile ? formatMs(p.profile.total_real_time_ms) : "—"}</td>
              <td>{top ? `${top.key} ${Math.round(top.share * 100)}%` : "—"}</td>
              <td className="mono small">
                {p.profile?.by_precision.map((r) => `${r.key} ${Math.round(r.share * 100)}%`).join(" · ") || "—"}
              </td>
              <td className="right">
                <Link to={`/layer-profiles/${p.id}`} className="btn btn-small" data-testid="profile-open">
                  {p.profile ? "Profile" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Jobs of any kind (benchmarks, profiles, sweeps, calibrations, accuracy runs). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import { keys } from "./keys";

/** Cancel a queued or running benchmark or layer profile; the job's event stream reports the outcome. */
export function useCancelJob() {
  return useMutation({
    mutationFn: (jobId: string) =>
      call(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } })),
  });
}

/** Run a failed or cancelled run again: a new job with the same request; the project's run lists refetch. */
export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) =>
      call(api.POST("/api/v1/jobs/{job_id}/retry", { params: { path: { job_id: jobId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.projects }),
  });
}

/** Jobs of any kind (benchmarks, profiles, sweeps, calibrations, accuracy runs). */
import { useMutation } from "@tanstack/react-query";
import { api, call } from "./client";

/** Cancel a queued or running benchmark or layer profile; the job's event stream reports the outcome. */
export function useCancelJob() {
  return useMutation({
    mutationFn: (jobId: string) =>
      call(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } })),
  });
}

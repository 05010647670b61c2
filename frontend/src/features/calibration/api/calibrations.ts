/** INT8 calibrations and their logs. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../../../shared/lib/format";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { Calibration, CalibrationCreate } from "../../../api/types";

/** A project's calibrations, newest first; polled slowly while one runs (the live panel streams its own job). */
export function useCalibrations(projectId: string) {
  return useQuery({
    queryKey: keys.calibrations(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/calibrations", { params: { query: { project_id: projectId } }, signal })),
    refetchInterval: (q) => (q.state.data?.data.some((c) => !isJobFinished(c.job)) ? 5000 : false),
  });
}

export function useCalibration(id: string) {
  return useQuery({
    queryKey: keys.calibration(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/calibrations/{calibration_id}", { params: { path: { calibration_id: id } }, signal })),
    // the report is stored just before the job is reported finished; the child ids appear while it runs
    refetchInterval: (q) => {
      const c: Calibration | undefined = q.state.data;
      if (!c) return false;
      if (!isJobFinished(c.job)) return 5000;
      return c.job.status === "succeeded" && !c.report ? 1000 : false;
    },
  });
}

/** The calibration's log (text): every stage, NNCF's summary, the error. Polled while the job runs. */
export function useCalibrationLog(id: string, enabled: boolean, running: boolean) {
  return useQuery({
    queryKey: keys.calibrationLog(id),
    enabled: enabled && id !== "",
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/calibrations/{calibration_id}/log", {
          params: { path: { calibration_id: id } },
          parseAs: "text",
          signal,
        }),
      ) as Promise<string>,
    refetchInterval: running ? 2000 : false,
  });
}

export function useCreateCalibration(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CalibrationCreate) => call(api.POST("/api/v1/calibrations", { body })),
    onSuccess: (c) => {
      qc.setQueryData(keys.calibration(c.id), c);
      void qc.invalidateQueries({ queryKey: keys.calibrations(projectId) });
    },
  });
}

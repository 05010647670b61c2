/** Models: the list, one model, its lineage and IR graph, renames, re-conversions, derivatives, output distance. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { ConversionSettings, Model, ModelDerive, ModelTask, UploadRef, ModelUpdate, OutputDistanceRequest, Precision } from "../../../api/types";

/** still being made: downloaded (Open Model Zoo) or converted */
export const isModelBusy = (m: Pick<Model, "status">) => m.status === "converting" || m.status === "downloading";
const anyConverting = (models: Model[] | undefined) => models?.some(isModelBusy) ?? false;

export function useModels() {
  return useQuery({
    queryKey: keys.models,
    queryFn: ({ signal }) => call(api.GET("/api/v1/models", { signal })),
    // a conversion started elsewhere (CLI, another tab) still shows up; the upload panel streams its own job
    refetchInterval: (q) => (anyConverting(q.state.data?.data) ? 3000 : false),
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: keys.model(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/models/{model_id}", { params: { path: { model_id: id } }, signal })),
  });
}

/** Rename a model or set its task (PATCH); the answer replaces the cached model, the list is refetched. */
export function useUpdateModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ModelUpdate) =>
      call(api.PATCH("/api/v1/models/{model_id}", { params: { path: { model_id: id } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

/** The model's family: ancestors (root first), the model, descendants (derived, INT8). */
export function useLineage(id: string) {
  return useQuery({
    queryKey: keys.lineage(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/models/{model_id}/lineage", { params: { path: { model_id: id } }, signal })),
    // a member still being made (a child converting): its status changes soon
    refetchInterval: (q) => {
      const l = q.state.data;
      return l && [...l.ancestors, l.model, ...l.descendants].some(isModelBusy) ? 3000 : false;
    },
  });
}

/** The IR graph of one precision (nodes, edges, and the URLs of the raw .xml/.bin). */
export function useModelGraph(id: string, precision: Precision | null) {
  return useQuery({
    queryKey: keys.graph(id, precision ?? "FP32"),
    enabled: id !== "" && precision !== null,
    staleTime: 60_000, // an IR changes only by a re-conversion, which invalidates the model's keys
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/models/{model_id}/graph", {
          params: { path: { model_id: id }, query: { precision: precision ?? "FP32" } },
          signal,
        }),
      ),
  });
}

/** Convert again with new settings (POST /conversions): the model goes back to "converting". */
export function useReconvertModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConversionSettings) =>
      call(api.POST("/api/v1/models/{model_id}/conversions", { params: { path: { model_id: id } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

/** A child model from this one's IR with new settings (POST /derivatives); its conversion follows. */
export function useDeriveModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ModelDerive) =>
      call(api.POST("/api/v1/models/{model_id}/derivatives", { params: { path: { model_id: id } }, body })),
    onSuccess: (child) => {
      qc.setQueryData(keys.model(child.id), child);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
      void qc.invalidateQueries({ queryKey: keys.lineage(id) });
    },
  });
}

/** Two models' raw outputs on the same inputs: per output, absolute difference, cosine, relative L2. */
export function useOutputDistance(modelId: string) {
  return useMutation({
    mutationFn: (body: OutputDistanceRequest) =>
      call(api.POST("/api/v1/models/{model_id}/output-distance", { params: { path: { model_id: modelId } }, body })),
  });
}

/** The import: the uploaded files become one model, converted with `settings`. */
export function importModel(body: {
  uploads: UploadRef[];
  name: string;
  settings: ConversionSettings;
  task?: ModelTask | null;
}): Promise<Model> {
  return call(api.POST("/api/v1/models/imports", { body }));
}

/** The Open Model Zoo catalog and its imports. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { ModelTask, OmzImport } from "../../../api/types";

/** The Open Model Zoo catalog, searched by words and task. */
export function useOmzModels(q: string, task: ModelTask | null) {
  return useQuery({
    queryKey: keys.omz(q, task),
    staleTime: 5 * 60_000, // the catalog changes with a release of the workbench, not while one looks at it
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/omz/models", { params: { query: { q, ...(task ? { task } : {}) } }, signal })),
  });
}

/** Import a catalog model: a new model in "downloading", then converting (follow its conversion job). */
export function useImportOmz() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, body }: { name: string; body: OmzImport }) =>
      call(api.POST("/api/v1/omz/models/{name}/import", { params: { path: { name } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(model.id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

/** Datasets: the list, one dataset, its samples, new (random) datasets and augmentations. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { Augmentation, Dataset, DatasetCreate, DatasetSamples } from "../../../api/types";

export function useDatasets() {
  return useQuery({
    queryKey: keys.datasets,
    queryFn: ({ signal }) => call(api.GET("/api/v1/datasets", { signal })),
  });
}

export function useCreateDataset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DatasetCreate) => call(api.POST("/api/v1/datasets", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.datasets }),
  });
}

export function useDataset(id: string) {
  return useQuery({
    queryKey: keys.dataset(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/datasets/{dataset_id}", { params: { path: { dataset_id: id } }, signal })),
  });
}

/** One page of a dataset's samples (optionally of one class); the previous page stays while the next loads. */
export function useDatasetSamples(id: string, offset: number, limit: number, label: number | null, enabled = true) {
  return useQuery({
    queryKey: keys.samples(id, offset, limit, label),
    enabled: enabled && id !== "",
    staleTime: 5 * 60_000, // a dataset's samples never change
    placeholderData: (previous: DatasetSamples | undefined, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
    queryFn: ({ signal }): Promise<DatasetSamples> =>
      call(
        api.GET("/api/v1/datasets/{dataset_id}/samples", {
          params: { path: { dataset_id: id }, query: { offset, limit, ...(label == null ? {} : { label }) } },
          signal,
        }),
      ),
  });
}

/** A new dataset of augmented copies (flips, noise, erase, brightness, contrast). */
export function useAugmentDataset(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Augmentation) =>
      call(api.POST("/api/v1/datasets/{dataset_id}/augmentations", { params: { path: { dataset_id: id } }, body })),
    onSuccess: (d) => {
      qc.setQueryData(keys.dataset(d.id), d);
      void qc.invalidateQueries({ queryKey: keys.datasets, exact: true });
    },
  });
}

/** The import of an uploaded archive as a dataset: the format is recognised, every annotation checked. */
export function importDataset(body: { upload_id: string; sha256: string; name?: string }): Promise<Dataset> {
  return call(api.POST("/api/v1/datasets/imports", { body }));
}

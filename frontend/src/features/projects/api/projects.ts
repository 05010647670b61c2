/** Projects (a model on a target and device). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { ProjectCreate } from "../../../api/types";

export function useProjects() {
  return useQuery({
    queryKey: keys.projects,
    queryFn: ({ signal }) => call(api.GET("/api/v1/projects", { signal })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: keys.project(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: id } }, signal })),
  });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectCreate) => call(api.POST("/api/v1/projects", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.projects }),
  });
}

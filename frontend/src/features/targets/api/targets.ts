/** Targets (agents) and their one-time join tokens. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { JoinTokenCreate } from "../../../api/types";

/** Targets with their status; the targets page polls faster (2 s) than the navigation summary (5 s). */
export function useTargets(refetchMs = 5000) {
  return useQuery({
    queryKey: keys.targets,
    queryFn: ({ signal }) => call(api.GET("/api/v1/targets", { signal })),
    refetchInterval: refetchMs,
  });
}

/** A one-time join token for a new agent (shown once: the server keeps its hash only). */
export function useCreateJoinToken() {
  return useMutation({
    mutationFn: (body: JoinTokenCreate) => call(api.POST("/api/v1/targets/join-tokens", { body })),
  });
}

/** Two runs compared. */
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";

/** Two benchmarks or two layer profiles, B against A (ratios are B / A). */
export function useCompare(a: string, b: string) {
  return useQuery({
    queryKey: keys.compare(a, b),
    enabled: a !== "" && b !== "",
    staleTime: 60_000, // finished runs do not change
    queryFn: ({ signal }) => call(api.GET("/api/v1/compare", { params: { query: { a, b } }, signal })),
  });
}

/**
 * Images of the API (a dataset's pictures and thumbnails): an <img src> cannot carry the bearer token, so
 * the bytes are fetched (cached by react-query: a dataset's images never change) and shown through an
 * object URL that is revoked when the image leaves the page.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "./client";

export async function fetchApiBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  return (await apiFetch(url, { signal })).blob();
}

/** An object URL for a blob (or file), revoked when the blob changes or the component goes. */
export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

/** An image of the API as an object URL for <img src>; null while it loads (or without a URL). */
export function useApiImage(url: string | null | undefined): { src: string | null; error: unknown; loading: boolean } {
  const query = useQuery({
    queryKey: ["api-image", url ?? ""],
    enabled: !!url,
    staleTime: Infinity,
    gcTime: 2 * 60_000,
    retry: 1,
    queryFn: ({ signal }) => fetchApiBlob(url as string, signal),
  });
  const src = useObjectUrl(query.data);
  return { src, error: query.error, loading: query.isLoading };
}

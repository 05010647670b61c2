/** The typed REST client (openapi-fetch over the generated schema) with bearer auth and 401 handling. */
import createClient, { type Middleware } from "openapi-fetch";
import { clearToken, getToken } from "../auth/token";
import { ApiError, toApiError } from "./errors";
import type { paths } from "../../api/schema";

export const SESSION_EXPIRED = "The access token was rejected (401). Paste the current token to continue.";

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) clearToken(SESSION_EXPIRED);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "" });
api.use(auth);

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call; return its data or throw an ApiError with the server's code and message. */
export async function call<T>(promise: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await promise;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw ApiError.network(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) throw toApiError(response.status, error, response.statusText);
  return data as T;
}

export interface RawRequest {
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  cache?: RequestCache;
  /** a token to try instead of the stored one (the login page); its 401 does not log anyone out */
  token?: string;
  /** defaults to the global fetch (tests swap it) */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

/**
 * The API outside the typed client (blobs, raw-byte uploads, event streams): the same bearer token, the
 * same logout on 401 and the same ApiError for network trouble and error answers. Resolves with an ok
 * response; an abort is rethrown as it came.
 */
export async function apiFetch(url: string, init: RawRequest = {}): Promise<Response> {
  const token = init.token ?? getToken();
  const fetchImpl = init.fetch ?? ((input: string, req?: RequestInit) => fetch(input, req));
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: init.method,
      body: init.body,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
      signal: init.signal,
      cache: init.cache,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw ApiError.network(cause);
  }
  if (response.status === 401 && init.token === undefined) clearToken(SESSION_EXPIRED);
  if (!response.ok) throw toApiError(response.status, await readBody(response), response.statusText);
  return response;
}

/** A response's body: parsed JSON, else the text (null when empty). */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Check a token without storing it (the login page). */
export async function checkToken(token: string): Promise<void> {
  await apiFetch("/api/v1/auth/check", { token });
}

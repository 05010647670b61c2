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

/** Check a token without storing it (the login page). */
export async function checkToken(token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/check", { headers: { Authorization: `Bearer ${token}` } });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (response.ok) return;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON */
  }
  throw toApiError(response.status, body);
}

/**
 * The access token: kept in localStorage, observable from React. Any 401 from the API clears it, which
 * sends the user back to the login page (see RequireAuth in App.tsx).
 */
import { useSyncExternalStore } from "react";

const KEY = "dlwb.token";
const listeners = new Set<() => void>();
let logoutReason: string | null = null;

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current: string | null = read();

export function getToken(): string | null {
  return current;
}

export function setToken(token: string): void {
  current = token;
  logoutReason = null;
  try {
    localStorage.setItem(KEY, token);
  } catch {
    /* storage unavailable (private mode): keep the token in memory only */
  }
  listeners.forEach((l) => l());
}

/** Forget the token; `reason` is shown on the login page ("Your session expired…"). */
export function clearToken(reason: string | null = null): void {
  if (current === null) return;
  current = null;
  logoutReason = reason;
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
  listeners.forEach((l) => l());
}

/** Take (and clear) the reason of the last automatic logout. */
export function takeLogoutReason(): string | null {
  const r = logoutReason;
  logoutReason = null;
  return r;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) {
      current = e.newValue;
      listener();
    }
  };
  window.addEventListener("storage", onStorage); // log in/out in another tab
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken, () => null);
}

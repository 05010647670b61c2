import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { checkToken } from "../../../shared/api/client";
import { setToken, takeLogoutReason, useToken } from "../../../shared/auth/token";
import { ErrorBox } from "../../../shared/ui/ui";
import "../auth.css";

function safeNext(next: string | null): string {
  // only same-app paths: never "//host" or "https://…"
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/models";
}

export function LoginPage() {
  const token = useToken();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reason] = useState(() => takeLogoutReason());
  const next = safeNext(params.get("next"));

  if (token && !busy) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = value.trim();
    if (!candidate) return;
    setBusy(true);
    setError(null);
    try {
      await checkToken(candidate);
      setToken(candidate);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit} data-testid="login-form">
        <div className="login-brand">
          <svg className="brand-mark large" viewBox="0 0 24 24" aria-hidden>
            <path d="M3 17l5-6 4 4 5-8 4 5" />
          </svg>
          <div>
            <div className="login-title">DL Workbench</div>
            <div className="muted">Model conversion and benchmarking for OpenVINO</div>
          </div>
        </div>
        {reason && !error && (
          <div className="alert alert-warn" data-testid="logout-reason">
            {reason}
          </div>
        )}
        <label className="field">
          <span className="field-label">Access token</span>
          <input
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            autoFocus
            placeholder="paste the token printed by the launcher"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="token-input"
          />
          <span className="field-hint">
            <code>dlwb up</code> prints it at start; it is also stored in <code>$DLWB_DATA_DIR/secrets/api-token</code>.
          </span>
        </label>
        {error != null && <ErrorBox error={error} title="Login failed" />}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !value.trim()} data-testid="login-submit">
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}

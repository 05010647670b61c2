/** Small presentational building blocks shared by the pages. */
import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/errors";
import { formatPercent } from "../lib/format";
import { originLabel } from "../../features/models/lib/lineage";
import "./ui.css";

type ChipTone = "ok" | "warn" | "bad" | "info" | "muted";

const TONES: Record<string, ChipTone> = {
  ready: "ok",
  succeeded: "ok",
  online: "ok",
  converting: "info",
  downloading: "info",
  running: "info",
  queued: "muted",
  busy: "warn",
  cancelled: "muted",
  failed: "bad",
  offline: "bad",
};

export function StatusChip({ status, testId }: { status: string; testId?: string }) {
  const tone = TONES[status] ?? "muted";
  return (
    <span className={`chip chip-${tone}`} data-testid={testId} data-status={status}>
      {(tone === "info" || status === "queued") && <span className="chip-pulse" aria-hidden />}
      {status}
    </span>
  );
}

/** How a model came to be (uploaded, Open Model Zoo, derived, INT8): a small badge. */
export function OriginBadge({ origin, testId = "origin-badge" }: { origin: string | null | undefined; testId?: string }) {
  if (!origin) return null;
  const label = originLabel(origin);
  return (
    <span className={`tag origin origin-${origin}`} data-testid={testId} data-origin={origin} title={`origin: ${label}`}>
      {label}
    </span>
  );
}

export function ProgressBar({
  value,
  label,
  testId,
  indeterminate = false,
}: {
  value: number;
  label?: string;
  testId?: string;
  indeterminate?: boolean;
}) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress" data-testid={testId}>
      <div
        className={`progress-track${indeterminate ? " indeterminate" : ""}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={indeterminate ? undefined : pct}
        aria-label={label}
      >
        <div className="progress-fill" style={{ width: indeterminate ? undefined : `${pct}%` }} />
      </div>
      <span className="progress-label">{indeterminate ? "…" : formatPercent(value)}</span>
    </div>
  );
}

export function ErrorBox({ error, title, testId = "error" }: { error: unknown; title?: string; testId?: string }) {
  const { message, code } = errorMessage(error);
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <div className="alert-title">{title ?? "Something went wrong"}</div>
      <div className="alert-body">
        <span data-testid="error-message">{message}</span>
        {code && (
          <code className="error-code" data-testid="error-code">
            {code}
          </code>
        )}
      </div>
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" data-testid="loading" role="status">
      <span className="spinner" aria-hidden />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function PageHeader({
  title,
  subtitle,
  actions,
  crumbs,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  crumbs?: { label: ReactNode; to?: string }[];
}) {
  return (
    <div className="page-header">
      {crumbs && (
        <nav className="crumbs" aria-label="Breadcrumb">
          {crumbs.map((c, i) => (
            <span key={i}>
              {c.to ? <Link to={c.to}>{c.label}</Link> : c.label}
              {i < crumbs.length - 1 && <span className="crumb-sep">/</span>}
            </span>
          ))}
        </nav>
      )}
      <div className="page-header-row">
        <div>
          <h1>{title}</h1>
          {subtitle && <div className="page-subtitle">{subtitle}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </div>
  );
}

export function Panel({
  title,
  actions,
  children,
  testId,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ""}`} data-testid={testId}>
      {(title || actions) && (
        <header className="panel-header">
          <h2>{title}</h2>
          {actions && <div className="panel-actions">{actions}</div>}
        </header>
      )}
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** A definition list laid out as a compact two-column grid. */
export function Facts({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([k, v], i) => (
        <div key={i} className="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A compact key figure: label above, value (and unit) below. */
export function Stat({
  label,
  value,
  unit,
  primary = false,
  testId,
  title,
  compact = false,
}: {
  label: ReactNode;
  value: ReactNode;
  unit?: ReactNode;
  primary?: boolean;
  testId?: string;
  title?: string;
  /** a smaller value, for words rather than figures */
  compact?: boolean;
}) {
  return (
    <div className={`figure${primary ? " figure-primary" : ""}${compact ? " figure-compact" : ""}`} data-testid={testId} title={title}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">
        <span data-testid={testId ? `${testId}-value` : undefined}>{value}</span>
        {unit != null && <span className="figure-unit">{unit}</span>}
      </div>
    </div>
  );
}

/** Copy text to the clipboard; says "Copied" for a moment. Falls back to selecting a hidden textarea. */
export function CopyButton({ text, label = "Copy", testId }: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 1500);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        if (!ok) throw new Error("copy refused");
      }
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid={testId} data-state={state}>
      {state === "copied" ? "Copied" : state === "failed" ? "Select and copy by hand" : label}
    </button>
  );
}

/** The current time, refreshed every `intervalMs`: for relative times ("5 s ago") that keep counting. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** `value`, once it has stopped changing for `delayMs` (typing into a field that triggers a request). */
export function useDebounced<T>(value: T, delayMs = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return settled;
}

export interface SortColumn<K extends string> {
  key: K;
  label: ReactNode;
  num?: boolean;
  title?: string;
}

/** The header cells of a sortable table: one button per column, the active one marked ▲/▼. */
export function SortHeaders<K extends string>({
  columns,
  sort,
  onSort,
  testIdPrefix,
}: {
  columns: readonly SortColumn<K>[];
  sort: { key: K; dir: "asc" | "desc" };
  onSort: (key: K) => void;
  testIdPrefix: string;
}) {
  return (
    <>
      {columns.map((c) => {
        const active = sort.key === c.key;
        return (
          <th
            key={c.key}
            className={c.num ? "num" : undefined}
            aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
            title={c.title}
          >
            <button
              type="button"
              className={`sort${active ? " active" : ""}`}
              onClick={() => onSort(c.key)}
              data-testid={`${testIdPrefix}${c.key}`}
            >
              {c.label}
              <span className="sort-mark" aria-hidden>
                {active ? (sort.dir === "asc" ? "▲" : "▼") : ""}
              </span>
            </button>
          </th>
        );
      })}
    </>
  );
}

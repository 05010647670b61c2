/** The show/hide toggle of an optional section ("Advanced", "Conversion settings"), and the tags shown while it is closed. */
import type { ReactNode } from "react";

export function DisclosureButton({
  open,
  onToggle,
  controls,
  testId,
  attention,
  attentionTitle = "a setting needs attention",
  children,
}: {
  open: boolean;
  onToggle: (open: boolean) => void;
  /** the id of the section it shows */
  controls: string;
  testId: string;
  /** a red dot: something inside needs attention */
  attention?: boolean;
  attentionTitle?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`btn btn-ghost disclosure${open ? " open" : ""}`}
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => onToggle(!open)}
      data-testid={testId}
    >
      <svg className="disclosure-mark" viewBox="0 0 10 10" aria-hidden>
        <path d="M3 1.5 L7 5 L3 8.5" />
      </svg>
      {children}
      {attention && <span className="dot dot-offline" title={attentionTitle} />}
    </button>
  );
}

/** What a closed section holds, as tags. */
export function TagSummary({ tags, testId, block = false }: { tags: readonly string[]; testId: string; block?: boolean }) {
  const items = tags.map((s) => (
    <span key={s} className="tag">
      {s}
    </span>
  ));
  return block ? (
    <div className="advanced-summary" data-testid={testId}>
      {items}
    </div>
  ) : (
    <span className="advanced-summary" data-testid={testId}>
      {items}
    </span>
  );
}

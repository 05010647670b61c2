/** "Compare with…" on a result page: a drop-down list of the finished runs of the same kind in every project. */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { compareUrl, type RunKind } from "../lib/compare";
import { RunPicker } from "./RunPicker";
import "../compare.css";

export function CompareWith({ id, kind }: { id: string; kind: RunKind }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <span className="compare-with">
      <button
        type="button"
        className={`btn${open ? " btn-pressed" : ""}`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="compare-with"
        title={`Compare this ${kind === "profile" ? "layer profile" : "benchmark"} (A) with another run (B) of any project`}
      >
        Compare with…
      </button>
      {open && (
        <div className="compare-with-pop" role="dialog" aria-label="Compare with another run" data-testid="compare-with-panel">
          <div className="compare-with-head">
            <span className="strong">Compare with… </span>
            <span className="muted small">this run is A; pick B</span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          <RunPicker kind={kind} exclude={id} onPick={(b) => navigate(compareUrl(id, b))} />
        </div>
      )}
    </span>
  );
}

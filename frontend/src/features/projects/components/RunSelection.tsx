/** Picking two runs of the project to compare. */
import { useNavigate } from "react-router";
import { compareSelection, compareUrl, type RunKind, type SelectedRun } from "../../compare/lib/compare";

/** Ticked runs of the history tables, for "Compare selected". */
export interface Selection {
  selected: readonly SelectedRun[];
  toggle: (run: SelectedRun) => void;
}

export function SelectCell({
  id,
  kind,
  createdAt,
  ready,
  selection,
}: {
  id: string;
  kind: RunKind;
  createdAt: string;
  ready: boolean;
  selection: Selection;
}) {
  const checked = selection.selected.some((s) => s.id === id);
  return (
    <td className="cell-select">
      <input
        type="checkbox"
        checked={checked}
        disabled={!ready && !checked}
        onChange={() => selection.toggle({ id, kind, createdAt })}
        data-testid="compare-select"
        data-run-id={id}
        aria-label={`Select ${id} for comparison`}
        title={ready ? "Select for comparison" : "Only finished runs with a result can be compared"}
      />
    </td>
  );
}

export function CompareBar({ selection, clear }: { selection: Selection; clear: () => void }) {
  const navigate = useNavigate();
  const state = compareSelection(selection.selected);
  if (selection.selected.length === 0) return null;
  return (
    <div className="compare-bar" data-testid="compare-bar" data-count={selection.selected.length}>
      <span className="strong">{selection.selected.length} selected</span>
      <span className="compare-bar-ids">
        {selection.selected.map((s) => (
          <code key={s.id} className="tag">
            {s.id}
          </code>
        ))}
      </span>
      <span className={`small${state.canCompare ? " muted" : " warn"}`}>{state.hint}</span>
      <span className="compare-bar-actions">
        <button type="button" className="btn btn-small btn-ghost" onClick={clear}>
          Clear
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!state.canCompare}
          onClick={() => state.a && state.b && navigate(compareUrl(state.a, state.b))}
          data-testid="compare-submit"
        >
          Compare selected
        </button>
      </span>
    </div>
  );
}

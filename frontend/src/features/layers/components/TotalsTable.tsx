/** Time per layer type of a profile. */
import type { LayerTotal } from "../../../api/types";
import { Empty } from "../../../shared/ui/ui";
import { pct, ms } from "../lib/layers";

export function TotalsTable({
  rows,
  label,
  testId,
  selected,
  onSelect,
}: {
  rows: readonly LayerTotal[];
  label: string;
  testId: string;
  selected: string;
  onSelect: (key: string) => void;
}) {
  if (rows.length === 0) return <Empty>No layer was executed.</Empty>;
  return (
    <table className="table table-compact table-clickable" data-testid={testId}>
      <thead>
        <tr>
          <th>{label}</th>
          <th className="num">Layers</th>
          <th className="num">ms / inference</th>
          <th className="num">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.key}
            className={selected === r.key ? "selected" : undefined}
            onClick={() => onSelect(r.key)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onSelect(r.key);
              }
            }}
            tabIndex={0}
            data-testid={`${testId}-row`}
            data-key={r.key}
            title={`Show only ${r.key} layers in the table`}
          >
            <td className="mono">{r.key}</td>
            <td className="num">{r.count}</td>
            <td className="num">{ms(r.real_time_ms)}</td>
            <td className="num">
              <span className="share-cell">
                <span className="share-bar" style={{ width: `${Math.round(r.share * 100)}%` }} />
                {pct(r.share)}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

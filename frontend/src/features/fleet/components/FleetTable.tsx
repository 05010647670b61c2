/** The fleet side by side: figures, the precision that really ran and the ISA, then where (device, OpenVINO). */
import type { FleetRun } from "../../../api/types";
import { StatusChip } from "../../../shared/ui/ui";
import { fleetRows } from "../lib/fleet";

export function FleetTable({ fleet }: { fleet: Pick<FleetRun, "members"> }) {
  const rows = fleetRows(fleet);
  return (
    <div className="fleet-table-wrap">
      <table className="table fleet-table" data-testid="fleet-table">
        <thead>
          <tr>
            <th>Target / device</th>
            <th className="num">FPS</th>
            <th className="num">vs fastest</th>
            <th className="num">Median</th>
            <th className="num">p90</th>
            <th className="num">p99</th>
            <th>Precision used</th>
            <th>ISA</th>
            <th>Device</th>
            <th>OpenVINO</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="fleet-row" data-target={r.label}>
              <td>
                <strong>{r.label}</strong> {r.status !== "succeeded" && <StatusChip status={r.status} />}
                {r.error && <div className="small fleet-error">{r.error}</div>}
              </td>
              <td className="num">{r.fps}</td>
              <td className="num">{r.ratio}</td>
              <td className="num">{r.median}</td>
              <td className="num">{r.p90}</td>
              <td className="num">{r.p99}</td>
              <td data-testid="fleet-precision">{r.precision}</td>
              <td>{r.isa}</td>
              <td className="wrap">{r.deviceName}</td>
              <td className="wrap small">{r.openvino}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's accuracy (FP32 and INT8 side by side, or why it was not measured) and the settings used. */
import type { Calibration } from "../../../api/types";
import { Facts, Panel } from "../../../shared/ui/ui";
import { accuracyRow, settingsFacts } from "../lib/int8Settings";

export function AccuracyComparisonPanel({ c }: { c: Calibration }) {
  const r = c.report;
  if (!r) return null;
  const row = accuracyRow(r);
  return (
    <Panel title="Accuracy: FP32 against INT8" testId="calibration-accuracy">
      {row ? (
        <table className="table" data-testid="calibration-accuracy-table">
          <thead>
            <tr>
              <th>Metric</th>
              <th className="num">FP32 (parent)</th>
              <th className="num">INT8 (child)</th>
              <th className="num">Change</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{row.metric}</td>
              <td className="num" data-testid="calibration-accuracy-fp32">{row.fp32}</td>
              <td className="num" data-testid="calibration-accuracy-int8">{row.int8}</td>
              <td className={`num calib-change-${row.tone}`} data-testid="calibration-accuracy-change" data-tone={row.tone}>
                {row.change}
              </td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="calibration-accuracy-note">
          Not measured: {r.accuracy_note ?? "no annotated images"}.
        </p>
      )}
      {row && r.accuracy && (
        <p className="muted small">
          The same {r.accuracy.images.toLocaleString("en-US")} annotated images, before and after quantization.
        </p>
      )}
    </Panel>
  );
}

export function UsedSettingsPanel({ c }: { c: Calibration }) {
  const facts = settingsFacts(c);
  if (facts.length === 0) return null;
  const differs = c.report?.settings?.source === "request" && c.report.settings.matches_saved === false;
  return (
    <Panel title="Measured with" testId="calibration-used-settings">
      {differs && (
        <div className="notice" data-testid="calibration-settings-differ">
          These settings are not the project's saved accuracy settings: they were the accuracy form's values when the
          calibration started.
        </div>
      )}
      <div className="calib-used-facts">
        <Facts items={facts} />
      </div>
    </Panel>
  );
}

/**
 * Asked when INT8 starts while the accuracy form differs from the saved settings: calibrate with the form
 * (saving it first) or with the saved settings; the calibration never silently runs on either.
 */
import { Modal } from "../../../shared/ui/Modal";
import type { AccuracyDraft } from "../../accuracy/lib/draft";
import { configDifferences, type SettingsChoice } from "../lib/int8Settings";

export function SettingsDialog({
  choice,
  draft,
  pending,
  onSaveAndCalibrate,
  onCalibrateSaved,
  onCancel,
}: {
  choice: Extract<SettingsChoice, "ask" | "ask-invalid">;
  draft: AccuracyDraft | null;
  pending: boolean;
  onSaveAndCalibrate: () => void;
  onCalibrateSaved: () => void;
  onCancel: () => void;
}) {
  const differences = configDifferences(draft?.config ?? null, draft?.saved ?? null);
  return (
    <Modal title="Which accuracy settings?" onClose={onCancel} testId="calibration-settings-dialog">
      {choice === "ask-invalid" ? (
        <p>The accuracy form has invalid values, so it cannot be used; the calibration can use the saved settings.</p>
      ) : (
        <>
          <p>
            The accuracy form differs from the project's saved settings. The calibration pre-processes its images and
            checks accuracy with one of them:
          </p>
          <ul className="advice-list" data-testid="calibration-settings-differences">
            {differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      <div className="calib-dialog-actions">
        {choice === "ask" && (
          <button type="button" className="btn btn-primary" disabled={pending} onClick={onSaveAndCalibrate} data-testid="calibrate-with-form">
            Save these settings and calibrate with them
          </button>
        )}
        <button type="button" className="btn" disabled={pending} onClick={onCalibrateSaved} data-testid="calibrate-with-saved">
          Calibrate with the saved settings
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel} data-testid="calibrate-settings-cancel">
          Cancel
        </button>
      </div>
    </Modal>
  );
}

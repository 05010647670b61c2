/**
 * Upload a model: one file, an archive, or the files of a multi-file model (IR .xml + .bin, Paddle
 * .pdmodel + .pdiparams, ONNX with external data) chosen or dropped together. Optional conversion
 * settings (input shape, layout, mean/scale, output cut, FP32/FP16). The bytes go up in resumable chunks
 * (api/upload.ts: a failed chunk is resumed from the server's offset, and after the retries run out
 * "Resume" continues from there); then the import, then the conversion job live.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Dropzone } from "../../../shared/ui/Dropzone";
import { keys } from "../../../shared/api/keys";
import type { ConversionSettings, Model } from "../../../api/types";
import { fileUploads, type FileUpload } from "../../../shared/upload/upload";
import { importModel } from "../api/models";
import { useResumableUpload } from "../../../shared/upload/useResumableUpload";
import { DisclosureButton } from "../../../shared/ui/Disclosure";
import { UploadStatus } from "./UploadStatus";
import { buildConversionSettings, conversionSummary, DEFAULT_CONVERSION, type ConversionForm } from "../lib/conversion";
import {  modelNameFromFiles } from "../../../shared/lib/format";
import { ConversionSettingsFields } from "./ConversionSettingsFields";
import "../../../shared/upload/upload.css";

const SETTINGS_ERROR = "Fix the conversion settings marked below, then resume.";

export function UploadPanel() {
  const qc = useQueryClient();
  const ids = useId();
  const [name, setName] = useState("");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [conversion, setConversion] = useState<ConversionForm>(DEFAULT_CONVERSION);
  const built = useMemo(() => buildConversionSettings(conversion), [conversion]);
  const summary = built.settings ? conversionSummary(built.settings) : [];
  const settingsInError = Object.keys(built.errors).length > 0;

  const upload = useResumableUpload<Model>({
    importUploads: async (refs, items) => {
      const model = await importModel({
        uploads: refs,
        name: name.trim() || modelNameFromFiles(items.map((it) => it.file.name)),
        settings: built.settings as ConversionSettings,
      });
      setName("");
      qc.setQueryData(keys.model(model.id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
      return model;
    },
  });
  const { busy } = upload;
  // the settings are checked before anything is sent
  const run = (items: FileUpload[]) => {
    if (!built.settings) {
      setSettingsOpen(true);
      upload.fail(items, new Error(SETTINGS_ERROR));
      return;
    }
    void upload.run(items);
  };

  return (
    <div className="upload" data-testid="upload-panel">
      <div className="upload-row">
        <Dropzone onFiles={(files) => files.length > 0 && run(fileUploads(files))} testId="upload-dropzone" inputTestId="upload-input" disabled={busy} multiple>
          <strong>Drop model files here</strong> or click to choose them
          <div className="muted small" data-testid="upload-hint">
            One file (ONNX, TensorFlow .pb, TFLite, PyTorch .pt/.pt2), an archive (.zip / .tar.gz), or the files of one
            model together: IR .xml + .bin, Paddle .pdmodel + .pdiparams, ONNX + external data
          </div>
        </Dropzone>
        <label className="field upload-name">
          <span className="field-label">Display name (optional)</span>
          <input
            type="text"
            value={name}
            placeholder="defaults to the file name"
            onChange={(e) => setName(e.target.value)}
            data-testid="upload-name"
            disabled={busy}
          />
        </label>
      </div>

      <div className="upload-settings-bar">
        <DisclosureButton open={settingsOpen} onToggle={setSettingsOpen} controls={`${ids}-settings`} testId="conversion-settings-toggle" attention={settingsInError}>
          Conversion settings
        </DisclosureButton>
        {!settingsOpen && (
          <span className="advanced-summary" data-testid="conversion-summary">
            {summary.length > 0 ? (
              summary.map((s) => (
                <span key={s} className="tag">
                  {s}
                </span>
              ))
            ) : (
              <span className="muted small">as the model is, FP32 and FP16</span>
            )}
          </span>
        )}
      </div>
      {settingsOpen && (
        <div className="advanced" id={`${ids}-settings`} data-testid="upload-settings">
          <p className="muted small conversion-note">
            Applied when the model is converted. Input names are those of the model (its inputs are listed once it is
            converted; the model page can convert again or derive a reshaped child).
          </p>
          <ConversionSettingsFields form={conversion} setForm={setConversion} errors={built.errors} disabled={busy} />
        </div>
      )}

      <UploadStatus upload={upload} run={run} />
    </div>
  );
}

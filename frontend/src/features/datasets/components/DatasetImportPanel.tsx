/**
 * Import a dataset: one archive (.zip / .tar.gz) dropped or chosen, sent in resumable chunks
 * (api/upload.ts: a failed chunk resumes from the server's offset; after the retries run out "Resume"
 * continues from there), then POST /datasets/imports, which recognises the format and checks every
 * annotation. The result leads with the import's verdict; a refusal shows the API's code and what to do.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dropzone } from "../../../shared/ui/Dropzone";
import { keys } from "../../../shared/api/keys";
import type { Dataset } from "../../../api/types";
import { importDataset } from "../api/datasets";
import { useResumableUpload } from "../../../shared/upload/useResumableUpload";
import { DatasetImportStatus } from "./DatasetImportStatus";
import { ApiError } from "../../../shared/api/errors";
import { datasetNameFromFile } from "../lib/datasets";
import "../../../shared/upload/upload.css";

export function DatasetImportPanel() {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const upload = useResumableUpload<Dataset>({
    importUploads: async ([ref], items) => {
      const dataset = await importDataset({ ...ref, name: name.trim() || datasetNameFromFile(items[0].file.name) });
      setName("");
      qc.setQueryData(keys.dataset(dataset.id), dataset);
      void qc.invalidateQueries({ queryKey: keys.datasets, exact: true });
      return dataset;
    },
    // an archive refused for what it holds (unknown format, broken annotations) is refused again: no retry
    isRefused: (error) => error instanceof ApiError && /^(dataset|archive)\./.test(error.code),
  });
  const { busy } = upload;

  return (
    <div className="upload" data-testid="dataset-import">
      <div className="upload-row">
        <Dropzone onFiles={(files) => upload.start(files.slice(0, 1))} testId="dataset-dropzone" inputTestId="dataset-upload-input" disabled={busy}
          accept=".zip,.tar.gz,.tgz,application/zip,application/gzip,application/x-gzip,application/x-tar">
          <strong>Drop a dataset archive here</strong> or click to choose it
          <div className="muted small">
            A .zip or .tar.gz of images with their annotations: an ImageNet-style list (labels.txt), one folder per
            class, MS COCO, Pascal VOC, segmentation masks, LR/HR pairs, face datasets (LFW, WIDER Face, landmarks
            CSV)… or plain images (no annotations). The format is recognised by itself.
          </div>
        </Dropzone>
        <label className="field upload-name">
          <span className="field-label">Name (optional)</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            placeholder="defaults to the archive's name"
            onChange={(e) => setName(e.target.value)}
            data-testid="dataset-import-name"
            disabled={busy}
          />
        </label>
      </div>

      <DatasetImportStatus upload={upload} />
    </div>
  );
}

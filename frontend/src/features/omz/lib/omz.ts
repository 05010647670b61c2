/** Open Model Zoo catalog entries as the OMZ page shows them. Pure; tested in omz.test.ts. */
import type { OmzModel } from "../../../api/types";

const FRAMEWORKS: Record<string, string> = {
  openvino: "OpenVINO IR",
  onnx: "ONNX",
  pytorch: "PyTorch",
  tf: "TensorFlow",
  tflite: "TensorFlow Lite",
  paddle: "PaddlePaddle",
};

export function frameworkLabel(framework: string): string {
  return FRAMEWORKS[framework] ?? framework;
}

/** The zoo ships these as IR in precision folders (FP32, FP16, FP16-INT8…): the import picks one. */
export function isIrModel(model: Pick<OmzModel, "framework">): boolean {
  return model.framework === "openvino";
}

/** The precision folder an IR import starts with: FP32, else FP16, else the first there is. */
export function defaultOmzPrecision(model: Pick<OmzModel, "framework" | "precisions">): string | null {
  if (!isIrModel(model)) return null;
  const p = model.precisions ?? [];
  return ["FP32", "FP16"].find((x) => p.includes(x)) ?? p[0] ?? "FP32";
}

/** A license as text, and a link when the catalog gives a URL ("github.com/…/LICENSE" → host). */
export function licenseLabel(license: string | undefined): { text: string; href: string | null } {
  const l = (license ?? "").trim();
  if (!l) return { text: "—", href: null };
  if (/^https?:\/\//i.test(l)) {
    try {
      const url = new URL(l);
      const repo = url.pathname.split("/").filter(Boolean).slice(0, 2).join("/");
      return { text: url.hostname.endsWith("githubusercontent.com") || url.hostname === "github.com" ? repo || url.hostname : url.hostname, href: l };
    } catch {
      return { text: l, href: null };
    }
  }
  return { text: l, href: null };
}

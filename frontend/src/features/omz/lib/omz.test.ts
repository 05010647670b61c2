import { describe, expect, it } from "vitest";
import { defaultOmzPrecision, frameworkLabel, isIrModel, licenseLabel } from "./omz";

describe("omz", () => {
  it("offers a precision only for models the zoo ships as IR", () => {
    expect(isIrModel({ framework: "openvino" })).toBe(true);
    expect(defaultOmzPrecision({ framework: "openvino", precisions: ["FP16", "FP16-INT8", "FP32"] })).toBe("FP32");
    expect(defaultOmzPrecision({ framework: "openvino", precisions: ["FP16-INT8", "FP16"] })).toBe("FP16");
    expect(defaultOmzPrecision({ framework: "openvino", precisions: ["FP32-INT1", "FP16-INT1"] })).toBe("FP32-INT1");
    expect(defaultOmzPrecision({ framework: "pytorch", precisions: ["FP32", "FP16"] })).toBeNull();
  });

  it("names frameworks and licenses", () => {
    expect(frameworkLabel("tf")).toBe("TensorFlow");
    expect(frameworkLabel("mxnet")).toBe("mxnet");
    expect(licenseLabel("Apache-2.0")).toEqual({ text: "Apache-2.0", href: null });
    expect(licenseLabel("https://raw.githubusercontent.com/rwightman/pytorch-image-models/master/LICENSE")).toEqual({
      text: "rwightman/pytorch-image-models",
      href: "https://raw.githubusercontent.com/rwightman/pytorch-image-models/master/LICENSE",
    });
    expect(licenseLabel("https://opensource.org/licenses/MIT").text).toBe("opensource.org");
    expect(licenseLabel("")).toEqual({ text: "—", href: null });
  });
});

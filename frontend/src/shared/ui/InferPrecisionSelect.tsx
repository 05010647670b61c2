/** Choose what the device computes in: its default, or one of the precisions it offers. */
import type { InferPrecision } from "../../api/types";
import { offeredPrecisions, type DeviceOffer } from "../lib/precision";
import { SelectField } from "./fields";

export function InferPrecisionSelect({
  value,
  onChange,
  devices,
  device,
  testId,
  error,
  className,
}: {
  value: InferPrecision | "";
  onChange: (value: InferPrecision | "") => void;
  devices: readonly DeviceOffer[];
  device: string;
  testId: string;
  error?: string;
  className?: string;
}) {
  return (
    <SelectField
      label="Inference precision"
      hint={`what ${device} offers; empty: its default (bf16 on CPUs with AMX)`}
      className={className}
      error={error}
      value={value}
      choices={offeredPrecisions(devices, device)}
      onChange={onChange}
      testId={testId}
    >
      <option value="">device default</option>
    </SelectField>
  );
}

/** The line under a result's verdict that says what the device really computed in, and on which CPU ISA. */
import { ranInText, type RunPrecisionLike } from "../lib/precision";

export function RanIn({ ranIn, asked }: { ranIn: RunPrecisionLike | null | undefined; asked: string | null | undefined }) {
  return (
    <div className="ran-in muted small" data-testid="ran-in" data-ran={ranIn?.ran ?? ""}>
      {ranInText(ranIn, asked)}
    </div>
  );
}

/** The sweep's grid: batch sizes, streams and infer requests to try. */
import { useState } from "react";
import { batchRows, STREAM_CHOICES, SWEEP_LIMITS, toggleValue, upTo, type SweepForm } from "../lib/sweep";

export function GridPicker({ form, setForm }: { form: SweepForm; setForm: (f: SweepForm) => void }) {
  const rows = batchRows(form.customBatches);
  const [hover, setHover] = useState<{ batch: number; streams: number } | null>(null);
  const [custom, setCustom] = useState("");
  const customValue = Number(custom);
  const customValid = Number.isInteger(customValue) && customValue >= 1 && customValue <= SWEEP_LIMITS.batch;
  const addCustom = () => {
    if (!customValid) return;
    setForm({
      ...form,
      customBatches: form.customBatches.includes(customValue) ? form.customBatches : [...form.customBatches, customValue],
      batches: form.batches.includes(customValue) ? form.batches : toggleValue(form.batches, customValue),
    });
    setCustom("");
  };
  const selectUpTo = (batch: number, streams: number) =>
    setForm({ ...form, batches: upTo(rows, batch), streams: upTo(STREAM_CHOICES, streams) });

  return (
    <div className="sweep-grid-wrap">
      <table className="sweep-grid" data-testid="sweep-grid" onMouseLeave={() => setHover(null)}>
        <thead>
          <tr>
            <th className="sweep-corner" scope="col">
              <span>batch</span> \ <span>streams</span>
            </th>
            {STREAM_CHOICES.map((s) => {
              const on = form.streams.includes(s);
              return (
                <th key={s} scope="col">
                  <button
                    type="button"
                    className={`sweep-axis${on ? " on" : ""}`}
                    aria-pressed={on}
                    onClick={() => setForm({ ...form, streams: toggleValue(form.streams, s) })}
                    data-testid="sweep-streams-toggle"
                    data-streams={s}
                    title={`${on ? "Leave out" : "Add"} ${s} stream${s === 1 ? "" : "s"}`}
                  >
                    {s}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => {
            const batchOn = form.batches.includes(b);
            return (
              <tr key={b}>
                <th scope="row">
                  <button
                    type="button"
                    className={`sweep-axis${batchOn ? " on" : ""}${form.customBatches.includes(b) ? " custom" : ""}`}
                    aria-pressed={batchOn}
                    onClick={() => setForm({ ...form, batches: toggleValue(form.batches, b) })}
                    data-testid="sweep-batch-toggle"
                    data-batch={b}
                    title={`${batchOn ? "Leave out" : "Add"} batch ${b}`}
                  >
                    {b}
                  </button>
                </th>
                {STREAM_CHOICES.map((s) => {
                  const selected = batchOn && form.streams.includes(s);
                  const preview = hover !== null && b <= hover.batch && s <= hover.streams;
                  return (
                    <td key={s}>
                      <button
                        type="button"
                        className={`sweep-cell${selected ? " on" : ""}${preview ? " preview" : ""}`}
                        onClick={() => selectUpTo(b, s)}
                        onMouseEnter={() => setHover({ batch: b, streams: s })}
                        onFocus={() => setHover({ batch: b, streams: s })}
                        onBlur={() => setHover(null)}
                        data-testid="sweep-cell"
                        data-batch={b}
                        data-streams={s}
                        data-selected={selected ? "true" : "false"}
                        aria-pressed={selected}
                        aria-label={`batch ${b}, ${s} streams`}
                        title={
                          `batch ${b} × ${s} stream${s === 1 ? "" : "s"}${selected ? " (in the sweep)" : ""}\n` +
                          `click: sweep every batch ≤ ${b} × streams 1–${s}`
                        }
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="sweep-grid-foot">
        <span className="muted small">Click a cell to sweep everything up to it; click a header to add or leave out one value.</span>
        <span className="sweep-custom">
          <input
            type="number"
            min={1}
            max={SWEEP_LIMITS.batch}
            step={1}
            placeholder="batch"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addCustom();
              }
            }}
            aria-label="Custom batch"
            data-testid="sweep-custom-batch"
          />
          <button type="button" className="btn btn-small" onClick={addCustom} disabled={!customValid} data-testid="sweep-add-batch">
            Add batch
          </button>
        </span>
      </div>
    </div>
  );
}

/** Form rows: a label over its control, with a hint or (instead) an error below. */
import type { ReactNode } from "react";

export interface FieldFrame {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
}

export function Field({ label, error, hint, children, className }: FieldFrame & { children: ReactNode }) {
  return (
    <label className={`field${className ? ` ${className}` : ""}`}>
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-hint warn">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

interface InputProps {
  value: string;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
  disabled?: boolean;
  /** defaults to "the row shows an error" */
  invalid?: boolean;
}

/** A number input in a field row (the text stays as typed: the form's parser checks it). */
export function NumberField({
  value,
  onChange,
  testId,
  placeholder,
  disabled,
  invalid,
  min,
  max,
  step,
  ...frame
}: FieldFrame & InputProps & { min?: number; max?: number; step?: number | "any" }) {
  return (
    <Field {...frame}>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        aria-invalid={invalid ?? !!frame.error}
      />
    </Field>
  );
}

/** A monospaced text input (names, lists, expressions) in a field row. */
export function CodeField({ value, onChange, testId, placeholder, disabled, invalid, ...frame }: FieldFrame & InputProps) {
  return (
    <Field {...frame}>
      <input
        type="text"
        className="mono"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        aria-invalid={invalid ?? !!frame.error}
      />
    </Field>
  );
}

/** A select of plain choices (each shown as its value) in a field row; `children` come before them. */
export function SelectField<T extends string>({
  value,
  choices,
  onChange,
  testId,
  children,
  ...frame
}: FieldFrame & { value: T | ""; choices: readonly T[]; onChange: (value: T) => void; testId: string; children?: ReactNode }) {
  return (
    <Field {...frame}>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {children}
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its text. */
export function Check({
  checked,
  onChange,
  children,
  testId,
  title,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
  testId: string;
  title?: string;
}) {
  return (
    <label className="check" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {children}
    </label>
  );
}

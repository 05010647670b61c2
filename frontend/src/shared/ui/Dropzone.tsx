import { useRef, useState, type DragEvent, type ReactNode } from "react";

/** Paths of the icons a drop zone shows. */
export const DROP_ICONS = {
  upload: "M12 3l5 5h-3v6h-4V8H7l5-5zM5 17h14v3H5z",
  image: "M4 5h16v14H4V5zm2 2v8l4-4 3 3 2-2 3 3V7H6zm9 1.5a1.5 1.5 0 110 3 1.5 1.5 0 010-3z",
};

interface DropzoneProps {
  onFiles: (files: File[]) => void;
  testId: string;
  inputTestId: string;
  disabled?: boolean;
  compact?: boolean;
  multiple?: boolean;
  accept?: string;
  icon?: keyof typeof DROP_ICONS;
  children: ReactNode;
}

/** A click-or-drop area for files: one way to pick files, with keyboard access and a drag highlight. */
export function Dropzone({ onFiles, testId, inputTestId, disabled = false, compact = false, multiple = false,
  accept, icon = "upload", children }: DropzoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const deliver = (files: File[]) => {
    if (files.length > 0 && !disabled) onFiles(files);
    if (input.current) input.current.value = "";
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    deliver([...(e.dataTransfer.files ?? [])]);
  };
  return (
    <div
      className={`dropzone${compact ? " dropzone-compact" : ""}${dragging ? " dragging" : ""}${disabled ? " disabled" : ""}`}
      data-testid={testId}
      role="button"
      tabIndex={0}
      aria-disabled={disabled}
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={(e) => {
        if ((e.key === "Enter" || e.key === " ") && !disabled) input.current?.click();
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <svg viewBox="0 0 24 24" className="dropzone-icon" aria-hidden>
        <path d={DROP_ICONS[icon]} />
      </svg>
      <div>{children}</div>
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept={accept}
        data-testid={inputTestId}
        onChange={(e) => deliver([...(e.target.files ?? [])])}
      />
    </div>
  );
}

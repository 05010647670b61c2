/**
 * A picture with its annotation drawn over it: boxes (in the image's pixels) scaled to the displayed size
 * as an SVG overlay, each with its class name; small images (a 28 × 28 digit) are enlarged with crisp
 * pixels. `ApiAnnotatedImage` and `ApiImage` fetch an image of the API with the token first.
 */
import { useState } from "react";
import { useApiImage } from "../api/images";
import { fitSize, labelPosition, scaleBox, type Overlay, type Size } from "../lib/images";
import "./images.css";

export type { Overlay };

const LABEL_HEIGHT = 15;

export function AnnotatedImage({
  src,
  natural,
  max = { width: 480, height: 420 },
  maxZoom = 12,
  overlays = [],
  alt,
  testId,
  error,
}: {
  src: string | null;
  /** the image's size in pixels when known (the API reports it); otherwise read once it loads */
  natural?: Size | null;
  max?: Size;
  maxZoom?: number;
  overlays?: readonly Overlay[];
  alt: string;
  testId?: string;
  error?: string | null;
}) {
  const [loaded, setLoaded] = useState<Size | null>(null);
  const size = natural && natural.width > 0 && natural.height > 0 ? natural : loaded;
  const shown = size ? fitSize(size, max, maxZoom) : { width: Math.min(max.width, 240), height: Math.min(max.height, 240) };
  const pixelated = size != null && shown.width >= size.width * 2;
  const boxes = size
    ? overlays.map((o) => ({ o, b: scaleBox(o.box, size, shown) })).filter((x): x is { o: Overlay; b: NonNullable<typeof x.b> } => x.b !== null)
    : [];
  return (
    <figure className="annotated" data-testid={testId} data-width={size?.width} data-height={size?.height}>
      <div className="annotated-frame" style={{ width: shown.width, height: shown.height }}>
        {src ? (
          <img
            src={src}
            alt={alt}
            width={shown.width}
            height={shown.height}
            className={`annotated-img${pixelated ? " pixelated" : ""}`}
            onLoad={(e) => {
              const img = e.currentTarget;
              if (!loaded || loaded.width !== img.naturalWidth || loaded.height !== img.naturalHeight) {
                setLoaded({ width: img.naturalWidth, height: img.naturalHeight });
              }
            }}
            data-testid="annotated-img"
          />
        ) : (
          <div className="annotated-placeholder">{error ?? <span className="spinner" aria-hidden />}</div>
        )}
        {boxes.length > 0 && (
          <svg
            className="annotated-svg"
            width={shown.width}
            height={shown.height}
            viewBox={`0 0 ${shown.width} ${shown.height}`}
            data-testid="annotation-overlay"
            data-boxes={boxes.length}
            aria-hidden
          >
            {boxes.map(({ o, b }, i) => {
              const text = o.label;
              const labelWidth = Math.min(shown.width, 8 + text.length * 6.6);
              const at = labelPosition(b, LABEL_HEIGHT);
              return (
                <g key={i} data-testid="overlay-box" data-kind={o.kind} data-label={o.label}>
                  <rect
                    x={b.x}
                    y={b.y}
                    width={b.width}
                    height={b.height}
                    fill="none"
                    stroke={o.color}
                    strokeWidth={2}
                    strokeDasharray={o.kind === "prediction" ? "6 3" : undefined}
                  />
                  <rect x={at.x} y={at.y} width={labelWidth} height={LABEL_HEIGHT} fill={o.color} opacity={0.88} rx={2} />
                  <text x={at.x + 4} y={at.y + LABEL_HEIGHT - 4} fill="#fff" fontSize={11} fontFamily="system-ui, sans-serif">
                    {text}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </figure>
  );
}

/** An API image (fetched with the token) with its annotation. */
export function ApiAnnotatedImage({ url, ...rest }: { url: string } & Omit<Parameters<typeof AnnotatedImage>[0], "src" | "error">) {
  const image = useApiImage(url);
  const error = image.error ? "cannot load the image" : null;
  return <AnnotatedImage src={image.src} error={error} {...rest} />;
}

/** A plain API image (a thumbnail), with a placeholder while it loads. */
export function ApiImage({ url, alt, className, size = 96 }: { url: string; alt: string; className?: string; size?: number }) {
  const image = useApiImage(url);
  if (!image.src) {
    return (
      <span className={`thumb-placeholder${className ? ` ${className}` : ""}`} style={{ width: size, height: size }} title={image.error ? "cannot load the image" : undefined}>
        {image.error ? "!" : ""}
      </span>
    );
  }
  return <img src={image.src} alt={alt} className={className} style={{ width: size, height: size }} />;
}

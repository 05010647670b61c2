/**
 * What the two dagre graph views share (the runtime graph of a layer profile, the IR graph of a model):
 * the viewport's pan (drag) and zoom (Ctrl/⌘ + wheel, pinch, buttons), the arrow markers and the zoom
 * buttons. The arithmetic lives in lib/graph.ts.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type Dispatch,
  type PointerEvent,
  type RefObject,
  type SetStateAction,
} from "react";
import { fitView, initialView, zoomAround, type View } from "./graph";
import "./graph.css";

export type Direction = "TB" | "LR";

export interface PanZoom {
  /** the viewport element (measured, and where the wheel zooms) */
  box: RefObject<HTMLDivElement | null>;
  size: { w: number; h: number };
  view: View;
  setView: Dispatch<SetStateAction<View>>;
  /** the current view, for effects that must not re-run on every pan */
  viewRef: RefObject<View>;
  /** "Ctrl + scroll to zoom" is showing (a plain wheel over the graph) */
  hint: boolean;
  dragging: boolean;
  /** true right after a drag: the click that ends it is not a node click */
  suppressClick: RefObject<boolean>;
  home: () => void;
  fit: () => void;
  zoomBy: (factor: number) => void;
  pointer: {
    onPointerDown: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerMove: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerUp: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerCancel: (e: PointerEvent<SVGSVGElement>) => void;
  };
}

/** Pan and zoom over a laid-out graph; a new layout (or the first measurement) starts at the home view. */
export function usePanZoom(layout: { width: number; height: number } | null, direction: Direction): PanZoom {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const [hint, setHint] = useState(false);
  const [dragging, setDragging] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const home = useCallback(() => {
    if (layout && size.w > 0) setView(initialView(layout.width, layout.height, size.w, size.h, direction));
  }, [layout, size.w, size.h, direction]);

  const placedFor = useRef<object | null>(null);
  useLayoutEffect(() => {
    if (!layout || size.w === 0 || placedFor.current === layout) return;
    placedFor.current = layout;
    home();
  }, [layout, size.w, home]);

  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  }, [view]);

  // Ctrl/⌘ + wheel (and trackpad pinch, which arrives as ctrl + wheel) zooms; a plain wheel scrolls the page
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) {
        setHint(true);
        clearTimeout(timer);
        timer = setTimeout(() => setHint(false), 1200);
        return;
      }
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
      setView((v) => zoomAround(v, factor, e.clientX - rect.left, e.clientY - rect.top));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      el.removeEventListener("wheel", onWheel);
      clearTimeout(timer);
    };
  }, []);

  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  const suppressClick = useRef(false);
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
    suppressClick.current = false;
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      setDragging(true);
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) {
      suppressClick.current = true;
      setDragging(false);
      if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    }
  };

  const zoomBy = (factor: number) => setView((v) => zoomAround(v, factor, size.w / 2, size.h / 2));
  const fit = () => {
    if (layout) setView(fitView(layout.width, layout.height, size.w, size.h));
  };

  return {
    box,
    size,
    view,
    setView,
    viewRef,
    hint,
    dragging,
    suppressClick,
    home,
    fit,
    zoomBy,
    pointer: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp },
  };
}

/** The arrow heads of edges: normal and highlighted (`url(#<prefix>-arrow)`, `url(#<prefix>-arrow-hot)`). */
export function ArrowDefs({ prefix }: { prefix: string }) {
  return (
    <defs>
      <marker id={`${prefix}-arrow`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0,0 L8,4 L0,8 z" fill="#94a3b8" />
      </marker>
      <marker id={`${prefix}-arrow-hot`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0,0 L8,4 L0,8 z" fill="#111827" />
      </marker>
    </defs>
  );
}

export function ZoomButtons({ pz, enabled }: { pz: PanZoom; enabled: boolean }) {
  return (
    <div className="graph-zoom">
      <button type="button" className="btn btn-small" onClick={() => pz.zoomBy(1 / 1.25)} aria-label="Zoom out" disabled={!enabled}>
        −
      </button>
      <span className="graph-scale small muted">{Math.round(pz.view.k * 100)}%</span>
      <button type="button" className="btn btn-small" onClick={() => pz.zoomBy(1.25)} aria-label="Zoom in" disabled={!enabled}>
        +
      </button>
      <button type="button" className="btn btn-small" onClick={pz.fit} disabled={!enabled} data-testid="graph-fit">
        Fit
      </button>
      <button type="button" className="btn btn-small" onClick={pz.home} disabled={!enabled} title="Readable size, at the inputs">
        Start
      </button>
    </div>
  );
}

export function DirectionSwitch({ direction, setDirection }: { direction: Direction; setDirection: (d: Direction) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Layout direction">
      <span className="segmented-label">Layout</span>
      <button type="button" className={direction === "TB" ? "on" : ""} aria-pressed={direction === "TB"} onClick={() => setDirection("TB")}>
        top-down
      </button>
      <button type="button" className={direction === "LR" ? "on" : ""} aria-pressed={direction === "LR"} onClick={() => setDirection("LR")}>
        left-right
      </button>
    </div>
  );
}

export function WheelHint({ show }: { show: boolean }) {
  return (
    <div className={`graph-hint${show ? " show" : ""}`} aria-hidden>
      Ctrl + scroll to zoom · drag to pan
    </div>
  );
}

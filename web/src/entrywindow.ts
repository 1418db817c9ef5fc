// Which entries of a long timeline are in the DOM: at most WINDOW of them,
// either the newest (following the live stream) or a span the agent has
// scrolled to, slid by STEP at either end. Pure, so that it is tested alone;
// the hook in components/EntryWindow.ts drives it from scrolling.

/** The most entries rendered at once. */
export const WINDOW = 150;
/** How far the window slides at a time (one timeline page). */
export const STEP = 50;

export interface Span {
  start: number;
  end: number;
}

/** The rendered span of len entries starting at start, or the newest ones when start is null. */
export function spanOf(len: number, start: number | null): Span {
  const s = start === null ? Math.max(0, len - WINDOW) : Math.max(0, Math.min(start, len - 1));
  return { start: s, end: Math.min(len, s + WINDOW) };
}

/** Where the window starts after sliding towards older entries; null when it is at the oldest loaded one. */
export function earlierStart(s: Span): number | null {
  return s.start > 0 ? Math.max(0, s.start - STEP) : null;
}

/** Where the window starts after sliding towards newer entries: null means "the newest" (it follows them again). */
export function laterStart(s: Span, len: number): number | null {
  const next = s.start + STEP;
  return next + WINDOW >= len ? null : next;
}

// The timeline's rendered window, driven by scrolling: reaching the top
// slides it to older entries (or loads an older page, then shows it), the
// bottom to newer ones; at the very bottom it follows new entries. The DOM
// changes are kept still by an anchor: the first visible entry stays where
// the agent saw it.
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { earlierStart, laterStart, spanOf } from '../entrywindow';
import type { Entry } from '../timeline';

const EDGE = 60; // px from the top that count as "at the top"
const BOTTOM = 40; // px from the bottom that count as "at the bottom"

interface Anchor { key: string; offset: number }

function top(el: Element) {
  return el.getBoundingClientRect().top;
}

/** The first entry (an element with data-key) visible in the list, and its distance from the list's top. */
function anchorOf(list: HTMLElement): Anchor | null {
  const items = list.children;
  const edge = top(list);
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].getBoundingClientRect().bottom > edge) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo; i < items.length; i++) {
    const key = (items[i] as HTMLElement).dataset.key;
    if (key) return { key, offset: top(items[i]) - edge };
  }
  return null;
}

export function useEntryWindow(all: Entry[], earlier: (() => void) | null, reset: string, list: RefObject<HTMLOListElement>) {
  // The key of the window's first entry, for one conversation and filter; null follows the newest.
  const [pin, setPin] = useState<{ key: string | null; reset: string }>({ key: null, reset });
  const atBottom = useRef(true);
  const wantEarlier = useRef(false);
  const anchor = useRef<Anchor | null>(null);
  const lastReset = useRef(reset);
  if (lastReset.current !== reset) {
    lastReset.current = reset;
    atBottom.current = true;
    wantEarlier.current = false;
    anchor.current = null;
  }
  const pinned = pin.reset === reset && pin.key !== null ? all.findIndex((e) => e.key === pin.key) : -1;
  const span = spanOf(all.length, pinned >= 0 ? pinned : null);
  const following = pinned < 0;
  const startAt = (i: number | null) => setPin({ key: i === null ? null : all[i].key, reset });

  function up() {
    if (following && all.length) startAt(span.start); // stays put while older pages load
    const s = earlierStart(span);
    if (s !== null) startAt(s);
    else if (earlier) {
      wantEarlier.current = true;
      earlier();
    }
  }
  function down() {
    startAt(laterStart(span, all.length));
  }
  function newest() {
    atBottom.current = true;
    startAt(null);
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }

  function onScroll() {
    const el = list.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM;
    anchor.current = anchorOf(el);
    if (el.scrollTop < EDGE) up();
    else if (atBottom.current) {
      if (span.end < all.length) down();
      else if (!following) startAt(null);
    } else if (following && all.length) startAt(span.start); // reading: new entries no longer push it
  }

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    if (wantEarlier.current && span.start > 0 && !following) {
      // An older page came in above the window: show it.
      wantEarlier.current = false;
      startAt(earlierStart(span));
    }
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (anchor.current) {
      const key = anchor.current.key;
      const node = [...el.children].find((n) => (n as HTMLElement).dataset.key === key);
      if (node) el.scrollTop += top(node) - top(el) - anchor.current.offset;
    }
    anchor.current = anchorOf(el);
  }, [all.length, span.start, span.end, reset]);

  return { entries: all.slice(span.start, span.end), span, onScroll, up, down, newest, hasEarlier: span.start > 0 || !!earlier };
}

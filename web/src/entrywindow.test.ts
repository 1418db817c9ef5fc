import { describe, expect, it } from 'vitest';
import { STEP, WINDOW, earlierStart, laterStart, spanOf } from './entrywindow';

describe('entry window', () => {
  it('shows everything while short, the newest WINDOW when following', () => {
    expect(spanOf(0, null)).toEqual({ start: 0, end: 0 });
    expect(spanOf(40, null)).toEqual({ start: 0, end: 40 });
    expect(spanOf(1000, null)).toEqual({ start: 1000 - WINDOW, end: 1000 });
  });

  it('a pinned window keeps its start as entries arrive, and is never longer than WINDOW', () => {
    expect(spanOf(1000, 300)).toEqual({ start: 300, end: 300 + WINDOW });
    expect(spanOf(1001, 300)).toEqual({ start: 300, end: 300 + WINDOW });
    expect(spanOf(100, 30)).toEqual({ start: 30, end: 100 });
    expect(spanOf(10, 30)).toEqual({ start: 9, end: 10 });
  });

  it('slides by STEP towards older entries until the oldest loaded one', () => {
    expect(earlierStart(spanOf(1000, 300))).toBe(300 - STEP);
    expect(earlierStart(spanOf(1000, 20))).toBe(0);
    expect(earlierStart(spanOf(1000, 0))).toBeNull();
  });

  it('slides towards newer entries and follows again at the newest', () => {
    expect(laterStart(spanOf(1000, 0), 1000)).toBe(STEP);
    expect(laterStart(spanOf(1000, 1000 - WINDOW - STEP), 1000)).toBeNull();
    expect(laterStart(spanOf(1000, 1000 - WINDOW - STEP - 1), 1000)).toBe(1000 - WINDOW - 1);
  });
});

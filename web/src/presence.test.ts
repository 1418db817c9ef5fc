import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Viewing } from './presence';

describe('Viewing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('repeats while the stream is live, stops while it is not, resumes when it is back', () => {
    const sent: string[] = [];
    const v = new Viewing((id, on) => sent.push(`${id}:${on}`), 1000);
    v.set('c1', false);
    vi.advanceTimersByTime(3000);
    expect(sent).toEqual([]);
    v.set('c1', true);
    vi.advanceTimersByTime(2500);
    expect(sent).toEqual(['c1:true', 'c1:true', 'c1:true']);
    v.set('c1', false); // the stream dropped
    vi.advanceTimersByTime(5000);
    expect(sent.slice(3)).toEqual(['c1:false']);
    v.set('c1', true); // live again
    expect(sent.slice(4)).toEqual(['c1:true']);
  });

  it('moves to another conversation and stops when none is open', () => {
    const sent: string[] = [];
    const v = new Viewing((id, on) => sent.push(`${id}:${on}`), 1000);
    v.set('c1', true);
    v.set('c1', true); // no change: nothing sent
    v.set('c2', true);
    v.set(null, true);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(['c1:true', 'c1:false', 'c2:true', 'c2:false']);
  });
});

import { describe, expect, it } from 'vitest';
import { listTotal, matches, upsert } from './listmodel';
import { emptyFilters, type Conversation } from './types';

function conv(id: string, at: string, extra: Partial<Conversation> = {}): Conversation {
  return {
    id, inbox_id: 'wa', channel: 'whatsapp', contact: { id: 'k', name: 'K', handle: '', handle_masked: true }, status: 'open',
    assignee_id: null, team_id: null, tags: [], priority: 'none', snoozed_until: null, last_message: null, message_count: 1,
    unread: 0, last_inbound_at: null, window_closes_at: null, waiting_since: null, created_at: at, closed_at: null,
    last_activity_at: at, session: 1, revision: 1, ...extra,
  };
}

describe('list model', () => {
  const f = emptyFilters;
  it('moves an updated row to the top', () => {
    const l = [conv('a', '2026-01-03'), conv('b', '2026-01-02'), conv('c', '2026-01-01')];
    const out = upsert(l, conv('c', '2026-01-04', { revision: 2 }), 'all', f, 'me', false);
    expect(out.map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });
  it('drops a row that no longer matches', () => {
    const l = [conv('a', '2026-01-03'), conv('b', '2026-01-02')];
    expect(upsert(l, conv('a', '2026-01-05', { status: 'closed', revision: 3 }), 'all', f, 'me', false).map((c) => c.id)).toEqual(['b']);
  });
  it('ignores stale revisions', () => {
    const l = [conv('a', '2026-01-03', { revision: 5 })];
    expect(upsert(l, conv('a', '2026-01-09', { revision: 4 }), 'all', f, 'me', false)).toBe(l);
  });
  it('matches tabs and filters', () => {
    expect(matches(conv('a', 'x', { assignee_id: 'me' }), 'mine', f, 'me')).toBe(true);
    expect(matches(conv('a', 'x', { assignee_id: 'bob' }), 'unassigned', f, 'me')).toBe(false);
    expect(matches(conv('a', 'x', { tags: ['VIP'] }), 'all', { ...f, tag: 'vip' }, 'me')).toBe(true);
  });
});

describe('list total', () => {
  const c = (n: number) => ({ open: n, pending: 1, snoozed: 0, closed: 2 });
  const counts = { all: c(10), mine: c(3), unassigned: c(5), assigned: c(5), tag: c(4) };
  it('comes from the tab counts, or a single tag on the All tab', () => {
    expect(listTotal(counts, 'mine', emptyFilters, 50, true)).toBe(3);
    expect(listTotal(counts, 'all', { ...emptyFilters, status: '' }, 50, true)).toBe(13);
    expect(listTotal(counts, 'all', { ...emptyFilters, tag: 'vip' }, 50, true)).toBe(4);
  });
  it('is the loaded rows, or unknown, where the counts do not cover the filters', () => {
    expect(listTotal(counts, 'all', { ...emptyFilters, channel: 'sms' }, 50, true)).toBe(null);
    expect(listTotal(counts, 'all', { ...emptyFilters, channel: 'sms' }, 7, false)).toBe(7);
    expect(listTotal(counts, 'mine', { ...emptyFilters, tag: 'vip' }, 2, false)).toBe(2);
  });
});

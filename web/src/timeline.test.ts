import { describe, expect, it } from 'vitest';
import { apiFilter, filtered, filtering, fromApi, matches, noFilter, Timelines, type ApiEntry } from './timeline';
import type { Conversation, StreamChange } from './types';

const conv = { id: 'c1', contact: { id: 'k', name: 'Ana', handle: '', handle_masked: true },
  last_message: { preview: 'hello', kind: 'text', direction: 'inbound', at: '2026-01-01T10:00:00Z' } } as unknown as Conversation;

function api(position: number, extra: Partial<ApiEntry>): ApiEntry {
  return { id: 'e' + position, kind: 'message', event_type: 'conversation.message_received', position, at: `2026-01-01T10:0${position}:00Z`,
    actor_kind: 'contact', actor_id: 'k', ...extra };
}

function change(seq: number, position: number, event_type: string, summary: Partial<StreamChange['summary']>): StreamChange {
  return { seq, kind: 'timeline.entry', event_type, conversation_id: 'c1', position, stream_revision: seq,
    summary: { type: event_type, actor: { kind: 'agent', id: 'alice' }, occurred_at: '2026-01-01T11:00:00Z', ...summary } };
}

describe('Timelines', () => {
  it('merges API pages, live changes and optimistic sends without duplicates, in log order', () => {
    const t = new Timelines();
    expect(t.entries(conv).map((e) => e.text)).toEqual(['hello']); // the row's last message, until history loads
    t.optimistic('c1', { key: 'm9', type: 'message', at: '2026-01-01T11:00:00Z', direction: 'outbound', text: 'hi Ana', actor: 'alice', messageId: 'm9', delivery: 'pending' });
    t.apply(change(1, 7, 'conversation.message_sent', { message_id: 'm9', preview: 'hi Ana' }));
    t.merge('c1', [
      api(7, { direction: 'outbound', message_id: 'm9', text: 'hi Ana', delivery_status: 'delivered', actor_kind: 'agent', actor_id: 'alice' }),
      api(3, { kind: 'tag', event_type: 'conversation.tag_applied', tag: 'vip', actor_kind: 'agent', actor_id: 'bob' }),
      api(2, { direction: 'inbound', message_id: 'm1', text: 'hello' }),
    ]);
    t.apply(change(2, 3, 'conversation.tag_applied', {})); // already in the page
    const out = t.entries(conv);
    expect(out.map((e) => [e.type, e.position, e.text || e.detail])).toEqual([
      ['message', 2, 'hello'], ['event', 3, 'vip'], ['message', 7, 'hi Ana'],
    ]);
    expect(out[2].delivery).toBe('delivered');
  });
});

describe('Timelines live entries', () => {
  it('are kept only for conversations already opened', () => {
    const t = new Timelines();
    expect(t.apply(change(1, 4, 'conversation.message_received', { message_id: 'x1', preview: 'early' }))).toBe(false);
    expect(t.entries(conv).map((e) => e.text)).toEqual(['hello']);
    expect(t.apply(change(2, 5, 'conversation.message_received', { message_id: 'x2', preview: 'later' }))).toBe(true);
    expect(t.entries(conv).map((e) => e.text)).toEqual(['hello', 'later']);
  });
});

describe('timeline filters', () => {
  const entries = [
    fromApi(api(1, { kind: 'message', text: 'hi', at: new Date(2026, 0, 1, 12).toISOString() })),
    fromApi(api(2, { kind: 'note', text: 'cc @bob', actor_kind: 'agent', actor_id: 'alice', mentions: ['bob'], at: new Date(2026, 0, 2, 12).toISOString() })),
    fromApi(api(3, { kind: 'tag', event_type: 'conversation.tag_applied', tag: 'vip', actor_kind: 'agent', actor_id: 'bob', at: new Date(2026, 0, 3, 12).toISOString() })),
  ];
  it('keeps notes only, with their mentions', () => {
    const f = { ...noFilter, type: 'note' as const };
    expect(entries.filter((e) => matches(e, f)).map((e) => e.position)).toEqual([2]);
    expect(entries[1].mentions).toEqual(['bob']);
    expect(apiFilter(f).kinds).toEqual(['note']);
  });
  it('filters by agent and by local days, "to" included', () => {
    expect(entries.filter((e) => matches(e, { ...noFilter, agent: 'bob' })).map((e) => e.position)).toEqual([3]);
    const days = { ...noFilter, from: '2026-01-02', to: '2026-01-02' };
    const a = apiFilter(days);
    expect(Date.parse(a.to) - Date.parse(a.from)).toBe(24 * 3600e3);
    expect(entries.filter((e) => matches(e, days)).map((e) => e.position)).toEqual([2]);
    expect(apiFilter({ ...noFilter, type: 'event' }).kinds).toContain('assignment');
    expect(filtering(noFilter)).toBe(false);
  });
  it('merges server pages with matching known entries once, in log order', () => {
    const f = { ...noFilter, type: 'note' as const };
    const page = [api(5, { kind: 'note', text: 'older', actor_kind: 'agent', actor_id: 'bob' }), api(2, { kind: 'note', text: 'cc @bob' })];
    expect(filtered(entries, page, f).map((e) => e.position)).toEqual([2, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { Timelines, type ApiEntry } from './timeline';
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

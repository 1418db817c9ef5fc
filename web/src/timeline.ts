// The conversation timeline as the web inbox knows it. Until the timeline
// API lands, entries come from the live stream (everything since the inbox
// was opened, plus what a reconnect replays), the conversation's last
// message, and this agent's own sends, shown at once and reconciled when
// the stream confirms them.
import type { Conversation, StreamChange } from './types';

export type Delivery = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Entry {
  key: string;
  type: 'message' | 'note' | 'event';
  at: string;
  direction?: 'inbound' | 'outbound';
  text: string;
  actor: string;
  messageId?: string;
  delivery?: Delivery;
  error?: string;
  eventType?: string;
  actorKind?: string;
}

const rank: Record<Delivery, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export class Timelines {
  private byConv = new Map<string, Entry[]>();
  private seen = new Set<number>();
  version = 0;

  private seeded = new Set<string>();

  /**
   * The entries of c. The first time, its last message (from the list row)
   * starts the timeline, so that it stays when newer entries arrive.
   */
  entries(c: Conversation): Entry[] {
    const list = this.list(c.id);
    if (!this.seeded.has(c.id)) {
      this.seeded.add(c.id);
      const m = c.last_message;
      if (m && !list.some((e) => e.type === 'message' && e.text === m.preview)) {
        list.unshift({ key: 'last-' + c.id, type: 'message', at: m.at, direction: m.direction, text: m.preview,
          actor: m.direction === 'inbound' ? c.contact.name : '', delivery: m.direction === 'outbound' ? 'sent' : undefined });
      }
    }
    return list;
  }

  private list(id: string): Entry[] {
    let l = this.byConv.get(id);
    if (!l) this.byConv.set(id, (l = []));
    return l;
  }

  /** Adds what the agent just sent, before the server confirms it. */
  optimistic(convId: string, e: Entry) {
    this.list(convId).push(e);
    this.version++;
  }

  fail(convId: string, key: string, error: string) {
    const e = this.list(convId).find((x) => x.key === key);
    if (e) {
      e.delivery = 'failed';
      e.error = error;
      this.version++;
    }
  }

  remove(convId: string, key: string) {
    const l = this.list(convId);
    const i = l.findIndex((x) => x.key === key);
    if (i >= 0) {
      l.splice(i, 1);
      this.version++;
    }
  }

  /** Applies a live change; returns whether the timeline changed. */
  apply(ch: StreamChange): boolean {
    if (!ch.conversation_id || this.seen.has(ch.seq)) return false;
    this.seen.add(ch.seq);
    const l = this.list(ch.conversation_id);
    const s = ch.summary;
    const actor = s.actor?.id || s.actor?.kind || '';
    switch (ch.event_type) {
      case 'conversation.delivery_status_recorded': {
        const m = l.find((e) => e.messageId && e.messageId === s.message_id);
        const st = s.status as Delivery | undefined;
        if (m && st && rank[st] !== undefined && rank[st] > rank[m.delivery ?? 'pending']) m.delivery = st;
        break;
      }
      case 'conversation.message_received':
      case 'conversation.message_sent': {
        const outbound = ch.event_type === 'conversation.message_sent';
        const mine = l.find((e) => e.messageId && e.messageId === s.message_id);
        if (mine) {
          if (rank[mine.delivery ?? 'pending'] < rank.sent) mine.delivery = 'sent';
          mine.at = s.occurred_at;
        } else {
          l.push({ key: 'seq-' + ch.seq, type: 'message', at: s.occurred_at, direction: outbound ? 'outbound' : 'inbound',
            text: s.preview ?? '', actor, messageId: s.message_id, delivery: outbound ? 'sent' : undefined });
        }
        break;
      }
      case 'conversation.note_added': {
        const pending = l.find((e) => e.type === 'note' && e.delivery === 'pending' && e.text.startsWith((s.preview ?? '').replace(/…$/, '')));
        if (pending) pending.delivery = undefined;
        else l.push({ key: 'seq-' + ch.seq, type: 'note', at: s.occurred_at, text: s.preview ?? '', actor });
        break;
      }
      case 'conversation.read_by_agent':
        return false;
      default:
        l.push({ key: 'seq-' + ch.seq, type: 'event', at: s.occurred_at, text: '', actor, actorKind: s.actor?.kind, eventType: ch.event_type });
    }
    this.version++;
    return true;
  }
}

// The conversation timeline as the web inbox knows it: pages of the
// timeline API (GET /conversations/{id}/timeline, newest first, older pages
// on demand) merged with the live stream's entries and this agent's own
// sends, shown at once and reconciled when the stream confirms them. Where
// the timeline API is not served, the stream and the conversation's last
// message are all there is.
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
  /** Global position of the event; entries without one are still pending. */
  position?: number;
  /** What an event was about: the tag, the agent, the status... */
  detail?: string;
  /** Agent ids a note mentions. */
  mentions?: string[];
  /** A media message: its kind (image, document...) and, once known, where to show it from. */
  mediaKind?: string;
  media?: { url?: string; mimeType: string; filename?: string; size?: number };
}

/** An entry of the timeline API (TimelineEntry in api/openapi.yaml). */
export interface ApiEntry {
  id: string;
  kind: string;
  event_type: string;
  position: number;
  at: string;
  actor_kind: string;
  actor_id: string;
  direction?: 'inbound' | 'outbound';
  message_id?: string;
  message_type?: string;
  media_kind?: string;
  text?: string;
  delivery_status?: string;
  tag?: string;
  agent_id?: string;
  team_id?: string;
  status?: string;
  reason?: string;
  until?: string;
  name?: string;
  mentions?: string[];
}

function toDelivery(s?: string): Delivery {
  return s === 'delivered' || s === 'read' || s === 'failed' || s === 'sent' ? s : 'sent';
}

export function fromApi(e: ApiEntry): Entry {
  const base = { key: 'p' + e.position, at: e.at, actor: e.actor_id, actorKind: e.actor_kind, position: e.position };
  if (e.kind === 'message') {
    return { ...base, type: 'message', direction: e.direction ?? 'inbound', text: e.text || `[${e.media_kind || e.message_type || 'message'}]`,
      messageId: e.message_id, delivery: e.direction === 'outbound' ? toDelivery(e.delivery_status) : undefined, mediaKind: e.media_kind || undefined };
  }
  if (e.kind === 'note') return { ...base, type: 'note', text: e.text ?? '', mentions: e.mentions };
  const detail = e.tag ?? e.agent_id ?? e.team_id ?? e.status ?? e.name ?? (e.until ? new Date(e.until).toLocaleString() : '') ?? '';
  return { ...base, type: 'event', text: e.text ?? '', eventType: e.event_type, detail };
}

function order(a: Entry, b: Entry): number {
  if (a.position !== undefined && b.position !== undefined) return a.position - b.position;
  if (a.position === undefined && b.position === undefined) return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
  return a.position === undefined ? 1 : -1;
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

  /** Merges a page of the timeline API (any order) into what is known. */
  merge(convId: string, page: ApiEntry[]) {
    const l = this.list(convId);
    for (const e of page.map(fromApi)) {
      const same = l.find((x) => x.position === e.position)
        ?? (e.type === 'message' && e.messageId ? l.find((x) => x.messageId === e.messageId)
          : e.type === 'note' ? l.find((x) => x.type === 'note' && x.position === undefined && x.text === e.text) : undefined);
      if (same) {
        same.position = e.position;
        same.at = e.at;
        if (same.delivery === 'pending' || (e.delivery && same.delivery && rank[e.delivery] > rank[same.delivery])) same.delivery = e.delivery;
        if (same.type === 'note') same.delivery = undefined;
        same.mentions ??= e.mentions;
        same.mediaKind ??= e.mediaKind;
        continue;
      }
      l.push(e);
    }
    const seed = l.findIndex((x) => x.key.startsWith('last-'));
    if (seed >= 0 && page.length > 0) l.splice(seed, 1);
    this.seeded.add(convId);
    l.sort(order);
    this.version++;
  }

  /**
   * Applies a live change; returns whether the timeline changed. Only
   * timelines already held (opened) take live entries: the others start
   * from the timeline API when opened, so that a busy account or a
   * 10,000-message burst does not pile up in memory.
   */
  apply(ch: StreamChange): boolean {
    const l = ch.conversation_id ? this.byConv.get(ch.conversation_id) : undefined;
    if (!l || this.seen.has(ch.seq)) return false;
    this.seen.add(ch.seq);
    if (ch.event_type !== 'conversation.delivery_status_recorded' && l.some((e) => e.position === ch.position)) return false;
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
          mine.position = ch.position;
        } else {
          l.push({ key: 'seq-' + ch.seq, type: 'message', at: s.occurred_at, direction: outbound ? 'outbound' : 'inbound',
            text: s.preview ?? '', actor, messageId: s.message_id, delivery: outbound ? 'sent' : undefined, position: ch.position,
            mediaKind: s.preview ? undefined : 'attachment' }); // no text: media (its preview asks the server)
        }
        break;
      }
      case 'conversation.note_added': {
        const pending = l.find((e) => e.type === 'note' && e.delivery === 'pending' && e.text.startsWith((s.preview ?? '').replace(/…$/, '')));
        if (pending) {
          pending.delivery = undefined;
          pending.position = ch.position;
        } else l.push({ key: 'seq-' + ch.seq, type: 'note', at: s.occurred_at, text: s.preview ?? '', actor, position: ch.position });
        break;
      }
      case 'conversation.read_by_agent':
        return false;
      default:
        l.push({ key: 'seq-' + ch.seq, type: 'event', at: s.occurred_at, text: '', actor, actorKind: s.actor?.kind, eventType: ch.event_type, position: ch.position });
    }
    this.version++;
    return true;
  }
}

/** What the agent filters the timeline by: entry type, agent, a date range (yyyy-mm-dd, local days). */
export interface EntryFilter {
  type: '' | 'message' | 'note' | 'event';
  agent: string;
  from: string;
  to: string;
}

export const noFilter: EntryFilter = { type: '', agent: '', from: '', to: '' };

export function filtering(f: EntryFilter): boolean {
  return !!(f.type || f.agent || f.from || f.to);
}

/** Timeline API kinds of an entry type (TimelineEntry kinds in api/openapi.yaml). */
export const eventKinds = ['tag', 'assignment', 'status', 'session', 'snooze', 'bot', 'integration', 'transcription', 'summary', 'priority', 'reference'];

/** The timeline API's filter parameters for f (from inclusive, to exclusive, as instants). */
export function apiFilter(f: EntryFilter): { kinds: string[]; agent: string; from: string; to: string } {
  const day = (d: string, plus = 0) => {
    const [y, m, dd] = d.split('-').map(Number);
    return new Date(y, m - 1, dd + plus).toISOString();
  };
  return {
    kinds: f.type === 'event' ? eventKinds : f.type ? [f.type] : [],
    agent: f.agent,
    from: f.from ? day(f.from) : '',
    to: f.to ? day(f.to, 1) : '',
  };
}

/** Whether a known entry passes f (applied to live and already loaded entries). */
export function matches(e: Entry, f: EntryFilter): boolean {
  const a = apiFilter(f);
  if (f.type && e.type !== f.type) return false;
  if (f.agent && e.actor !== f.agent) return false;
  const at = Date.parse(e.at);
  if (a.from && at < Date.parse(a.from)) return false;
  if (a.to && at >= Date.parse(a.to)) return false;
  return true;
}

/** The filtered view: server pages merged with the known entries that pass f, by position. */
export function filtered(known: Entry[], pages: ApiEntry[], f: EntryFilter): Entry[] {
  const out = known.filter((e) => matches(e, f) && (e.type !== 'event' || e.position !== undefined));
  const have = new Set(out.map((e) => e.position));
  for (const e of pages.map(fromApi)) if (!have.has(e.position)) out.push(e);
  return out.sort(order);
}

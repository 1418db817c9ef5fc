// Who is viewing and typing, and the agent's own presence. Ephemeral: it
// comes from the live stream's presence events and expires by itself; if
// the server has no presence API, every call here fails quietly and the
// inbox works without it.
import { authHeaders } from './auth';

export interface Signal {
  conversation_id: string;
  kind: 'viewing' | 'typing' | 'recording';
  who: { kind: string; id: string };
  expires: string;
}

export interface PresenceChange {
  signal?: Signal;
  ended?: boolean;
  agent?: { agent_id: string; status: string };
}

function post(path: string, body: unknown): Promise<Response | void> {
  return fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...authHeaders('POST') }, body: JSON.stringify(body),
  }).catch(() => {});
}

export function signal(convId: string, kind: 'viewing' | 'typing', active: boolean, ttlSeconds: number) {
  return post(`/api/v1/conversations/${encodeURIComponent(convId)}/${kind}`, { active, ttl_seconds: ttlSeconds });
}

export function heartbeat(status: string) {
  return post('/api/v1/presence/heartbeat', { status });
}

export async function signalsOf(convId: string): Promise<Signal[]> {
  try {
    const r = await fetch(`/api/v1/conversations/${encodeURIComponent(convId)}/signals`, { headers: authHeaders('GET'), credentials: 'same-origin' });
    return r.ok ? ((await r.json()).data as Signal[]) : [];
  } catch {
    return [];
  }
}

/**
 * A repeated signal extends its expiry on the server without telling (only
 * starts and ends are sent), so a signal lives until its `ended` event; the
 * grace past `expires` only guards against a missed end.
 */
const GRACE_MS = 30000;

/** The live signals, per conversation. */
export class Signals {
  private byConv = new Map<string, Map<string, Signal>>();

  private key(s: Signal) {
    return `${s.kind}:${s.who.kind}:${s.who.id}`;
  }

  set(convId: string, list: Signal[]) {
    this.byConv.set(convId, new Map(list.map((s) => [this.key(s), s])));
  }

  apply(ch: PresenceChange) {
    const s = ch.signal;
    if (!s) return;
    let m = this.byConv.get(s.conversation_id);
    if (!m) this.byConv.set(s.conversation_id, (m = new Map()));
    if (ch.ended) m.delete(this.key(s));
    else m.set(this.key(s), s);
  }

  /** When the next live signal expires (ms since the epoch), if any does. */
  soonest(now = Date.now()): number | null {
    let min: number | null = null;
    for (const m of this.byConv.values()) {
      for (const [k, s] of m) {
        const t = Date.parse(s.expires) + GRACE_MS;
        if (t <= now) m.delete(k);
        else if (min === null || t < min) min = t;
      }
    }
    return min;
  }

  /** Others' live signals on a conversation. */
  of(convId: string, me: string, now = Date.now()): Signal[] {
    const m = this.byConv.get(convId);
    if (!m) return [];
    return [...m.values()].filter((s) => Date.parse(s.expires) + GRACE_MS > now && !(s.who.kind === 'agent' && s.who.id === me));
  }
}

/**
 * "Viewing" the open conversation, repeated every `every` ms. The server
 * reads a viewing signal as "this screen follows the live stream" (messages
 * arriving meanwhile count as seen), so it is sent only while the stream is
 * live: stopped when the stream drops, resumed when it is back.
 */
export class Viewing {
  private active: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private send: (convId: string, active: boolean) => unknown = (id, on) => signal(id, 'viewing', on, 30),
    private every = 20000,
  ) {}

  /** The open conversation (or none) and whether the live stream is live. */
  set(convId: string | null, live: boolean) {
    const want = live ? convId : null;
    if (want === this.active) return;
    if (this.active) {
      clearInterval(this.timer);
      this.send(this.active, false);
    }
    this.active = want;
    if (want) {
      this.send(want, true);
      this.timer = setInterval(() => this.send(want, true), this.every);
    }
  }
}

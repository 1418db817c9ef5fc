// The live stream (GET /api/v1/stream) over fetch, so that it carries the
// same credential as every other request (EventSource cannot send an
// Authorization header). Reconnects by itself with Last-Event-ID and backoff;
// `resync` (or a gap it cannot replay) tells the app to refetch its lists.
import { authHeaders } from './auth';
import { SSEParser } from './sse';
import type { StreamChange } from './types';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface StreamHandlers {
  change(c: StreamChange): void;
  /** Ephemeral events (presence.agent, presence.signal). */
  side?(name: string, data: unknown): void;
  resync(): void;
  state(s: StreamState): void;
}

export class LiveStream {
  private lastId: string | undefined;
  private abort: AbortController | null = null;
  private stopped = false;
  private retry = 1000;
  private failures = 0;
  private now = false;

  constructor(private h: StreamHandlers) {}

  start() {
    this.stopped = false;
    void this.loop();
  }

  stop() {
    this.stopped = true;
    this.abort?.abort();
  }

  /** Drops the connection now (tests and "reconnect" in the UI); it comes back by itself. */
  reconnect() {
    this.now = true;
    this.abort?.abort();
  }

  private async loop() {
    while (!this.stopped) {
      this.h.state(this.failures === 0 && !this.lastId ? 'connecting' : 'reconnecting');
      try {
        await this.once();
        this.failures = 0;
      } catch {
        this.failures++;
      }
      if (this.stopped) break;
      if (this.now) {
        this.now = false;
        this.failures = 0;
        continue;
      }
      if (this.failures > 2) this.h.state('offline');
      const backoff = Math.min(this.retry * 2 ** Math.min(this.failures, 4), 30000);
      await new Promise((r) => setTimeout(r, backoff * (0.75 + Math.random() * 0.5)));
    }
  }

  private async once() {
    this.abort = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeaders('GET') };
    if (this.lastId) headers['Last-Event-ID'] = this.lastId;
    const r = await fetch('/api/v1/stream', { headers, credentials: 'same-origin', signal: this.abort.signal, cache: 'no-store' });
    if (!r.ok || !r.body) throw new Error(`stream: ${r.status}`);
    const parser = new SSEParser();
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const ev of parser.push(value)) this.dispatch(ev.event, ev.data, ev.id);
      if (parser.retry) this.retry = parser.retry;
    }
  }

  private dispatch(event: string, data: string, id?: string) {
    switch (event) {
      case 'ready':
        if (id) this.lastId = id;
        this.failures = 0;
        this.h.state('live');
        return;
      case 'resync':
        if (id) this.lastId = id;
        this.h.resync();
        return;
      case 'disconnect':
        this.abort?.abort();
        return;
      case 'presence.agent':
      case 'presence.signal':
        try {
          this.h.side?.(event, JSON.parse(data));
        } catch {
          /* ignored: presence is best effort */
        }
        return;
      case 'conversation.updated':
      case 'timeline.entry':
      case 'contact.updated':
        if (id) this.lastId = id;
        try {
          this.h.change(JSON.parse(data) as StreamChange);
        } catch {
          /* a change we cannot read is skipped; the next resync repairs */
        }
    }
  }
}

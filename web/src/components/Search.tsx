import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api';
import { channelIcon, channelName, timeAgo } from '../format';
import { highlightParts, MIN_QUERY } from '../search';

interface Results { q: string; hits: api.SearchHit[]; next?: string }
interface Who { name: string; channel?: string }

const kindLabel: Record<string, string> = { note: 'Note', transcription: 'Transcription', summary: 'Summary', contact: 'Contact' };

/**
 * The inbox search: full-text over messages, notes, transcriptions,
 * summaries and contacts as one types ("/" focuses it). Results drop down
 * below the box, newest first, page by page; a click or Enter opens the
 * conversation (a contact opens their latest one).
 */
export function SearchBox({ now, onOpen }: { now: number; onOpen: (conversationId: string) => void }) {
  const [q, setQ] = useState('');
  const [res, setRes] = useState<Results | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [who, setWho] = useState<Record<string, Who>>({});
  const req = useRef(0);
  const timer = useRef<number>();
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  async function run(query: string, cursor?: string) {
    const n = ++req.current;
    setLoading(true);
    setError('');
    setOpen(true);
    try {
      const page = await api.search(query, 'prefix', cursor);
      if (n !== req.current) return;
      setRes((old) => ({ q: query, hits: cursor && old ? [...old.hits, ...page.data] : page.data, next: page.next_cursor }));
      resolve(page.data);
    } catch (e) {
      if (n !== req.current) return;
      const err = e as api.ApiError;
      setError(err.status === 503 ? 'Search is unavailable right now; the inbox keeps working. Try again in a moment.' : err.message);
      if (!cursor) setRes(null);
    } finally {
      if (n === req.current) setLoading(false);
    }
  }

  // Contact names of the hits' conversations (hits carry ids only), once each.
  const asked = useRef(new Set<string>());
  function resolve(hits: api.SearchHit[]) {
    for (const h of hits) {
      if (h.kind === 'contact' && h.contact_id) setWho((w) => ({ ...w, [h.id]: { name: h.text } }));
      const id = h.conversation_id;
      if (!id || asked.current.has(id)) continue;
      asked.current.add(id);
      api.getConversation(id)
        .then((c) => setWho((w) => ({ ...w, [id]: { name: c.contact.name || c.contact.handle || c.contact.id, channel: c.channel } })))
        .catch(() => asked.current.delete(id));
    }
  }

  function onInput(v: string) {
    setQ(v);
    clearTimeout(timer.current);
    const t = v.trim();
    if (t.length < MIN_QUERY) {
      req.current++;
      setRes(null);
      setError('');
      setLoading(false);
      setOpen(false);
      return;
    }
    timer.current = window.setTimeout(() => run(t), 250);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  function clear() {
    onInput('');
    input.current?.focus();
  }

  async function openHit(h: api.SearchHit) {
    try {
      let id = h.conversation_id;
      if (!id && h.contact_id) {
        const k = await api.getContact(h.contact_id);
        id = [...k.conversations].sort((a, b) => (a.last_activity_at < b.last_activity_at ? 1 : -1))[0]?.id;
        if (!id) throw new Error(`${k.display_name || 'This contact'} has no conversation yet.`);
      }
      if (!id) return;
      setOpen(false);
      onOpen(id);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  // Arrows move between the box and the hits; Escape closes. Handled here,
  // so that the list's own keys (j/k…) do not act behind the results.
  function onKey(e: KeyboardEvent) {
    const hits = [...(panel.current?.querySelectorAll<HTMLElement>('.hit') ?? [])];
    const i = hits.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => { e.preventDefault(); e.stopPropagation(); (to < 0 ? input.current : hits[Math.min(to, hits.length - 1)])?.focus(); };
    if (e.key === 'ArrowDown' && hits.length) move(i + 1);
    else if (e.key === 'ArrowUp' && (i >= 0 || e.target === input.current)) move(i - 1);
    else if (e.key === 'Escape') {
      e.stopPropagation();
      if (open) { setOpen(false); input.current?.focus(); } else if (q) clear(); else input.current?.blur();
    } else if (i >= 0 && e.key.length === 1 && e.key !== ' ') e.stopPropagation();
  }

  const t = q.trim();
  return (
    <div class="search" role="search" onKeyDown={onKey}>
      <form onSubmit={(e) => { e.preventDefault(); clearTimeout(timer.current); if (t.length >= MIN_QUERY) void run(t); else setError(`Type at least ${MIN_QUERY} characters.`); }}>
        <input ref={input} id="search-input" type="search" value={q} placeholder="Search messages and contacts  ( / )" aria-label="Search messages and contacts"
          aria-controls="search-results" aria-expanded={open} autocomplete="off" maxLength={256}
          onInput={(e) => onInput(e.currentTarget.value)} onFocus={() => { if (res || error) setOpen(true); }} />
        {q && <button type="button" class="link" onClick={clear} aria-label="Clear search">Clear</button>}
      </form>
      {open && (
        <div class="search-results" id="search-results" ref={panel} role="region" aria-label="Search results" aria-busy={loading}>
          <p class="search-head" role="status">
            {loading && !res ? 'Searching…' : res ? `${res.hits.length}${res.next ? '+' : ''} result${res.hits.length === 1 ? '' : 's'} for “${res.q}”` : ''}
            <button class="link" onClick={() => { setOpen(false); input.current?.focus(); }}>Close</button>
          </p>
          {error && <p class="error" role="alert">{error} {t.length >= MIN_QUERY && <button class="link" onClick={() => run(t)}>Try again</button>}</p>}
          {res && res.hits.length === 0 && !error && <p class="list-note">No matches for “{res.q}”.</p>}
          {res && res.hits.length > 0 && (
            <ul class="hits" aria-label="Matches">
              {res.hits.map((h) => <Hit key={h.kind + h.id} h={h} who={who[h.conversation_id ?? h.id]} now={now} onOpen={openHit} />)}
            </ul>
          )}
          {res?.next && <button class="more" disabled={loading} onClick={() => run(res.q, res.next)}>{loading ? 'Loading…' : 'More results'}</button>}
        </div>
      )}
    </div>
  );
}

function Hit({ h, who, now, onOpen }: { h: api.SearchHit; who?: Who; now: number; onOpen: (h: api.SearchHit) => void }) {
  const channel = h.channel || who?.channel || '';
  const name = who?.name ?? h.contact_id ?? h.conversation_id ?? '';
  return (
    <li>
      <button class="hit" data-testid="search-hit" data-conversation={h.conversation_id ?? ''} onClick={() => onOpen(h)}>
        <span class="row-top">
          {channel && <span class={'chan chan-' + channel} role="img" aria-label={channelName[channel] ?? channel}>{channelIcon[channel] ?? channel}</span>}
          <strong class="name">{name}</strong>
          {kindLabel[h.kind] && <span class="status">{kindLabel[h.kind]}</span>}
          <time class="time" dateTime={h.at} title={new Date(h.at).toLocaleString()}>{timeAgo(h.at, now)}</time>
        </span>
        <span class="snippet">{highlightParts(h.highlight || h.text).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}</span>
      </button>
    </li>
  );
}

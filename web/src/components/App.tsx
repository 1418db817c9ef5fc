import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as api from '../api';
import { logout, resume, type Me } from '../auth';
import { listTotal, upsert } from '../listmodel';
import { LiveStream, type StreamState } from '../stream';
import { Timelines } from '../timeline';
import { emptyFilters, type Conversation, type Filters, type StreamChange, type Tab, type TabCounts } from '../types';
import { BulkBar, type BulkProgress } from './BulkBar';
import { ContactSidebar } from './Contact';
import { ConversationList } from './ConversationList';
import { ConversationView } from './Conversation';
import { FilterBar, Tabs } from './Filters';
import { Login } from './Login';
import { SavedViews } from './SavedViews';
import { SearchBox } from './Search';
import { TopBar, type PresenceStatus } from './TopBar';
import { exportCSV } from '../csv';
import { runBulkCommand } from '../bulk';
import { heartbeat, signal, signalsOf, Signals, Viewing, type PresenceChange } from '../presence';
import { commandBody, optimisticEntry, type SendExtra, type SendKind, type Template } from '../send';

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    api.setOnUnauthorized(() => setMe(null));
    resume().then((m) => { setMe(m); setChecked(true); });
  }, []);
  if (!checked) return <p class="boot" role="status">Loading…</p>;
  if (!me) return <Login onLogin={setMe} />;
  return <Inbox me={me} onLogout={() => { void logout(); setMe(null); }} />;
}

interface Toast { id: number; text: string; error?: boolean }

function openFromHash(): string | null {
  const m = location.hash.match(/^#\/c\/(.+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

function Inbox({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const agent = me.actor.id;
  const [tab, setTab] = useState<Tab>('all');
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [items, setItems] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [counts, setCounts] = useState<TabCounts | null>(null);
  const [loading, setLoading] = useState(false);
  const [listError, setListError] = useState('');
  const [openId, setOpenId] = useState<string | null>(openFromHash());
  const [open, setOpen] = useState<Conversation | null>(null);
  const [active, setActiveState] = useState(-1);
  const activeRef = useRef(-1);
  const setActive = useCallback((i: number) => { activeRef.current = i; setActiveState(i); }, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [bulk, setBulk] = useState<BulkProgress | null>(null);
  const [stream, setStream] = useState<StreamState>('connecting');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [now, setNow] = useState(Date.now());
  const [, setTl] = useState(0);
  const [contactVersion, setContactVersion] = useState(0);
  const timelines = useRef(new Timelines()).current;
  const signals = useRef(new Signals()).current;
  const [sig, setSig] = useState(0);
  // Redraw when a signal expires, so that "typing…" does not linger.
  useEffect(() => {
    const t = signals.soonest();
    if (t === null) return;
    const h = setTimeout(() => setSig((x) => x + 1), Math.max(0, t - Date.now()) + 50);
    return () => clearTimeout(h);
  }, [sig]);
  const [status, setStatus] = useState<PresenceStatus>('online');
  const req = useRef(0);
  const view = useRef({ tab, filters, cursor, openId });
  view.current = { tab, filters, cursor, openId };

  const toast = useCallback((text: string, error = false) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, text, error }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), error ? 8000 : 3000);
  }, []);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15000);
    return () => clearInterval(t);
  }, []);

  // The list: the first page on every tab or filter change, then more on scroll.
  const load = useCallback(async (reset: boolean, minPosition?: number) => {
    const n = ++req.current;
    const { tab, filters, cursor } = view.current;
    setLoading(true);
    setListError('');
    try {
      const page = await api.listConversations(tab, filters, reset ? undefined : cursor, minPosition);
      if (n !== req.current) return;
      setItems((old) => (reset ? page.data : [...old, ...page.data.filter((c) => !old.some((o) => o.id === c.id))]));
      setCursor(page.meta.next_cursor);
      setCounts(page.meta.counts);
    } catch (e) {
      if (n === req.current) setListError((e as Error).message);
    } finally {
      if (n === req.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setActive(-1);
    setSelected(new Set());
    setAllMatching(false);
    void load(true);
  }, [tab, filters]);

  // The open conversation follows the URL (#/c/<id>), so a reload keeps it.
  useEffect(() => {
    const onHash = () => setOpenId(openFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const openConversation = useCallback((id: string | null) => {
    location.hash = id ? '#/c/' + encodeURIComponent(id) : '';
    setOpenId(id);
  }, []);
  useEffect(() => {
    if (!openId) { setOpen(null); return; }
    const known = items.find((c) => c.id === openId);
    if (known) setOpen(known);
    api.getConversation(openId).then((c) => { setOpen(c); markRead(c); }).catch((e) => toast((e as Error).message, true));
  }, [openId]);

  // Presence: heartbeats with the chosen status; "viewing" while a conversation is open.
  useEffect(() => {
    void heartbeat(status);
    const t = setInterval(() => heartbeat(status), 25000);
    return () => clearInterval(t);
  }, [status]);
  useEffect(() => {
    if (!openId) return;
    const id = openId;
    signalsOf(id).then((l) => { signals.set(id, l); setSig((x) => x + 1); });
  }, [openId]);
  // "Viewing" is sent only while the live stream is live (see Viewing).
  const viewing = useRef(new Viewing()).current;
  useEffect(() => viewing.set(openId, stream === 'live'), [openId, stream]);
  useEffect(() => () => viewing.set(null, false), []);
  const lastTyping = useRef(0);
  const typing = useCallback(() => {
    const id = view.current.openId;
    if (!id || Date.now() - lastTyping.current < 3000) return;
    lastTyping.current = Date.now();
    void signal(id, 'typing', true, 6);
  }, []);

  // The timeline API, while the server has it: the newest page on opening,
  // older pages on demand. Without it the view lives on the stream alone.
  const [history, setHistory] = useState<{ id: string; cursor?: string; served: boolean; loading: boolean }>({ id: '', served: true, loading: false });
  const timelineServed = useRef(true);
  const loadTimeline = useCallback(async (id: string, cursor?: string) => {
    if (!timelineServed.current) return;
    setHistory((h) => ({ ...h, id, loading: true }));
    try {
      const page = await api.getTimeline(id, cursor);
      timelines.merge(id, page.data);
      setTl(timelines.version);
      setHistory({ id, cursor: page.next_cursor, served: true, loading: false });
    } catch (e) {
      const err = e as api.ApiError;
      if (err.status === 404 && err.code === 'route_not_found') timelineServed.current = false;
      else if (err.status !== 404) toast(err.message, true);
      setHistory({ id, served: timelineServed.current, loading: false });
    }
  }, []);
  useEffect(() => {
    if (openId) void loadTimeline(openId);
  }, [openId]);

  function markRead(c: Conversation) {
    if (c.unread <= 0) return;
    const last = [...timelines.entries(c)].reverse().find((e) => e.direction === 'inbound' && e.messageId);
    if (last) api.command(c.id, 'POST', 'read', { up_to_message_id: last.messageId }).catch(() => {});
  }

  // A changed row: in the list (moved, added or dropped) and in the open view.
  const applyRow = useCallback((row: Conversation) => {
    const v = view.current;
    setItems((list) => upsert(list, row, v.tab, v.filters, agent, !!v.cursor));
    if (v.openId === row.id) setOpen((o) => (!o || o.revision <= row.revision ? row : o));
  }, []);

  const countsTimer = useRef<number>();
  const refreshCounts = useCallback(() => {
    clearTimeout(countsTimer.current);
    countsTimer.current = window.setTimeout(async () => {
      const v = view.current;
      try {
        setCounts((await api.listConversations(v.tab, { ...v.filters }, undefined)).meta.counts);
      } catch { /* the next change retries */ }
    }, 400);
  }, []);

  // The live stream.
  useEffect(() => {
    const s = new LiveStream({
      state: setStream,
      resync: () => {
        void load(true);
        const id = view.current.openId;
        if (id) api.getConversation(id).then(applyRow).catch(() => {});
        if (id) signalsOf(id).then((l) => { signals.set(id, l); setSig((x) => x + 1); });
        if (id) void loadTimeline(id);
      },
      side: (name, data) => {
        if (name === 'presence.signal') {
          signals.apply(data as PresenceChange);
          setSig((x) => x + 1);
        }
      },
      change: (ch: StreamChange) => {
        if (timelines.apply(ch)) setTl(timelines.version);
        if (ch.kind === 'contact.updated') { setContactVersion((x) => x + 1); return; }
        if (!ch.conversation_id) return;
        if (ch.row) applyRow(ch.row);
        else api.getConversation(ch.conversation_id, ch.position).then(applyRow).catch(() => {});
        refreshCounts();
      },
    });
    s.start();
    (window as unknown as { parleyStream: LiveStream }).parleyStream = s;
    return () => s.stop();
  }, []);

  // Commands on the open conversation, read back at their position.
  const act = useCallback(async (label: string, method: 'POST' | 'DELETE', action: string, body?: unknown) => {
    const id = view.current.openId;
    if (!id) return false;
    try {
      const res = await api.command(id, method, action, body);
      toast(label);
      applyRow(await api.getConversation(id, res.position));
      refreshCounts();
      return true;
    } catch (e) {
      toast((e as Error).message, true);
      return false;
    }
  }, []);

  const send = useCallback(async (kind: SendKind, text: string, template?: Template, extra?: SendExtra) => {
    const id = view.current.openId;
    if (!id) return;
    const key = api.newId(kind === 'note' ? 'n' : 'm');
    timelines.optimistic(id, optimisticEntry(kind, key, text, agent, extra));
    setTl(timelines.version);
    try {
      const res = await api.command(id, 'POST', kind === 'note' ? 'notes' : 'messages', commandBody(kind, key, text, template, extra), key);
      applyRow(await api.getConversation(id, res.position));
    } catch (e) {
      timelines.fail(id, key, (e as Error).message);
      setTl(timelines.version);
      toast((e as Error).message, true);
    }
  }, []);

  const total = useMemo(() => listTotal(counts, tab, filters, items.length, !!cursor), [counts, tab, filters, items.length, cursor]);

  // Bulk actions: the selected ids, or every conversation matching the
  // filters (paged by the server, 500 per call).
  const runBulk = useCallback(async (cmd: api.BulkCommand) => {
    if (allMatching && !confirm(`Apply "${cmd.type}" to all ${total ?? ''} conversations matching the filters?`)) return;
    let progress: BulkProgress = { done: 0, failed: 0, total: null, running: true };
    let position = 0;
    try {
      const target = allMatching ? { filter: api.listFilter(view.current.tab, view.current.filters) } : { ids: [...selected] };
      ({ progress, position } = await runBulkCommand(cmd, target, (p) => { progress = p; setBulk(p); }));
      toast(`Bulk: ${progress.done} updated${progress.failed ? `, ${progress.failed} failed` : ''}`, progress.failed > 0);
    } catch (e) {
      progress.message = (e as Error).message;
      toast((e as Error).message, true);
    }
    progress.running = false;
    setBulk({ ...progress });
    setSelected(new Set());
    setAllMatching(false);
    void load(true, position || undefined);
  }, [allMatching, selected, total]);


  // Keyboard: j/k (or arrows) move, Enter/o open, x selects, Esc closes, / searches, r replies.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) {
        if (e.key === 'Escape') t.blur();
        return;
      }
      const focusRow = (i: number) => {
        activeRef.current = i;
        setActive(i);
        const el = () => document.querySelector<HTMLElement>(`[data-index="${i}"] .row-main`);
        if (el()) el()!.focus();
        else requestAnimationFrame(() => el()?.focus());
      };
      const active = activeRef.current;
      switch (e.key) {
        case 'j': case 'ArrowDown': e.preventDefault(); focusRow(Math.min(items.length - 1, active + 1)); break;
        case 'k': case 'ArrowUp': e.preventDefault(); focusRow(Math.max(0, active - 1)); break;
        case 'o': if (items[active]) openConversation(items[active].id); break;
        case 'x': if (items[active]) toggle(items[active].id); break;
        case 'Escape': if (openId) { openConversation(null); focusRow(Math.max(0, active)); } else { setSelected(new Set()); setAllMatching(false); } break;
        case '/': e.preventDefault(); document.getElementById('search-input')?.focus(); break;
        case 'r': if (openId) { e.preventDefault(); document.querySelector<HTMLElement>('.composer textarea')?.focus(); } break;
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [items, active, openId]);

  function toggle(id: string) {
    setAllMatching(false);
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id); else n.add(id);
      return n;
    });
  }

  const entries = open ? timelines.entries(open) : [];
  const selecting = allMatching || selected.size > 0;

  return (
    <div class={'shell' + (openId ? ' has-open' : '')}>
      <a href="#conversation-list" class="skip">Skip to the conversation list</a>
      <TopBar me={me} stream={stream} status={status} onStatus={setStatus} onLogout={onLogout} />
      <section class="inbox" aria-label="Inbox">
        <SearchBox now={now} onOpen={openConversation} />
        <SavedViews tab={tab} filters={filters} onApply={(t, f) => { setTab(t); setFilters(f); }} />
        <Tabs tab={tab} counts={counts} status={filters.status} onTab={setTab} />
        <FilterBar f={filters} onChange={setFilters} />
        <div class="list-head">
          <label class="check">
            <input type="checkbox" aria-label="Select all loaded conversations" checked={items.length > 0 && (allMatching || items.every((c) => selected.has(c.id)))}
              onChange={(e) => { setAllMatching(false); setSelected(e.currentTarget.checked ? new Set(items.map((c) => c.id)) : new Set()); }} />
            <span class="muted" data-testid="list-total">{total ?? (counts ? `${items.length}+` : '…')} conversations</span>
          </label>
          <button class="link" onClick={() => load(true)}>Refresh</button>
        </div>
        {selecting && (
          <BulkBar count={selected.size} total={total} allMatching={allMatching} progress={bulk}
            onAllMatching={() => setAllMatching(true)} onClear={() => { setSelected(new Set()); setAllMatching(false); setBulk(null); }}
            onRun={runBulk} onExport={() => exportCSV(allMatching ? null : items.filter((c) => selected.has(c.id)), tab, filters).catch((e) => toast((e as Error).message, true))} />
        )}
        {!selecting && bulk && !bulk.running && <p role="status" class="bulk-progress" data-testid="bulk-progress">Done: {bulk.done} updated{bulk.failed ? `, ${bulk.failed} failed` : ''}</p>}
        {listError && <p class="error" role="alert">{listError} <button class="link" onClick={() => load(true)}>Try again</button></p>}
        <ConversationList items={items} openId={openId} activeIndex={active} selected={selected} allMatching={allMatching}
          loading={loading} hasMore={!!cursor && !listError} now={now} viewers={(id) => signals.of(id, agent).filter((x) => x.kind === 'viewing').map((x) => x.who.id)} onOpen={(c) => openConversation(c.id)} onActive={setActive}
          onToggle={toggle} onMore={() => load(false)} />
      </section>
      <main class="pane" id="main">
        {open ? (
          <ConversationView c={open} entries={entries} me={agent} now={now} act={act} onSend={send} onClose={() => openConversation(null)}
            others={signals.of(open.id, agent)} onTyping={typing} fromStreamOnly={!history.served}
            older={history.id === open.id && history.cursor && !history.loading ? () => loadTimeline(open.id, history.cursor) : null} />
        ) : (
          <div class="empty"><p>Select a conversation.</p><p class="muted">Keys: / searches · j/k move · Enter opens · x selects · r replies · Esc goes back</p></div>
        )}
      </main>
      {open && <ContactSidebar c={open} onOpen={openConversation} version={contactVersion} />}
      <div class="toasts" aria-live="polite">
        {toasts.map((t) => <p key={t.id} class={'toast' + (t.error ? ' error' : '')} role={t.error ? 'alert' : 'status'}>{t.text}</p>)}
      </div>
    </div>
  );
}

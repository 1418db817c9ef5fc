import { useEffect, useRef, useState } from 'preact/hooks';
import { channelIcon, channelName, clock, describeEvent, displayName, span } from '../format';
import { loadAgents } from '../directory';
import { splitMentions, type Agent } from '../mentions';
import { type Entry, type EntryFilter, noFilter } from '../timeline';
import type { Conversation as C } from '../types';
import { Composer, type OnSend } from './Composer';
import { useEntryWindow } from './EntryWindow';
import { MediaPreview } from './MediaPreview';
import { TimelineFilterBar, useFilteredTimeline } from './TimelineFilters';
import type { Signal } from '../presence';

export type Act = (label: string, method: 'POST' | 'DELETE', action: string, body?: unknown) => Promise<boolean>;

/** One conversation: its header and actions, the timeline and the composer. */
export function ConversationView({ c, entries, me, now, act, onSend, onClose, others, onTyping, older, fromStreamOnly }: {
  c: C; entries: Entry[]; me: string; now: number; act: Act; others: Signal[]; onTyping: () => void;
  older: (() => void) | null; fromStreamOnly: boolean;
  onSend: OnSend;
  onClose: () => void;
}) {
  const [filter, setFilter] = useState<EntryFilter>(noFilter);
  const [agents, setAgents] = useState<Agent[]>([]);
  useEffect(() => { loadAgents().then(setAgents).catch(() => {}); }, []);
  useEffect(() => setFilter(noFilter), [c.id]);
  const narrowed = useFilteredTimeline(c.id, entries, filter);
  const shown = narrowed?.entries ?? entries;
  const earlier = narrowed ? narrowed.older : older;
  const timeline = useRef<HTMLOListElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [c.id]);
  // Long histories: only a window of entries is in the DOM (see EntryWindow).
  const win = useEntryWindow(shown, earlier, `${c.id}|${filter.type}|${filter.agent}|${filter.from}|${filter.to}`, timeline);
  return (
    <section class="conversation" aria-labelledby="conv-title">
      <header class="conv-head">
        <button class="back" onClick={onClose} aria-label="Back to the list">←</button>
        <div class="who">
          <h2 id="conv-title" tabIndex={-1} ref={heading}>
            <span class={'chan chan-' + c.channel} role="img" aria-label={channelName[c.channel]}>{channelIcon[c.channel]}</span> {displayName(c)}
          </h2>
          <p class="muted">
            <span data-testid="conv-status" class={'status status-' + c.status}>{c.status}</span>
            {' · '}{c.assignee_id ? <span data-testid="conv-assignee">@{c.assignee_id}{c.accepted ? ' ✓' : ''}</span> : <span data-testid="conv-assignee">Unassigned</span>}
            {c.team_id && <> · team {c.team_id}</>}
            {' · '}{c.inbox_id}
          </p>
        </div>
        <Actions c={c} me={me} act={act} />
      </header>
      <div class="tagline" aria-label="Tags">
        {c.tags.map((t) => (
          <span class="tag" key={t} data-testid="conv-tag">
            {t}
            <button class="x" aria-label={`Remove tag ${t}`} onClick={() => act(`Removed ${t}`, 'DELETE', 'tags/' + encodeURIComponent(t))}>×</button>
          </span>
        ))}
        <TagAdder onAdd={(t) => act(`Tagged ${t}`, 'POST', 'tags', { tag: t })} />
      </div>
      <TimelineFilterBar f={filter} agents={agents} onChange={setFilter} />
      <ol class="timeline" ref={timeline} aria-label="Timeline" aria-live="polite" onScroll={win.onScroll}
        aria-busy={narrowed?.loading || undefined} data-loaded={shown.length}>
        {fromStreamOnly && !narrowed && <li class="tl-note muted">The latest message and everything since you opened it.</li>}
        {win.hasEarlier && <li class="tl-note"><button class="link" onClick={win.up}>{win.span.start > 0 ? 'Show earlier entries' : 'Load earlier entries'}</button></li>}
        {narrowed?.error && <li class="error" role="alert">{narrowed.error}</li>}
        {narrowed && !narrowed.loading && !shown.length && <li class="tl-note muted" data-testid="tl-empty">No entries match the filters.</li>}
        {win.entries.map((e) => <TimelineEntry key={e.key} e={e} convId={c.id} />)}
        {win.span.end < shown.length && (
          <li class="tl-note">
            <button class="link" onClick={win.down}>Show newer entries</button> · <button class="link" onClick={win.newest}>Jump to the newest ({shown.length - win.span.end} more)</button>
          </li>
        )}
      </ol>
      <Collaborators others={others} />
      <WindowBanner c={c} now={now} />
      <Composer c={c} now={now} me={me} onSend={onSend} onTyping={onTyping} />
    </section>
  );
}

const ticks: Record<string, { t: string; label: string }> = {
  pending: { t: '…', label: 'sending' }, sent: { t: '✓', label: 'sent' }, delivered: { t: '✓✓', label: 'delivered' },
  read: { t: '✓✓', label: 'read' }, failed: { t: '!', label: 'failed' },
};

function TimelineEntry({ e, convId }: { e: Entry; convId: string }) {
  if (e.type === 'event') {
    return <li class="tl-event" data-key={e.key} data-testid="tl-event">{describeEvent(e.eventType ?? '', { kind: e.actorKind ?? '', id: e.actor })}{e.detail ? `: ${e.detail}` : ''} · {clock(e.at)}</li>;
  }
  const cls = e.type === 'note' ? 'tl-bubble note' : 'tl-bubble ' + (e.direction ?? 'inbound');
  const tick = e.delivery ? ticks[e.delivery] : null;
  return (
    <li class={cls} data-key={e.key} data-testid={e.type === 'note' ? 'tl-note' : 'tl-message'}>
      {e.type === 'note' && <span class="note-label">Internal note{e.actor ? ' · ' + e.actor : ''}</span>}
      {(e.mediaKind || e.media) && <MediaPreview convId={convId} e={e} />}
      {caption(e) && <p>{splitMentions(caption(e), e.mentions ?? []).map((p, i) => (p.mention ? <mark key={i} class="mention" data-testid="mention">{p.text}</mark> : p.text))}</p>}
      <span class="meta">
        {clock(e.at)}
        {tick && e.type === 'message' && <span class={'tick tick-' + e.delivery} role="img" aria-label={tick.label} title={tick.label}>{tick.t}</span>}
        {e.type === 'note' && e.delivery === 'pending' && <span class="tick" data-pending="true">saving…</span>}
      </span>
      {e.error && <span class="error" role="alert">{e.error}</span>}
    </li>
  );
}

/** The text of an entry, without the "[image]" or file name standing in for its media. */
function caption(e: Entry): string {
  if (e.mediaKind && (e.text === `[${e.mediaKind}]` || (e.media?.filename && e.text === e.media.filename))) return '';
  return e.text;
}

function WindowBanner({ c, now }: { c: C; now: number }) {
  if (c.channel !== 'whatsapp') return null;
  const left = c.window_closes_at ? Date.parse(c.window_closes_at) - now : 0;
  return left > 0 ? (
    <p class="window open" data-testid="wa-window">WhatsApp window open: {span(left)} left to reply freely.</p>
  ) : (
    <p class="window closed" data-testid="wa-window">The WhatsApp 24-hour window is closed: only templates can be sent.</p>
  );
}

function TagAdder({ onAdd }: { onAdd: (t: string) => void }) {
  const [v, setV] = useState('');
  return (
    <form class="tag-add" onSubmit={(e) => { e.preventDefault(); if (v.trim()) { onAdd(v.trim()); setV(''); } }}>
      <input name="new-tag" aria-label="Add a tag" placeholder="+ tag" value={v} onInput={(e) => setV(e.currentTarget.value)} />
    </form>
  );
}

function Actions({ c, me, act }: { c: C; me: string; act: Act }) {
  const [agent, setAgent] = useState('');
  const snoozeUntil = (h: number) => new Date(Date.now() + h * 3600e3).toISOString();
  return (
    <div class="actions" role="toolbar" aria-label="Conversation actions">
      {c.assignee_id !== me || !c.accepted ? <button onClick={() => act('Accepted', 'POST', 'accept')}>Accept</button> : null}
      <form class="assign" onSubmit={(e) => { e.preventDefault(); if (agent.trim()) act(`Assigned to ${agent.trim()}`, 'POST', 'assign', { agent_id: agent.trim(), reason: 'manual' }).then((ok) => ok && setAgent('')); }}>
        <input name="assign-agent" aria-label="Assign to agent" placeholder="agent id" value={agent} onInput={(e) => setAgent(e.currentTarget.value)} />
        <button type="submit">Assign</button>
      </form>
      <select aria-label="Priority" name="priority" value={c.priority} onChange={(e) => act('Priority set', 'POST', 'priority', { priority: e.currentTarget.value })}>
        <option value="none">No priority</option><option value="low">Low</option><option value="medium">Medium</option><option value="high">High</option><option value="urgent">Urgent</option>
      </select>
      {c.status !== 'closed' && c.status !== 'snoozed' && (
        <select aria-label="Snooze" name="snooze" value="" onChange={(e) => { const h = Number(e.currentTarget.value); if (h) act('Snoozed', 'POST', 'snooze', { until: snoozeUntil(h) }); }}>
          <option value="">Snooze…</option><option value="1">1 hour</option><option value="4">4 hours</option><option value="24">Tomorrow</option>
        </select>
      )}
      {c.status === 'closed' || c.status === 'snoozed'
        ? <button onClick={() => act('Reopened', 'POST', 'reopen')}>Reopen</button>
        : <button class="primary" onClick={() => act('Closed', 'POST', 'close', { reason: 'resolved' })}>Close</button>}
    </div>
  );
}

/** Who else is here: viewing, typing or recording (not the agent themself). */
function Collaborators({ others }: { others: Signal[] }) {
  const names = (k: string) => others.filter((s) => s.kind === k).map((s) => (s.who.kind === 'contact' ? 'The customer' : s.who.id));
  const typing = names('typing'), viewing = names('viewing').filter((n) => !typing.includes(n));
  if (!typing.length && !viewing.length) return null;
  return (
    <p class="collab" role="status" data-testid="collaborators">
      {typing.length > 0 && <span>{typing.join(', ')} {typing.length > 1 ? 'are' : 'is'} typing…</span>}
      {typing.length > 0 && viewing.length > 0 && ' · '}
      {viewing.length > 0 && <span>{viewing.join(', ')} {viewing.length > 1 ? 'are' : 'is'} viewing</span>}
    </p>
  );
}

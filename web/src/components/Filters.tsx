import { useEffect, useState } from 'preact/hooks';
import type { Filters as F, TabCounts, Tab } from '../types';

/**
 * A text filter: typing stays local (live updates re-render the page) and
 * applies on Enter or when the field loses focus.
 */
function TextFilter({ name, label, value, onCommit }: { name: string; label: string; value: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label>{label}
      <input name={name} value={draft} placeholder="any" onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={(e) => onCommit(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') onCommit(e.currentTarget.value); }} />
    </label>
  );
}

const tabs: { id: Tab; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
];

export function tabCount(counts: TabCounts | null, tab: Tab, status: F['status']): number | null {
  if (!counts) return null;
  const c = counts[tab];
  if (!c) return null;
  return status ? c[status] : c.open + c.pending + c.snoozed + c.closed;
}

export function Tabs({ tab, counts, status, onTab }: { tab: Tab; counts: TabCounts | null; status: F['status']; onTab: (t: Tab) => void }) {
  return (
    <div role="tablist" aria-label="Conversations" class="tabs">
      {tabs.map((t) => {
        const n = tabCount(counts, t.id, status);
        return (
          <button key={t.id} role="tab" id={'tab-' + t.id} aria-selected={tab === t.id} aria-controls="conversation-list" onClick={() => onTab(t.id)}>
            {t.label} {n !== null && <span class="count" data-testid={'count-' + t.id}>{n}</span>}
          </button>
        );
      })}
    </div>
  );
}

export function FilterBar({ f, onChange }: { f: F; onChange: (f: F) => void }) {
  const set = <K extends keyof F>(k: K, v: F[K]) => onChange({ ...f, [k]: v });
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>Status
        <select name="status" value={f.status} onChange={(e) => set('status', e.currentTarget.value as F['status'])}>
          <option value="">Any</option><option value="open">Open</option><option value="pending">Pending</option>
          <option value="snoozed">Snoozed</option><option value="closed">Closed</option>
        </select>
      </label>
      <label>Channel
        <select name="channel" value={f.channel} onChange={(e) => set('channel', e.currentTarget.value as F['channel'])}>
          <option value="">Any</option><option value="whatsapp">WhatsApp</option><option value="instagram">Instagram</option>
          <option value="messenger">Messenger</option><option value="telegram">Telegram</option><option value="sms">SMS</option><option value="email">E-mail</option>
        </select>
      </label>
      <label>Priority
        <select name="priority" value={f.priority} onChange={(e) => set('priority', e.currentTarget.value as F['priority'])}>
          <option value="">Any</option><option value="urgent">Urgent</option><option value="high">High</option>
          <option value="medium">Medium</option><option value="low">Low</option><option value="none">None</option>
        </select>
      </label>
      <label>Sort
        <select name="sort" value={f.sort} onChange={(e) => set('sort', e.currentTarget.value as F['sort'])}>
          <option value="last_activity">Latest activity</option><option value="created">Newest</option>
          <option value="waiting_since">Longest waiting</option><option value="priority">Priority</option>
        </select>
      </label>
      <TextFilter name="tag" label="Tag" value={f.tag} onCommit={(v) => v !== f.tag && set('tag', v)} />
      <TextFilter name="inbox" label="Inbox" value={f.inbox} onCommit={(v) => v !== f.inbox && set('inbox', v)} />
      <TextFilter name="team" label="Team" value={f.team} onCommit={(v) => v !== f.team && set('team', v)} />
      <label class="check"><input type="checkbox" name="unread" checked={f.unread} onChange={(e) => set('unread', e.currentTarget.checked)} />Unread</label>
      <label class="check"><input type="checkbox" name="waiting" checked={f.waiting} onChange={(e) => set('waiting', e.currentTarget.checked)} />Waiting</label>
    </form>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { channelIcon, channelName, displayName, span, timeAgo } from '../format';
import type { Conversation } from '../types';

export const ROW_HEIGHT = 84;
const OVERSCAN = 6;

interface Props {
  items: Conversation[];
  openId: string | null;
  activeIndex: number;
  selected: Set<string>;
  allMatching: boolean;
  loading: boolean;
  hasMore: boolean;
  now: number;
  viewers: (id: string) => string[];
  onOpen: (c: Conversation) => void;
  onActive: (i: number) => void;
  onToggle: (id: string) => void;
  onMore: () => void;
}

/**
 * The conversation list: only the rows in view (plus a few) are in the DOM,
 * so thousands of loaded rows scroll smoothly; nearing the end loads the
 * next keyset page.
 */
export function ConversationList(p: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (p.hasMore && !p.loading && (scroll + height) / ROW_HEIGHT > p.items.length - 10) p.onMore();
  }, [scroll, height, p.items.length, p.hasMore, p.loading]);

  // Keep the active row in view and focused (keyboard navigation).
  useEffect(() => {
    const el = box.current;
    if (!el || p.activeIndex < 0) return;
    const top = p.activeIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    requestAnimationFrame(() => {
      const btn = el.querySelector<HTMLElement>(`[data-index="${p.activeIndex}"] .row-main`);
      if (btn && el.contains(document.activeElement)) btn.focus({ preventScroll: true });
    });
  }, [p.activeIndex]);

  const first = Math.max(0, Math.floor(scroll / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(p.items.length, Math.ceil((scroll + height) / ROW_HEIGHT) + OVERSCAN);

  return (
    <div class="list-scroll" ref={box} onScroll={(e) => setScroll(e.currentTarget.scrollTop)} id="conversation-list" aria-busy={p.loading}>
      <ul role="list" aria-label="Conversations" style={{ height: p.items.length * ROW_HEIGHT + 'px' }} class="list">
        {p.items.slice(first, last).map((c, k) => {
          const i = first + k;
          return (
            <Row key={c.id} c={c} i={i} total={p.items.length} open={c.id === p.openId} active={i === p.activeIndex}
              checked={p.allMatching || p.selected.has(c.id)} now={p.now} viewers={p.viewers(c.id)} onOpen={p.onOpen} onActive={p.onActive} onToggle={p.onToggle} />
          );
        })}
      </ul>
      {p.loading && <p class="list-note" role="status">Loading…</p>}
      {!p.loading && p.items.length === 0 && <p class="list-note">No conversations match.</p>}
    </div>
  );
}

function Row({ c, i, total, open, active, checked, now, viewers, onOpen, onActive, onToggle }: {
  c: Conversation; i: number; total: number; open: boolean; active: boolean; checked: boolean; now: number; viewers: string[];
  onOpen: (c: Conversation) => void; onActive: (i: number) => void; onToggle: (id: string) => void;
}) {
  const waiting = c.waiting_since ? now - Date.parse(c.waiting_since) : 0;
  const sla = waiting > 4 * 3600e3 ? 'late' : waiting > 3600e3 ? 'warn' : '';
  return (
    <li class={'row' + (open ? ' open' : '') + (active ? ' active' : '') + (c.unread > 0 ? ' unread' : '')}
      style={{ top: i * ROW_HEIGHT + 'px' }} data-index={i} data-id={c.id} aria-setsize={total} aria-posinset={i + 1}>
      <input type="checkbox" class="row-check" checked={checked} aria-label={`Select ${displayName(c)}`} onChange={() => onToggle(c.id)} />
      <button class="row-main" aria-current={open ? 'true' : undefined} tabIndex={active || (i === 0 && !active) ? 0 : -1}
        onClick={() => { onActive(i); onOpen(c); }} onFocus={() => onActive(i)}>
        <span class="row-top">
          <span class={'chan chan-' + c.channel} role="img" aria-label={channelName[c.channel]}>{channelIcon[c.channel]}</span>
          <strong class="name">{displayName(c)}</strong>
          {c.priority !== 'none' && <span class={'prio prio-' + c.priority}>{c.priority}</span>}
          <span class="time" title={new Date(c.last_activity_at).toLocaleString()}>{timeAgo(c.last_activity_at, now)}</span>
        </span>
        <span class="preview">{c.last_message ? (c.last_message.direction === 'outbound' ? 'You: ' : '') + c.last_message.preview : c.subject ?? ''}</span>
        <span class="row-bottom">
          {c.unread > 0 && <span class="badge" aria-label={`${c.unread} unread`}>{c.unread}</span>}
          {c.waiting_since && <span class={'wait ' + sla} title="Waiting for a reply">waiting {span(waiting)}</span>}
          <span class="assignee">{c.assignee_id ? '@' + c.assignee_id : 'Unassigned'}</span>
          {c.status !== 'open' && <span class={'status status-' + c.status}>{c.status}</span>}
          {viewers.length > 0 && <span class="viewers" title="Viewing now">viewing: {viewers.join(', ')}</span>}
          {c.tags.slice(0, 3).map((t) => <span class="tag" key={t}>{t}</span>)}
          {c.tags.length > 3 && <span class="tag">+{c.tags.length - 3}</span>}
        </span>
      </button>
    </li>
  );
}

// Keeps the loaded conversation list in step with live changes: a changed
// row is updated in place, moved, added or dropped according to the tab,
// the filters and the sort, without refetching the page.
import type { Conversation, Filters, StatusCounts, Tab, TabCounts } from './types';

const prio = { none: 0, low: 1, medium: 2, high: 3, urgent: 4 } as const;

export function matches(c: Conversation, tab: Tab, f: Filters, me: string): boolean {
  if (tab === 'mine' && c.assignee_id !== me) return false;
  if (tab === 'unassigned' && c.assignee_id) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.inbox.trim() && c.inbox_id !== f.inbox.trim()) return false;
  if (f.team.trim() && c.team_id !== f.team.trim()) return false;
  if (f.tag.trim() && !c.tags.some((t) => t.toLowerCase() === f.tag.trim().toLowerCase())) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.unread && !(c.unread > 0)) return false;
  if ((f.waiting || f.sort === 'waiting_since') && !c.waiting_since) return false;
  return true;
}

function before(a: Conversation, b: Conversation, sort: Filters['sort']): boolean {
  switch (sort) {
    case 'created':
      return a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);
    case 'waiting_since':
      return (a.waiting_since ?? '') < (b.waiting_since ?? '');
    case 'priority':
      return prio[a.priority] > prio[b.priority] || (prio[a.priority] === prio[b.priority] && a.last_activity_at > b.last_activity_at);
    default:
      return a.last_activity_at > b.last_activity_at || (a.last_activity_at === b.last_activity_at && a.id > b.id);
  }
}

/**
 * Applies a changed row to the list. A row that no longer matches leaves;
 * one that matches takes its place in sort order, unless it would land
 * after the last loaded row while more pages exist (it will come with them).
 */
export function upsert(list: Conversation[], row: Conversation, tab: Tab, f: Filters, me: string, more: boolean): Conversation[] {
  const i = list.findIndex((c) => c.id === row.id);
  if (i >= 0 && list[i].revision > row.revision) return list;
  const rest = i >= 0 ? [...list.slice(0, i), ...list.slice(i + 1)] : list;
  if (!matches(row, tab, f, me)) return i >= 0 ? rest : list;
  let at = rest.findIndex((c) => before(row, c, f.sort));
  if (at < 0) {
    if (more) return i >= 0 ? rest : list;
    at = rest.length;
  }
  return [...rest.slice(0, at), row, ...rest.slice(at)];
}

type Counts = TabCounts & { tag?: StatusCounts; team?: StatusCounts; inbox?: StatusCounts };

/**
 * How many conversations match, from the counts the server keeps: per tab,
 * or for a single tag, team or inbox (those cover every tab). Filters the
 * counts do not cover (channel, priority, unread, waiting, or several of
 * tag/team/inbox) give the loaded rows once the last page is in, else null.
 */
export function listTotal(counts: Counts | null, tab: Tab, f: Filters, loaded: number, more: boolean): number | null {
  const sum = (c: StatusCounts) => (f.status ? c[f.status] : c.open + c.pending + c.snoozed + c.closed);
  const dims = [f.tag.trim() && counts?.tag, f.team.trim() && counts?.team, f.inbox.trim() && counts?.inbox];
  const set = [f.tag, f.team, f.inbox].filter((x) => x.trim()).length;
  const uncounted = !!(f.channel || f.priority || f.unread || f.waiting || f.sort === 'waiting_since' || f.tag.includes(','));
  if (counts && !uncounted) {
    if (set === 0) return sum(counts[tab]);
    const one = dims.find((d) => d);
    if (set === 1 && one && tab === 'all') return sum(one);
  }
  return more ? null : loaded;
}

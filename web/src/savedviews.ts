// Saved views ↔ the list's tab and filters: what is saved is exactly what
// the list sends (GET /conversations parameters), minus paging.
import type { SavedView, SavedViewInput } from './api';
import { emptyFilters, type Filters, type Tab } from './types';

const text = ['status', 'channel', 'inbox', 'team', 'tag', 'priority'] as const;
const flags = ['unread', 'waiting'] as const;

export function toSaved(name: string, tab: Tab, f: Filters): SavedViewInput {
  const filters: Record<string, string> = {};
  for (const k of text) if (f[k].trim()) filters[k] = f[k].trim();
  for (const k of flags) if (f[k]) filters[k] = 'true';
  return { name: name.trim(), tab, filters, sort: f.sort };
}

/** The tab and filters a view shows; filters the inbox has no control for are left out. */
export function fromSaved(v: SavedView): { tab: Tab; filters: Filters } {
  const f: Filters = { ...emptyFilters, status: '' };
  const src = v.filters ?? {};
  for (const k of text) if (src[k]) (f as unknown as Record<string, string>)[k] = src[k];
  for (const k of flags) f[k] = src[k] === 'true';
  f.sort = v.sort || 'last_activity';
  return { tab: v.tab || 'all', filters: f };
}

/** Whether the list shows exactly what view v saved. */
export function showing(v: SavedView, tab: Tab, f: Filters): boolean {
  const a = toSaved('', tab, f), b = fromSaved(v);
  const c = toSaved('', b.tab, b.filters);
  return a.tab === c.tab && a.sort === c.sort && JSON.stringify(sorted(a.filters)) === JSON.stringify(sorted(c.filters));
}

function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([x], [y]) => (x < y ? -1 : 1));
}

// CSV export of the selection, or of every conversation matching the filters.
import { listConversations } from './api';
import type { Conversation, Filters, Tab } from './types';

const cols: [string, (c: Conversation) => string][] = [
  ['id', (c) => c.id], ['contact', (c) => c.contact.name], ['channel', (c) => c.channel], ['inbox', (c) => c.inbox_id],
  ['status', (c) => c.status], ['assignee', (c) => c.assignee_id ?? ''], ['team', (c) => c.team_id ?? ''],
  ['priority', (c) => c.priority], ['tags', (c) => c.tags.join(' ')], ['last_activity_at', (c) => c.last_activity_at],
  ['created_at', (c) => c.created_at], ['last_message', (c) => c.last_message?.preview ?? ''],
];

function cell(v: string): string {
  const safe = /^[=+\-@]/.test(v) ? "'" + v : v; // no formulas in spreadsheets
  return /[",\n\r]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

export function toCSV(rows: Conversation[]): string {
  return [cols.map((c) => c[0]).join(','), ...rows.map((r) => cols.map(([, f]) => cell(f(r))).join(','))].join('\r\n') + '\r\n';
}

/** Downloads the rows (or, with null, up to 10,000 matching conversations). */
export async function exportCSV(rows: Conversation[] | null, tab: Tab, f: Filters): Promise<void> {
  let data = rows ?? [];
  if (!rows) {
    let cursor: string | undefined;
    do {
      const p = await listConversations(tab, f, cursor);
      data = data.concat(p.data);
      cursor = p.meta.next_cursor;
    } while (cursor && data.length < 10000);
  }
  const url = URL.createObjectURL(new Blob([toCSV(data)], { type: 'text/csv' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'conversations.csv' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

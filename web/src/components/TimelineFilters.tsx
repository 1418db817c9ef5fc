import { useEffect, useRef, useState } from 'preact/hooks';
import { getTimelineFiltered } from '../api';
import type { Agent } from '../mentions';
import { apiFilter, type ApiEntry, type Entry, type EntryFilter, filtered, filtering, noFilter } from '../timeline';

/** The timeline's filter bar: entry type, agent, date range. */
export function TimelineFilterBar({ f, agents, onChange }: { f: EntryFilter; agents: Agent[]; onChange: (f: EntryFilter) => void }) {
  const set = (patch: Partial<EntryFilter>) => onChange({ ...f, ...patch });
  return (
    <div class="tl-filters" role="group" aria-label="Filter the timeline">
      <select name="tl-type" aria-label="Entry type" value={f.type} onChange={(e) => set({ type: e.currentTarget.value as EntryFilter['type'] })}>
        <option value="">All entries</option><option value="message">Messages</option><option value="note">Notes</option><option value="event">Events</option>
      </select>
      <select name="tl-agent" aria-label="Entries by agent" value={f.agent} onChange={(e) => set({ agent: e.currentTarget.value })}>
        <option value="">Any agent</option>
        {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
      </select>
      <label>From <input aria-label="Entries from" type="date" name="tl-from" value={f.from} max={f.to || undefined} onChange={(e) => set({ from: e.currentTarget.value })} /></label>
      <label>to <input aria-label="Entries until" type="date" name="tl-to" value={f.to} min={f.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} /></label>
      {filtering(f) && <button type="button" class="link" onClick={() => onChange(noFilter)}>Clear filters</button>}
    </div>
  );
}

/**
 * The entries to show under a filter: pages of the timeline API filtered on
 * the server (newest first, older ones on demand, so long histories stay
 * lazy) merged with the known entries that pass it (live ones included).
 * Without a filter, the known entries and the caller's own paging.
 */
export function useFilteredTimeline(convId: string, known: Entry[], f: EntryFilter) {
  const [pages, setPages] = useState<ApiEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const req = useRef(0);
  async function load(next?: string) {
    const n = ++req.current;
    setLoading(true);
    setError('');
    try {
      const page = await getTimelineFiltered(convId, apiFilter(f), next);
      if (n !== req.current) return;
      const data = page.data ?? [];
      setPages((p) => (next ? [...p, ...data] : data));
      setCursor(page.next_cursor);
    } catch (e) {
      if (n === req.current) setError((e as Error).message);
    } finally {
      if (n === req.current) setLoading(false);
    }
  }
  const key = `${convId}|${f.type}|${f.agent}|${f.from}|${f.to}`;
  useEffect(() => {
    setPages([]);
    setCursor(undefined);
    if (filtering(f)) void load();
    else req.current++;
  }, [key]);
  if (!filtering(f)) return null;
  return { entries: filtered(known, pages, f), older: cursor && !loading ? () => load(cursor) : null, loading, error };
}

import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api';
import { fromSaved, showing, toSaved } from '../savedviews';
import type { Filters, Tab } from '../types';

/**
 * The agent's saved views (kept on the server, so they follow the agent
 * across devices): one click applies a view's tab, filters and sort; the
 * current ones can be saved under a name; views can be renamed and deleted.
 */
export function SavedViews({ tab, filters, onApply }: { tab: Tab; filters: Filters; onApply: (tab: Tab, f: Filters) => void }) {
  const [views, setViews] = useState<api.SavedView[] | null>(null);
  const [max, setMax] = useState(50);
  const [error, setError] = useState('');
  const [form, setForm] = useState<{ id: string | null; name: string; error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  async function load() {
    setError('');
    try {
      const r = await api.listSavedViews();
      setViews(r.data);
      setMax(r.max);
    } catch (e) {
      setError('Saved views could not be loaded: ' + (e as Error).message);
    }
  }
  useEffect(() => { void load(); }, []);
  useEffect(() => { if (form) nameInput.current?.focus(); }, [form?.id, !!form]);

  async function submit(e: Event) {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    try {
      if (form.id) {
        const v = await api.updateSavedView(form.id, { name: form.name.trim() });
        setViews((l) => (l ?? []).map((x) => (x.id === v.id ? v : x)));
      } else {
        const v = await api.createSavedView(toSaved(form.name, tab, filters));
        setViews((l) => [...(l ?? []), v]);
      }
      setForm(null);
    } catch (err) {
      setForm({ ...form, error: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function remove(v: api.SavedView) {
    if (!confirm(`Delete the view "${v.name}"?`)) return;
    try {
      await api.deleteSavedView(v.id);
      setViews((l) => (l ?? []).filter((x) => x.id !== v.id));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const full = (views?.length ?? 0) >= max;
  return (
    <nav class="views" aria-label="Saved views">
      <div class="views-head">
        <h2 id="views-title">Views</h2>
        <button class="link" aria-expanded={!!form && !form.id} disabled={full} title={full ? `At most ${max} views; delete one first` : 'Save the current tab, filters and sort'}
          onClick={() => setForm(form && !form.id ? null : { id: null, name: '', error: '' })}>Save view</button>
      </div>
      {form && (
        <form class="view-form" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setForm(null); } }}>
          <label>{form.id ? 'New name' : 'Name of the view'}
            <input ref={nameInput} name="view-name" value={form.name} maxLength={80} required onInput={(e) => setForm({ ...form, name: e.currentTarget.value, error: '' })} />
          </label>
          <button type="submit" class="primary" disabled={busy || !form.name.trim()}>{form.id ? 'Rename' : 'Save'}</button>
          <button type="button" onClick={() => setForm(null)}>Cancel</button>
          {form.error && <p class="error" role="alert">{form.error}</p>}
        </form>
      )}
      {error && <p class="error" role="alert">{error} <button class="link" onClick={load}>Try again</button></p>}
      {views && views.length === 0 && !form && <p class="muted views-empty">Set filters, then “Save view” to keep them here.</p>}
      {views && views.length > 0 && (
        <ul class="view-list" aria-labelledby="views-title">
          {views.map((v) => (
            <li key={v.id} class="view-item">
              <button class="view" data-testid="saved-view" aria-pressed={showing(v, tab, filters)} onClick={() => { const s = fromSaved(v); onApply(s.tab, s.filters); }}>{v.name}</button>
              <button class="icon" aria-label={`Rename ${v.name}`} title="Rename" onClick={() => setForm({ id: v.id, name: v.name, error: '' })}>✎</button>
              <button class="icon" aria-label={`Delete ${v.name}`} title="Delete" onClick={() => remove(v)}>×</button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { type ContactMatch, mergeContacts, searchContacts } from '../api';
import type { Contact } from '../types';
import { Picker, pickerKey } from './Picker';

/**
 * Merging a duplicate into this contact: search another contact, confirm,
 * merge (its identities and conversations come here); the merged ones are
 * listed with an undo. onMerged reloads the contact at the command's position.
 */
export function ContactMerge({ k, onMerged }: { k: Contact & { merged_from?: string[] }; onMerged: (position: number, message: string) => void }) {
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ContactMatch[]>([]);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<ContactMatch | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { setSearching(false); setChosen(null); setQ(''); setError(''); }, [k.id]);
  useEffect(() => {
    if (q.trim().length < 2) { setFound([]); return; }
    let live = true;
    const t = setTimeout(() => {
      searchContacts(q.trim()).then((r) => { if (live) { setFound(r.data.filter((x) => x.id !== k.id)); setActive(0); } })
        .catch((e) => live && setError((e as Error).message));
    }, 200);
    return () => { live = false; clearTimeout(t); };
  }, [q, k.id]);

  async function run(source: string, undo: boolean) {
    setBusy(true);
    setError('');
    try {
      const res = await mergeContacts(source, k.id, undo);
      onMerged(res.position, undo ? `Unmerged ${source}` : `Merged ${chosen?.display_name || source} into ${k.display_name || k.id}`);
      setChosen(null);
      setSearching(false);
      setQ('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const merged = k.merged_from ?? [];
  return (
    <section class="merge" aria-label="Merge contacts">
      {merged.length > 0 && (
        <>
          <h4>Merged into this contact</h4>
          <ul class="plain">
            {merged.map((id) => (
              <li key={id} data-testid="merged-contact">{id} <button class="link" disabled={busy} onClick={() => run(id, true)}>Undo merge</button></li>
            ))}
          </ul>
        </>
      )}
      {!searching && !chosen && <button class="link" onClick={() => { setSearching(true); requestAnimationFrame(() => input.current?.focus()); }}>Merge a duplicate contact…</button>}
      {searching && !chosen && (
        <div class="merge-search">
          <input ref={input} name="merge-search" aria-label="Find the duplicate contact" placeholder="Name, phone or e-mail" value={q}
            role="combobox" aria-autocomplete="list" aria-expanded={found.length > 0} aria-controls={found.length ? 'merge-results' : undefined}
            aria-activedescendant={found.length ? `merge-results-${active}` : undefined}
            onInput={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => { if (found.length) pickerKey(e, found.length, active, setActive, () => setChosen(found[active]), () => setFound([])); else if (e.key === 'Escape') setSearching(false); }} />
          {found.length > 0 && (
            <Picker id="merge-results" label="Contacts" items={found} active={active} keyOf={(x) => x.id} onPick={setChosen}
              render={(x) => <><b>{x.display_name || x.id}</b> <span class="muted">{x.identities.map((i) => i.value).join(', ') || x.id}</span></>} />
          )}
          {q.trim().length >= 2 && !found.length && <p class="muted">No other contact matches.</p>}
          <button class="link" onClick={() => setSearching(false)}>Cancel</button>
        </div>
      )}
      {chosen && (
        <div class="merge-confirm" role="group" aria-label="Confirm the merge">
          <p>Merge <b>{chosen.display_name || chosen.id}</b> into <b>{k.display_name || k.id}</b>? Its identities and conversations move here; you can undo it.</p>
          <button class="primary" disabled={busy} onClick={() => run(chosen.id, false)}>Merge</button>{' '}
          <button disabled={busy} onClick={() => setChosen(null)}>Cancel</button>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

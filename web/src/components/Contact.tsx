import { useEffect, useState } from 'preact/hooks';
import { getContact, getContactAt } from '../api';
import { channelIcon, displayName, initials, timeAgo } from '../format';
import type { Contact, Conversation } from '../types';
import { ContactMerge } from './ContactMerge';

type K = Contact & { merged_from?: string[]; merged_into?: string | null };

/** The contact sidebar: profile, identities (masked unless allowed), fields, previous conversations. */
export function ContactSidebar({ c, onOpen, version }: { c: Conversation; onOpen: (id: string) => void; version: number }) {
  const [k, setK] = useState<K | null>(null);
  const [err, setErr] = useState('');
  const [done, setDone] = useState('');
  useEffect(() => {
    let live = true;
    setErr('');
    getContact(c.contact.id).then((x) => live && setK(x)).catch((e) => {
      if (!live) return;
      setK(null);
      if ((e as { status?: number }).status !== 404) setErr((e as Error).message); // no profile yet is not an error
    });
    return () => { live = false; };
  }, [c.contact.id, version]);
  useEffect(() => setDone(''), [c.contact.id]);
  return (
    <aside class="contact" aria-label="Contact">
      <div class="avatar" aria-hidden="true">{initials(displayName(c))}</div>
      <h3>{k?.display_name || displayName(c)}</h3>
      <p class="muted">{c.contact.handle}{c.contact.handle_masked && <span title="Hidden: you lack the permission to see personal data"> (masked)</span>}</p>
      {err && <p class="error" role="alert">{err}</p>}
      {k && (
        <>
          {k.private && <p class="tag">private</p>}
          {k.merged_into && <p class="muted" data-testid="merged-into">Merged into {k.merged_into}</p>}
          <h4>Identities</h4>
          <ul class="plain">{k.identities.map((i) => <li key={i.kind + i.value}>{i.kind}: {i.value}{i.masked ? ' (masked)' : ''}</li>)}</ul>
          {Object.keys(k.custom_fields).length > 0 && (
            <>
              <h4>Fields</h4>
              <dl>{Object.entries(k.custom_fields).map(([f, v]) => <><dt key={f}>{f}</dt><dd>{v}</dd></>)}</dl>
            </>
          )}
          {k.tags.length > 0 && <p>{k.tags.map((t) => <span class="tag" key={t}>{t}</span>)}</p>}
          <ContactMerge k={k} onMerged={(position, message) => {
            setDone(message);
            getContactAt(k.id, position).then(setK).catch((e) => setErr((e as Error).message));
          }} />
          {done && <p class="ok" role="status" data-testid="merge-result">{done}</p>}
          <h4>Conversations</h4>
          <ul class="plain prev">
            {k.conversations.map((p) => (
              <li key={p.id}>
                <button class="link" onClick={() => onOpen(p.id)} aria-current={p.id === c.id ? 'true' : undefined}>
                  {channelIcon[p.channel] ?? ''} {p.last_message_preview || p.id} <span class="muted">· {p.status} · {timeAgo(p.last_activity_at)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

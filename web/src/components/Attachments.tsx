import { useState } from 'preact/hooks';
import { type Attachment, uploadAttachment } from '../api';

/** One file the agent attached to the reply being written. */
export interface Pending {
  id: number;
  name: string;
  size: number;
  state: 'uploading' | 'ready' | 'failed';
  attachment?: Attachment;
  error?: string;
}

/** Client-side checks mirror the server's (16 MiB); the server has the last word (413/415). */
export const maxAttachmentBytes = 16 << 20;

let seq = 0;

/** The attachments of a reply: each file is uploaded as soon as it is picked or dropped. */
export function useAttachments(convId: string) {
  const [items, setItems] = useState<Pending[]>([]);
  const update = (id: number, patch: Partial<Pending>) => setItems((l) => l.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  function add(files: FileList | File[]) {
    for (const f of Array.from(files)) {
      const id = ++seq;
      if (f.size > maxAttachmentBytes) {
        setItems((l) => [...l, { id, name: f.name, size: f.size, state: 'failed', error: 'larger than 16 MiB' }]);
        continue;
      }
      setItems((l) => [...l, { id, name: f.name, size: f.size, state: 'uploading' }]);
      uploadAttachment(convId, f)
        .then((a) => update(id, { state: 'ready', attachment: a }))
        .catch((e) => update(id, { state: 'failed', error: (e as Error).message }));
    }
  }
  return {
    items,
    add,
    remove: (id: number) => setItems((l) => l.filter((p) => p.id !== id)),
    clear: () => setItems([]),
    ready: items.filter((p) => p.state === 'ready').map((p) => p.attachment!),
    busy: items.some((p) => p.state === 'uploading'),
  };
}

export function fileSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(0)} KB` : `${(n / (1 << 20)).toFixed(1)} MB`;
}

/** The attached files: a thumbnail for images, name, size, state, a remove button. */
export function AttachmentList({ items, onRemove }: { items: Pending[]; onRemove: (id: number) => void }) {
  if (!items.length) return null;
  return (
    <ul class="attachments" aria-label="Attachments">
      {items.map((p) => (
        <li key={p.id} class={'attachment ' + p.state} data-testid="attachment">
          {p.attachment?.mime_type.startsWith('image/') && p.attachment.url
            ? <img src={p.attachment.url} alt="" class="thumb" />
            : <span class="thumb" aria-hidden="true">📎</span>}
          <span class="name">{p.name}</span> <span class="muted">{fileSize(p.size)}</span>
          {p.state === 'uploading' && <span class="muted" role="status"> uploading…</span>}
          {p.state === 'failed' && <span class="error" role="alert"> {p.name}: {p.error}</span>}
          <button type="button" class="x" aria-label={`Remove ${p.name}`} onClick={() => onRemove(p.id)}>×</button>
        </li>
      ))}
    </ul>
  );
}

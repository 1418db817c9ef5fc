import { useEffect, useState } from 'preact/hooks';
import { getMessageMedia } from '../api';
import type { Entry } from '../timeline';
import { fileSize } from './Attachments';

interface Shown { url?: string; mimeType: string; filename?: string; size?: number }

/**
 * A message's media: the image itself, or a link to the file. Known at once
 * for the agent's own uploads; otherwise asked for (a short-lived signed
 * URL) when the entry is shown. A file link asks for a fresh URL on click.
 */
export function MediaPreview({ convId, e }: { convId: string; e: Entry }) {
  const [m, setM] = useState<Shown | null>(e.media ?? null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (m?.url || !e.messageId || e.delivery === 'pending') return;
    let live = true;
    getMessageMedia(convId, e.messageId)
      .then((a) => live && setM({ url: a.url, mimeType: a.mime_type, filename: a.filename, size: a.size }))
      .catch(() => live && setMissing(true));
    return () => { live = false; };
  }, [convId, e.messageId, e.delivery]);
  if (missing || !m?.url) return <span class="media-kind muted">[{e.mediaKind ?? 'attachment'}{m?.filename ? ': ' + m.filename : ''}]</span>;
  if (m.mimeType.startsWith('image/')) {
    return <img class="media-img" src={m.url} alt={m.filename || 'image'} loading="lazy" data-testid="tl-media-image" />;
  }
  const open = async (ev: Event) => {
    if (!e.messageId || e.delivery === 'pending') return;
    ev.preventDefault();
    try {
      const a = await getMessageMedia(convId, e.messageId);
      if (a.url) window.open(a.url, '_blank', 'noopener');
    } catch { setMissing(true); }
  };
  return (
    <a class="media-file" href={m.url} target="_blank" rel="noopener" download={m.filename} onClick={open} data-testid="tl-media-file">
      📎 {m.filename || m.mimeType}{m.size ? ` · ${fileSize(m.size)}` : ''}
    </a>
  );
}

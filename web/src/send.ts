// What the composer sends: the command body and the entry shown at once,
// for replies (text, media, templates) and internal notes (with mentions).
import type { Attachment } from './api';
import type { Entry } from './timeline';

export type SendKind = 'reply' | 'note' | 'template';

/** What a send carries besides its text: the agents a note mentions, a reply's attachment. */
export interface SendExtra {
  mentions?: string[];
  media?: Attachment;
}

export interface Template {
  name: string;
  params: string[];
}

/** The body of POST /conversations/{id}/notes or /messages. */
export function commandBody(kind: SendKind, key: string, text: string, template?: Template, extra?: SendExtra): Record<string, unknown> {
  if (kind === 'note') return extra?.mentions?.length ? { note_id: key, text, mentions: extra.mentions } : { note_id: key, text };
  if (kind === 'template') return { message_id: key, kind: 'template', template: { name: template!.name, language: 'en', params: template!.params } };
  const m = extra?.media;
  if (m) {
    const media = { ref: m.ref, mime_type: m.mime_type, size: m.size, ...(m.filename ? { filename: m.filename } : {}), ...(text ? { caption: text } : {}) };
    return text ? { message_id: key, kind: 'media', text, media } : { message_id: key, kind: 'media', media };
  }
  return { message_id: key, kind: 'text', text };
}

/** The entry shown until the stream confirms the send. */
export function optimisticEntry(kind: SendKind, key: string, text: string, actor: string, extra?: SendExtra): Entry {
  const at = new Date().toISOString();
  if (kind === 'note') return { key, type: 'note', at, text, actor, delivery: 'pending', mentions: extra?.mentions };
  const m = extra?.media;
  return { key, type: 'message', at, direction: 'outbound', text: m ? text || m.filename || '' : text, actor, messageId: key, delivery: 'pending',
    ...(m ? { mediaKind: m.mime_type.split('/')[0], media: { url: m.url, mimeType: m.mime_type, filename: m.filename, size: m.size } } : {}) };
}

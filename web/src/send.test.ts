import { describe, expect, it } from 'vitest';
import { commandBody, optimisticEntry } from './send';

const media = { ref: 'blob:ab', mime_type: 'image/png', size: 10, filename: 'a.png', url: '/api/v1/media/ab?exp=1&sig=x' };

describe('send', () => {
  it('sends a note with its mentions, a plain note without', () => {
    expect(commandBody('note', 'n1', 'cc @bob', undefined, { mentions: ['bob'] })).toEqual({ note_id: 'n1', text: 'cc @bob', mentions: ['bob'] });
    expect(commandBody('note', 'n1', 'x', undefined, { mentions: [] })).toEqual({ note_id: 'n1', text: 'x' });
  });
  it('sends an attachment as a media message with the text as caption', () => {
    expect(commandBody('reply', 'm1', 'Here it is', undefined, { media })).toEqual({ message_id: 'm1', kind: 'media', text: 'Here it is',
      media: { ref: 'blob:ab', mime_type: 'image/png', size: 10, filename: 'a.png', caption: 'Here it is' } });
    expect(commandBody('reply', 'm1', '', undefined, { media })).toEqual({ message_id: 'm1', kind: 'media', media: { ref: 'blob:ab', mime_type: 'image/png', size: 10, filename: 'a.png' } });
    expect(commandBody('reply', 'm1', 'hi')).toEqual({ message_id: 'm1', kind: 'text', text: 'hi' });
  });
  it('shows an attachment at once with its preview', () => {
    const e = optimisticEntry('reply', 'm1', '', 'alice', { media });
    expect(e.text).toBe('a.png');
    expect(e.media?.url).toBe(media.url);
    expect(e.mediaKind).toBe('image');
  });
});

import { describe, expect, it } from 'vitest';
import type { SavedView } from './api';
import { fromSaved, showing, toSaved } from './savedviews';
import { highlightParts } from './search';
import { emptyFilters } from './types';

describe('saved views', () => {
  const f = { ...emptyFilters, channel: 'whatsapp' as const, tag: ' vip ', unread: true, sort: 'priority' as const };
  const saved = toSaved(' VIP ', 'mine', f);
  it('saves only what filters the list', () => {
    expect(saved).toEqual({ name: 'VIP', tab: 'mine', filters: { status: 'open', channel: 'whatsapp', tag: 'vip', unread: 'true' }, sort: 'priority' });
  });
  it('round-trips and recognises the view being shown', () => {
    const v: SavedView = { ...saved, id: 'sv_1', created_at: '', updated_at: '' };
    const back = fromSaved(v);
    expect(back.tab).toBe('mine');
    expect(back.filters).toEqual({ ...emptyFilters, channel: 'whatsapp', tag: 'vip', unread: true, sort: 'priority' });
    expect(showing(v, 'mine', f)).toBe(true);
    expect(showing(v, 'all', f)).toBe(false);
    expect(showing(v, 'mine', { ...f, waiting: true })).toBe(false);
  });
  it('a view without status shows every status', () => {
    expect(fromSaved({ id: 'x', name: 'x', tab: 'all', filters: {}, sort: 'created', created_at: '', updated_at: '' }).filters.status).toBe('');
  });
});

describe('search highlight', () => {
  it('splits matches and unescapes text', () => {
    expect(highlightParts('my <em>order</em> &lt;b&gt; &amp; co')).toEqual([
      { text: 'my ', match: false }, { text: 'order', match: true }, { text: ' <b> & co', match: false },
    ]);
  });
});

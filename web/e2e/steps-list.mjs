// Browser steps of the list side of the inbox (issue 8): saved views kept on
// the server, full-text search, what a list row shows, virtualized infinite
// scroll. They seed their own conversations, so they can run after any other
// steps; they need alice's page (a), bob's (b), the browser (for a second
// device) and run.mjs's helpers.
import { apiCall, env, shot } from './harness.mjs';

export function listSteps({ a, b, browser, login, row, stamp, bulkInbox, T }) {
  const word = `kumquat${stamp}`; // a word no other message has
  const nora = `e2e-list-ig-${stamp}`;
  const viewName = `Instagram ${stamp}`;
  const chip = (page, name) => page.getByTestId('saved-view').filter({ hasText: new RegExp(`^${name}$`) });
  const views = a.locator('.views');
  const filter = async (page, name, value) => {
    const el = page.locator(`.filters [name="${name}"]`);
    if (await el.evaluate((e) => e.tagName === 'SELECT')) await el.selectOption(value);
    else { await el.fill(value); await el.press('Tab'); }
  };
  // Only the list's own filters matter here: back to "any" for each.
  const resetFilters = async (page) => {
    for (const [n, v] of [['status', ''], ['channel', ''], ['priority', ''], ['sort', 'last_activity'], ['tag', ''], ['inbox', ''], ['team', '']]) await filter(page, n, v);
    for (const n of ['unread', 'waiting']) await page.locator(`.filters [name="${n}"]`).uncheck();
    await page.getByRole('tab', { name: /All/ }).click();
  };

  return [
    ['list: seed an Instagram conversation with a word to search for', async () => {
      await apiCall(env.keyA, 'POST', '/api/v1/contacts', { id: `nora-${stamp}`, display_name: 'Nora Lindqvist' });
      await apiCall(env.keyA, 'POST', '/api/v1/conversations', {
        id: nora, inbox_id: 'instagram-main', channel: 'instagram', contact_id: `nora-${stamp}`,
        first_inbound: { message_id: `${nora}-m1`, type: 'text', text: `Is the ${word} jam back in stock?`, sent_at: new Date().toISOString() },
      });
      await apiCall(env.keyA, 'POST', `/api/v1/conversations/${nora}/tags`, { tag: 'stock' });
      // The search index is a projection: wait until it has the message (bounded).
      for (let i = 0; ; i++) {
        const r = await apiCall(env.keyA, 'GET', `/api/v1/search?q=${word}`);
        if (r.data.some((h) => h.conversation_id === nora)) break;
        if (i > 50) throw new Error('the message never reached the search index');
        await new Promise((res) => setTimeout(res, 100));
      }
    }],
    ['list row: contact, channel, preview, time, unread badge, waiting time, assignee, tags and who is viewing', async () => {
      await a.keyboard.press('Escape');
      await resetFilters(a);
      const r = row(a, nora);
      await r.locator('.tag').filter({ hasText: 'stock' }).waitFor({ timeout: T });
      const got = await r.evaluate((li) => ({
        name: li.querySelector('.name')?.textContent, chan: li.querySelector('.chan')?.getAttribute('aria-label'),
        preview: li.querySelector('.preview')?.textContent, time: li.querySelector('.time')?.textContent,
        badge: li.querySelector('.badge')?.textContent, wait: li.querySelector('.wait')?.textContent, assignee: li.querySelector('.assignee')?.textContent,
      }));
      const want = { name: 'Nora Lindqvist', chan: 'Instagram', badge: '1', assignee: 'Unassigned' };
      for (const [k, v] of Object.entries(want)) if (got[k] !== v) throw new Error(`row ${k} = ${JSON.stringify(got[k])}, want ${v}`);
      if (!got.preview?.includes(word) || !got.time || !/^waiting \d/.test(got.wait ?? '')) throw new Error(`row ${JSON.stringify(got)}`);
      // bob opens it on his screen: alice's row says so.
      await b.evaluate((id) => { location.hash = '#/c/' + encodeURIComponent(id); }, nora);
      await r.locator('.viewers').filter({ hasText: 'bob' }).waitFor({ timeout: T });
      await shot(a, '12-list-row');
    }],
    ['saved views: save the current filters under a name; a taken name is refused with a readable error', async () => {
      await filter(a, 'channel', 'instagram');
      await filter(a, 'status', 'open');
      await row(a, nora).waitFor({ timeout: T });
      for (const attempt of [1, 2]) {
        await views.getByRole('button', { name: 'Save view' }).click();
        await views.getByLabel('Name of the view').fill(viewName.toUpperCase());
        await views.getByRole('button', { name: 'Save', exact: true }).click();
        if (attempt === 1) await chip(a, viewName.toUpperCase()).waitFor({ timeout: T });
      }
      await a.locator('.view-form [role="alert"]').filter({ hasText: 'already have a view' }).waitFor({ timeout: T });
      await views.getByRole('button', { name: 'Cancel' }).click();
      await views.getByRole('button', { name: `Rename ${viewName.toUpperCase()}` }).click();
      await views.getByLabel('New name').fill(viewName);
      await views.getByLabel('New name').press('Enter');
      await chip(a, viewName).waitFor({ timeout: T });
      if ((await chip(a, viewName).getAttribute('aria-pressed')) !== 'true') throw new Error('the view just saved is not marked as shown');
      const mine = await apiCall(env.keyA, 'GET', '/api/v1/saved-views');
      const saved = mine.data.find((v) => v.name === viewName);
      if (!saved || saved.filters.channel !== 'instagram' || saved.filters.status !== 'open' || saved.tab !== 'all') throw new Error(`stored: ${JSON.stringify(mine.data)}`);
      const bobs = await apiCall(env.keyB, 'GET', '/api/v1/saved-views');
      if (bobs.data.some((v) => v.id === saved.id)) throw new Error("bob sees alice's saved view");
    }],
    ['saved views: after a reload, and on another device, applying the view filters the list', async () => {
      await resetFilters(a);
      await a.reload();
      await a.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor({ timeout: T });
      await chip(a, viewName).click();
      await row(a, nora).waitFor({ timeout: T });
      if (await a.locator('.filters [name="channel"]').inputValue() !== 'instagram') throw new Error('the channel filter was not applied');
      await a.waitForFunction(() => [...document.querySelectorAll('li.row .chan')].every((e) => e.getAttribute('aria-label') === 'Instagram'));
      await shot(a, '13-saved-view');
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      try {
        const c = await ctx.newPage();
        c.setDefaultTimeout(T);
        await login(c, env.keyA);
        await chip(c, viewName).click();
        await row(c, nora).waitFor({ timeout: T });
        await c.waitForFunction(() => [...document.querySelectorAll('li.row .chan')].every((e) => e.getAttribute('aria-label') === 'Instagram'));
      } finally {
        await ctx.close();
      }
    }],
    ['search: "/" focuses the box; a word of a message finds it, highlighted, and Enter opens the conversation', async () => {
      await a.evaluate(() => document.activeElement?.blur()); // focus off any field
      await a.keyboard.press('/');
      await a.waitForFunction(() => document.activeElement?.id === 'search-input');
      await a.keyboard.type(word, { delay: 10 });
      const hit = a.locator(`[data-testid="search-hit"][data-conversation="${nora}"]`);
      await hit.waitFor({ timeout: T });
      await hit.locator('mark').filter({ hasText: word }).waitFor();
      await hit.locator('.name').filter({ hasText: 'Nora Lindqvist' }).waitFor({ timeout: T });
      await shot(a, '14-search');
      await a.keyboard.press('ArrowDown');
      await a.waitForFunction(() => document.activeElement?.classList.contains('hit'));
      await a.keyboard.press('Enter');
      await a.locator('#conv-title').filter({ hasText: 'Nora Lindqvist' }).waitFor({ timeout: T });
      if (!(await a.evaluate(() => location.hash)).includes(nora)) throw new Error('the URL does not name the opened conversation');
      if (await a.locator('#search-results').isVisible()) throw new Error('the results stay open over the conversation');
    }],
    ['search: no matches and a query without words get readable answers', async () => {
      await a.getByLabel('Search messages and contacts').fill(`nothing${stamp}matches`);
      await a.locator('#search-results').getByText('No matches for').waitFor({ timeout: T });
      await a.getByLabel('Search messages and contacts').fill('');
      await a.getByLabel('Search messages and contacts').fill('?!');
      await a.getByLabel('Search messages and contacts').press('Enter');
      await a.locator('#search-results [role="alert"]').filter({ hasText: 'no words' }).waitFor({ timeout: T });
      await a.getByLabel('Search messages and contacts').press('Escape');
      await a.getByLabel('Search messages and contacts').press('Escape');
      if (await a.getByLabel('Search messages and contacts').inputValue() !== '') throw new Error('Escape did not clear the search');
    }],
    ['list: virtualized, with more pages loaded while scrolling', async () => {
      await a.keyboard.press('Escape');
      await resetFilters(a);
      await filter(a, 'inbox', bulkInbox);
      await a.getByText('200 conversations').waitFor({ timeout: T });
      // 200 rows come in pages of 50 as the list nears its end; the list is as high as all of them.
      const list = a.locator('#conversation-list');
      const height = () => a.locator('ul.list').evaluate((el) => el.getBoundingClientRect().height);
      for (let i = 0; i < 10 && (await height()) < 200 * 80; i++) {
        const h = await height();
        await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
        await a.waitForFunction((h) => document.querySelector('ul.list').getBoundingClientRect().height > h, h, { timeout: T });
      }
      const loaded = Math.round((await height()) / 84);
      const inDom = await a.locator('li.row').count();
      if (loaded !== 200 || inDom >= 60) throw new Error(`${loaded} rows loaded, ${inDom} in the DOM; want all 200 loaded and only a window of them in the DOM`);
      await a.locator('li.row').last().waitFor();
      await resetFilters(a);
    }],
  ];
}

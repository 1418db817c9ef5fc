// End-to-end tests of the web inbox in headless Chromium against a running
// `parley serve` (deploy/dev/web-test.sh starts one). Two agents: alice
// (page A) and bob (page B, a second browser context).
import { apiCall, env, launch, run, shot } from './harness.mjs';
import { listSteps } from './steps-list.mjs';
import { conversationSteps } from './steps-conversation.mjs';
import { longSteps } from './steps-long.mjs';

const T = 15000; // the longest any single expectation may wait
const stamp = Date.now().toString(36);
const maria = `e2e-maria-${stamp}`;
const bulkInbox = `bulk-${stamp}`;
const now = () => new Date().toISOString();

async function seed() {
  const contact = (id, display_name) => apiCall(env.keyA, 'POST', '/api/v1/contacts', { id, display_name });
  await contact(`maria-${stamp}`, 'Maria Souza');
  await contact(`tomas-${stamp}`, 'Tomás Novak');
  await contact(`lea-${stamp}`, 'Léa Martin');
  const open = (id, inbox, channel, contact, text) => apiCall(env.keyA, 'POST', '/api/v1/conversations', {
    id, inbox_id: inbox, channel, contact_id: contact,
    first_inbound: { message_id: `${id}-m1`, type: 'text', text, sent_at: now() },
  });
  // The 200 for the bulk test first, so that the named ones are the newest.
  const ids = Array.from({ length: 200 }, (_, i) => `${bulkInbox}-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map((id, k) => open(id, bulkInbox, 'sms', `bulk-contact-${stamp}-${i + k}`, `Bulk question ${i + k}`)));
  }
  await open(maria, 'whatsapp-main', 'whatsapp', `maria-${stamp}`, 'Hi, my order has not arrived');
  await open(`e2e-tg-${stamp}`, 'telegram-main', 'telegram', `tomas-${stamp}`, 'Can I change my delivery address?');
  await apiCall(env.keyA, 'POST', '/api/v1/conversations', {
    id: `e2e-tpl-${stamp}`, inbox_id: 'whatsapp-main', channel: 'whatsapp', contact_id: `lea-${stamp}`,
    first_outbound: { message_id: `tpl-${stamp}`, kind: 'template', template: { name: 'follow_up', language: 'en', params: ['Lea'] } },
  });
}

async function login(page, key) {
  await page.goto(env.url + '/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor({ timeout: T });
}

const row = (page, id) => page.locator(`li.row[data-id="${id}"]`);

async function openConv(page, id) {
  await row(page, id).locator('.row-main').click();
  await page.locator('#conv-title').waitFor({ timeout: T });
}

async function countMatching(query) {
  let n = 0, cursor = '';
  do {
    const p = await apiCall(env.keyA, 'GET', `/api/v1/conversations?${query}&limit=100${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    n += p.data.length;
    cursor = p.meta.next_cursor ?? '';
  } while (cursor);
  return n;
}

const browser = await launch();
const ctxA = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const ctxB = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const a = await ctxA.newPage();
const b = await ctxB.newPage();
for (const [who, p] of [['A', a], ['B', b]]) {
  p.setDefaultTimeout(T);
  p.on('dialog', (d) => d.accept()); // "apply to all N matching?"
  p.on('pageerror', (e) => console.log(`  [page ${who}] ${e.message}`));
}

const ok = await run([
  ['seed 203 conversations through the API', seed],
  ['login: a wrong key is refused, the right one lets alice in', async () => {
    await a.goto(env.url + '/');
    await a.getByLabel('API key').waitFor({ timeout: T });
    await shot(a, '01-login');
    await a.getByLabel('API key').fill('not-a-key');
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor({ timeout: T });
    await login(a, env.keyA);
    await a.getByTestId('me').filter({ hasText: 'alice' }).waitFor();
  }],
  ['inbox: tabs with counts, filter by channel', async () => {
    await a.getByTestId('count-all').waitFor({ timeout: T });
    await a.getByLabel('Channel').selectOption('whatsapp');
    await row(a, maria).waitFor({ timeout: T });
    await a.waitForFunction(() => [...document.querySelectorAll('li.row .chan')].every((e) => e.getAttribute('aria-label') === 'WhatsApp'));
    if (await row(a, `e2e-tg-${stamp}`).count()) throw new Error('the Telegram conversation is listed under the WhatsApp filter');
    await a.getByLabel('Channel').selectOption('');
    await row(a, `e2e-tg-${stamp}`).waitFor({ timeout: T });
    await shot(a, '02-inbox');
  }],
  ['keyboard: j/k move through the list, Enter opens', async () => {
    await a.locator('li.row .row-main').first().focus();
    const focusedRow = () => a.evaluate(() => document.activeElement?.closest('li.row')?.getAttribute('data-index'));
    await a.keyboard.press('j');
    await a.waitForFunction(() => document.activeElement?.closest('li.row')?.getAttribute('data-index') === '1');
    await a.keyboard.press('k');
    await a.waitForFunction(() => document.activeElement?.closest('li.row')?.getAttribute('data-index') === '0').catch(async () => {
      throw new Error(`focus on row ${await focusedRow()}, want 0`);
    });
    await a.keyboard.press('Enter');
    await a.locator('#conv-title').waitFor({ timeout: T });
    await a.keyboard.press('Escape');
  }],
  ['conversation: open, see the message, WhatsApp window countdown', async () => {
    await openConv(a, maria);
    await a.locator('[data-testid="tl-message"]').filter({ hasText: 'my order has not arrived' }).waitFor({ timeout: T });
    await a.getByTestId('wa-window').filter({ hasText: 'left to reply' }).waitFor({ timeout: T });
  }],
  ['reply: the message appears and is confirmed sent', async () => {
    await a.getByLabel('Reply to the customer').fill('Sorry to hear that! Checking now.');
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    const msg = a.locator('[data-testid="tl-message"]').filter({ hasText: 'Checking now.' });
    await msg.waitFor({ timeout: T });
    await msg.locator('[aria-label="sent"]').waitFor({ timeout: T });
  }],
  ['note: an internal note is added', async () => {
    await a.getByRole('tab', { name: 'Internal note' }).click();
    await a.getByLabel('Internal note for the team').fill('Customer is a repeat buyer');
    await a.getByRole('button', { name: 'Add note' }).click();
    await a.locator('[data-testid="tl-note"]').filter({ hasText: 'repeat buyer' }).waitFor({ timeout: T });
    await a.waitForFunction(() => !document.querySelector('[data-testid="tl-note"] [data-pending]'), null, { timeout: T });
    await a.getByRole('tab', { name: 'Reply' }).click();
  }],
  ['tag: the tag shows on the conversation and its row', async () => {
    await a.getByLabel('Add a tag').fill('vip');
    await a.getByLabel('Add a tag').press('Enter');
    await a.getByTestId('conv-tag').filter({ hasText: 'vip' }).waitFor({ timeout: T });
    await row(a, maria).locator('.tag').filter({ hasText: 'vip' }).waitFor({ timeout: T });
  }],
  ['second agent: bob logs in in another browser and opens the conversation', async () => {
    await login(b, env.keyB);
    await openConv(b, maria);
    await b.getByTestId('conv-tag').filter({ hasText: 'vip' }).waitFor({ timeout: T });
  }],
  ['assign: alice assigns to bob; bob sees it live', async () => {
    await a.getByLabel('Assign to agent').fill('bob');
    await a.getByRole('button', { name: 'Assign', exact: true }).click();
    await a.getByTestId('conv-assignee').filter({ hasText: '@bob' }).waitFor({ timeout: T });
    const t0 = Date.now();
    await b.getByTestId('conv-assignee').filter({ hasText: '@bob' }).waitFor({ timeout: T });
    console.log(`     live on bob's screen after ${Date.now() - t0} ms`);
    await b.getByRole('tab', { name: /Mine/ }).click();
    await row(b, maria).waitFor({ timeout: T });
  }],
  ["live: bob's note and tag appear on alice's screen without a reload", async () => {
    await b.getByRole('tab', { name: 'Internal note' }).click();
    await b.getByLabel('Internal note for the team').fill('Bob here: I will call them');
    await b.getByRole('button', { name: 'Add note' }).click();
    await b.getByLabel('Add a tag').fill('callback');
    await b.getByLabel('Add a tag').press('Enter');
    await a.locator('[data-testid="tl-note"]').filter({ hasText: 'I will call them' }).waitFor({ timeout: T });
    await a.getByTestId('conv-tag').filter({ hasText: 'callback' }).waitFor({ timeout: T });
    await shot(a, '03-conversation');
    await shot(b, '04-second-agent');
  }],
  ['presence: alice sees that bob is viewing, then typing', async () => {
    let t0 = Date.now();
    // bob was typing a note just before: "typing…" first, then "viewing" once it expires.
    await a.getByTestId('collaborators').filter({ hasText: /bob is (viewing|typing)/ }).waitFor();
    console.log(`     viewing shown after ${Date.now() - t0} ms`);
    await b.getByRole('tab', { name: 'Reply' }).click();
    t0 = Date.now();
    await b.getByLabel('Reply to the customer').pressSequentially('Hello', { delay: 20 });
    await a.getByTestId('collaborators').filter({ hasText: 'bob is typing' }).waitFor();
    console.log(`     typing shown after ${Date.now() - t0} ms`);
    await b.getByLabel('Reply to the customer').fill('');
  }],
  ['live: a new customer message reaches the list, also after a reconnect', async () => {
    await a.evaluate(() => window.parleyStream.reconnect());
    await a.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor({ timeout: T });
    const id = `e2e-new-${stamp}`;
    await apiCall(env.keyB, 'POST', '/api/v1/conversations', {
      id, inbox_id: 'sms-main', channel: 'sms', contact_id: `new-${stamp}`,
      first_inbound: { message_id: `${id}-m1`, type: 'text', text: 'Anyone there?', sent_at: now() },
    });
    await row(a, id).filter({ hasText: 'Anyone there?' }).waitFor({ timeout: T });
  }],
  ['close: alice closes; the status changes for both agents', async () => {
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await a.getByTestId('conv-status').filter({ hasText: 'closed' }).waitFor({ timeout: T });
    await b.getByTestId('conv-status').filter({ hasText: 'closed' }).waitFor({ timeout: T });
    await a.getByRole('button', { name: 'Reopen' }).waitFor();
  }],
  ['template picker: a WhatsApp conversation without an open window offers templates', async () => {
    await a.locator('select[name="status"]').selectOption('');
    await openConv(a, `e2e-tpl-${stamp}`);
    await a.getByTestId('wa-window').filter({ hasText: 'closed' }).waitFor({ timeout: T });
    await a.getByLabel('Template').waitFor();
    await a.getByRole('button', { name: 'Send template' }).waitFor();
  }],
  ['bulk: tag all 200 conversations matching a filter', async () => {
    await a.keyboard.press('Escape');
    await a.locator('input[name="inbox"]').fill(bulkInbox);
    await a.locator('input[name="inbox"]').press('Tab');
    await row(a, `${bulkInbox}-199`).waitFor({ timeout: T });
    await a.getByText('200 conversations').waitFor();
    await a.locator('li.row .row-check').first().check();
    await a.getByRole('button', { name: /Select all .* matching/ }).click();
    await a.getByTestId('bulk-count').filter({ hasText: 'All' }).waitFor();
    await a.locator('select[name="bulk-action"]').selectOption('tag');
    await a.locator('input[name="bulk-value"]').fill('campaign');
    await shot(a, '05-bulk-select');
    const t0 = Date.now();
    await a.getByRole('button', { name: 'Apply' }).click();
    await a.getByTestId('bulk-progress').filter({ hasText: 'Done: 200 updated' }).waitFor({ timeout: 60000 });
    console.log(`     bulk tag of 200 in ${Date.now() - t0} ms`);
    // The commands are accepted; the list view follows within moments.
    let n = 0;
    for (const end = Date.now() + T; n !== 200 && Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      n = await countMatching(`inbox=${bulkInbox}&tag=campaign`);
    }
    if (n !== 200) throw new Error(`${n} conversations tagged, want 200`);
    await row(a, `${bulkInbox}-000`).locator('.tag').filter({ hasText: 'campaign' }).waitFor({ timeout: T });
    await shot(a, '06-bulk-done');
  }],
  ['responsive: at tablet width list and conversation stay side by side; phones get one pane', async () => {
    await a.setViewportSize({ width: 820, height: 1180 });
    await row(a, `${bulkInbox}-000`).locator('.row-main').click();
    await a.locator('#conv-title').waitFor();
    await row(a, `${bulkInbox}-000`).waitFor();
    if (await a.locator('aside.contact').isVisible()) throw new Error('the contact sidebar should fold away at tablet width');
    await shot(a, '07-tablet');
    await a.setViewportSize({ width: 600, height: 900 });
    await a.getByRole('button', { name: 'Back to the list' }).click();
    await row(a, `${bulkInbox}-000`).waitFor();
    await a.setViewportSize({ width: 1440, height: 900 });
  }],
  ['password login: a session cookie works for the list, the live stream and a command (CSRF)', async () => {
    const email = process.env.PARLEY_ADMIN_EMAIL, password = process.env.PARLEY_ADMIN_PASSWORD;
    if (!email || !password) {
      console.log('     skipped: no first-start administrator in the data directory');
      return;
    }
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const c = await ctx.newPage();
    c.setDefaultTimeout(T);
    try {
      await c.goto(env.url + '/');
      await c.getByRole('tab', { name: 'E-mail' }).click();
      await c.getByLabel('E-mail').fill(email);
      await c.getByLabel('Password').fill(password);
      await c.getByRole('button', { name: 'Sign in' }).click();
      await c.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor();
      await c.getByTestId('count-all').waitFor();
      const id = `e2e-admin-${stamp}`;
      const r = await c.evaluate(async (id) => {
        const cred = JSON.parse(sessionStorage.getItem('parley.credential'));
        const res = await fetch('/api/v1/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': cred.csrf },
          body: JSON.stringify({ id, inbox_id: 'web', channel: 'sms', contact_id: 'admin-check', first_inbound: { message_id: id + '-m1', type: 'text', text: 'cookie check', sent_at: new Date().toISOString() } }) });
        const bad = await fetch('/api/v1/conversations/' + id + '/tags', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"tag":"x"}' });
        return [res.status, bad.status];
      }, id);
      if (r[0] !== 202 || r[1] !== 403) throw new Error(`command with CSRF token: ${r[0]} (want 202), without: ${r[1]} (want 403)`);
      await row(c, id).waitFor();
    } finally {
      await ctx.close();
    }
  }],
  ...listSteps({ a, b, browser, login, row, stamp, bulkInbox, T }),
  ...conversationSteps({ a, stamp, T }),
  ...longSteps({ a, b, row, stamp, T }),
], () => ({ alice: a, bob: b }));

await browser.close();
process.exit(ok ? 0 : 1);

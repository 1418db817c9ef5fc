// End-to-end tests of the web inbox in headless Chromium against a running
// `parley serve` (deploy/dev/web-test.sh starts one). Two agents: alice
// (page A) and bob (page B, a second browser context).
import { apiCall, env, launch, run, shot } from './harness.mjs';

const T = 15000; // the longest any single expectation may wait
const stamp = Date.now().toString(36);
const maria = `e2e-maria-${stamp}`;
const bulkInbox = `bulk-${stamp}`;
const now = () => new Date().toISOString();

async function seed() {
  const open = (id, inbox, channel, contact, text) => apiCall(env.keyA, 'POST', '/api/v1/conversations', {
    id, inbox_id: inbox, channel, contact_id: contact,
    first_inbound: { message_id: `${id}-m1`, type: 'text', text, sent_at: now() },
  });
  await open(maria, 'whatsapp-main', 'whatsapp', `maria-${stamp}`, 'Hi, my order has not arrived');
  await open(`e2e-tg-${stamp}`, 'telegram-main', 'telegram', `tomas-${stamp}`, 'Can I change my delivery address?');
  await apiCall(env.keyA, 'POST', '/api/v1/conversations', {
    id: `e2e-tpl-${stamp}`, inbox_id: 'whatsapp-main', channel: 'whatsapp', contact_id: `lea-${stamp}`,
    first_outbound: { message_id: `tpl-${stamp}`, kind: 'template', template: { name: 'follow_up', language: 'en', params: ['Lea'] } },
  });
  const ids = Array.from({ length: 200 }, (_, i) => `${bulkInbox}-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map((id, k) => open(id, bulkInbox, 'sms', `bulk-contact-${stamp}-${i + k}`, `Bulk question ${i + k}`)));
  }
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
for (const [who, p] of [['A', a], ['B', b]]) p.on('pageerror', (e) => console.log(`  [page ${who}] ${e.message}`));

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
    await a.keyboard.press('j');
    await a.keyboard.press('k');
    const focused = await a.evaluate(() => document.activeElement?.closest('li.row')?.getAttribute('data-index'));
    if (focused !== '0') throw new Error(`focus on row ${focused}, want 0`);
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
    await a.waitForFunction(() => ![...document.querySelectorAll('[data-testid="tl-note"]')].some((e) => e.textContent.includes('🕓')), null, { timeout: T });
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
    await a.getByLabel('Status').selectOption('');
    await openConv(a, `e2e-tpl-${stamp}`);
    await a.getByTestId('wa-window').filter({ hasText: 'closed' }).waitFor({ timeout: T });
    await a.getByLabel('Template').waitFor();
    await a.getByRole('button', { name: 'Send template' }).waitFor();
  }],
  ['bulk: tag all 200 conversations matching a filter', async () => {
    await a.keyboard.press('Escape');
    await a.getByLabel('Inbox').fill(bulkInbox);
    await a.getByLabel('Inbox').press('Tab');
    await row(a, `${bulkInbox}-199`).waitFor({ timeout: T });
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
    const n = await countMatching(`inbox=${bulkInbox}&tag=campaign`);
    if (n !== 200) throw new Error(`${n} conversations tagged, want 200`);
    await row(a, `${bulkInbox}-000`).locator('.tag').filter({ hasText: 'campaign' }).waitFor({ timeout: T });
    await shot(a, '06-bulk-done');
  }],
  ['responsive: tablet width keeps list and conversation usable', async () => {
    await a.setViewportSize({ width: 820, height: 1180 });
    await row(a, `${bulkInbox}-000`).locator('.row-main').click();
    await a.getByRole('button', { name: 'Back to the list' }).waitFor({ timeout: T });
    await shot(a, '07-tablet');
    await a.getByRole('button', { name: 'Back to the list' }).click();
    await row(a, `${bulkInbox}-000`).waitFor({ timeout: T });
    await a.setViewportSize({ width: 1440, height: 900 });
  }],
], () => ({ alice: a, bob: b }));

await browser.close();
process.exit(ok ? 0 : 1);

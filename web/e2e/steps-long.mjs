// A 10,000-message conversation (issue 8: long histories stay smooth): seeded
// through the API, opened, and paged back by scrolling to the top. Prints
// how long opening and each older page took (no timed assertions), and
// checks the newest message shows first and older pages keep loading.
import { apiCall, env, shot } from './harness.mjs';

export function longSteps({ a, row, stamp, T }) {
  const id = `e2e-long-${stamp}`;
  const total = 10000;
  return [
    [`long history: seed one conversation with ${total} messages`, async () => {
      const t0 = Date.now();
      const at = (i) => new Date(Date.now() - (total - i) * 1000).toISOString();
      await apiCall(env.keyA, 'POST', '/api/v1/conversations', {
        id, inbox_id: 'web', channel: 'sms', contact_id: `long-${stamp}`,
        first_inbound: { message_id: `${id}-m0`, type: 'text', text: 'message 0', sent_at: at(0) },
      });
      let next = 1;
      const worker = async () => {
        while (next < total) {
          const i = next++;
          await apiCall(env.keyA, 'POST', `/api/v1/conversations/${id}/inbound-messages`,
            { message_id: `${id}-m${i}`, type: 'text', text: `message ${i}`, sent_at: at(i) });
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      console.log(`     seeded ${total} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }],
    ['long history: open it, the newest message first; scrolling up loads older pages', async () => {
      await a.locator('input[name="inbox"]').fill('web');
      await a.locator('input[name="inbox"]').press('Tab');
      await row(a, id).waitFor({ timeout: T });
      const t0 = Date.now();
      await row(a, id).locator('.row-main').click({ timeout: T });
      await a.locator('#conv-title').waitFor({ timeout: T });
      const t1 = Date.now();
      const last = a.getByTestId('tl-message').filter({ hasText: `message ${total - 1}` });
      await last.waitFor({ timeout: T });
      console.log(`     clicked: conversation shown in ${t1 - t0} ms, newest message in ${Date.now() - t0} ms (${await a.getByTestId('tl-message').count()} entries rendered)`);
      const count = () => a.getByTestId('tl-message').count();
      let before = await count();
      const pages = [];
      for (let p = 0; p < 8; p++) {
        const t = Date.now();
        await a.locator('ol.timeline').evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
        await a.waitForFunction((n) => document.querySelectorAll('[data-testid="tl-message"]').length > n, before, { timeout: T });
        pages.push(Date.now() - t);
        before = await count();
      }
      console.log(`     8 older pages by scrolling: ${pages.join(', ')} ms; ${before} entries loaded`);
      const oldest = await a.getByTestId('tl-message').first().innerText();
      if (!/message \d+/.test(oldest)) throw new Error(`the oldest loaded entry reads ${oldest}`);
      await shot(a, '15-long-history');
      await a.locator('input[name="inbox"]').fill('');
      await a.locator('input[name="inbox"]').press('Tab');
    }],
  ];
}

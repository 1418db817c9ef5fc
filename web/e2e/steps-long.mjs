// A 10,000-message conversation (issue 8: long histories stay smooth): seeded
// through the API, opened, and paged back by scrolling to the top. Prints
// how long opening and each older page took (no timed assertions), and
// checks the newest message shows first and older pages keep loading.
import { apiCall, env, shot } from './harness.mjs';

export function longSteps({ a, b, row, stamp, T }) {
  const id = `e2e-long-${stamp}`;
  const total = 10000;
  const newest = { position: 0, text: '' }; // the last message appended (set while seeding)
  return [
    [`long history: seed one conversation with ${total} messages`, async () => {
      // The browsers leave while it is seeded: the 2 cores go to the server
      // (alice comes back to open it; her API key stays in sessionStorage).
      await a.goto('about:blank');
      await b.goto('about:blank');
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
          const r = await apiCall(env.keyA, 'POST', `/api/v1/conversations/${id}/inbound-messages`,
            { message_id: `${id}-m${i}`, type: 'text', text: `message ${i}`, sent_at: at(i) });
          // 16 requests run at once, so the last one sent is not always the
          // last appended (a concurrent append to the stream is decided again):
          // the timeline's order is the log's, so the newest is the highest position.
          if (r.position > newest.position) Object.assign(newest, { position: r.position, text: `message ${i}` });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const secs = (Date.now() - t0) / 1000;
      console.log(`     seeded ${total} messages in ${secs.toFixed(1)} s (${Math.round(total / secs)}/s, 16 requests at a time; the last appended: "${newest.text}")`);
      // The read side catches up with the burst: wait until the timeline API has the newest message.
      const t1 = Date.now();
      for (;;) {
        const page = await apiCall(env.keyA, 'GET', `/api/v1/conversations/${id}/timeline?order=newest&limit=20`);
        const top = (page.data ?? []).find((e) => e.kind === 'message');
        if (top?.text === newest.text) break;
        if (Date.now() - t1 > 120000) {
          throw new Error(`the timeline API lacks the newest message (${newest.text} at ${newest.position}) 2 minutes after seeding; its newest: ${JSON.stringify(top)}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      console.log(`     the timeline API had the newest message ${((Date.now() - t1) / 1000).toFixed(1)} s after the last write`);
      await a.goto(env.url + '/');
      await a.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor({ timeout: T });
    }],
    ['long history: open it, the newest message first; scrolling up loads older pages, the DOM stays bounded', async () => {
      await a.locator('input[name="inbox"]').fill('web');
      await a.locator('input[name="inbox"]').press('Tab');
      await row(a, id).waitFor({ timeout: T });
      const t0 = Date.now();
      await row(a, id).locator('.row-main').click({ timeout: T });
      await a.locator('#conv-title').waitFor({ timeout: T });
      const t1 = Date.now();
      await a.getByTestId('tl-message').filter({ hasText: newest.text }).waitFor({ timeout: T });
      const tl = a.locator('ol.timeline');
      const state = () => tl.evaluate((el) => ({
        loaded: Number(el.dataset.loaded), rendered: el.querySelectorAll('[data-key]').length, scrollTop: el.scrollTop,
      }));
      let s = await state();
      console.log(`     opened: conversation shown in ${t1 - t0} ms, newest message in ${Date.now() - t0} ms (${s.loaded} loaded, ${s.rendered} rendered)`);
      const pages = [];
      let maxRendered = s.rendered;
      for (let p = 0; p < 12; p++) {
        // Scroll to the top; the entry seen first there must stay in place when the older page comes in above it.
        const before = s.loaded;
        const t = Date.now();
        let grown = false;
        // Each scroll to the top slides the rendered window up by a page, or loads an older one once the oldest loaded entry is shown.
        let scrolls = 0;
        for (; scrolls < 30 && !grown; scrolls++) {
          await tl.evaluate((el) => { el.scrollTop = 0; });
          grown = await a.waitForFunction((n) => Number(document.querySelector('ol.timeline').dataset.loaded) > n, before, { timeout: 1000 })
            .then(() => true, () => false);
        }
        if (!grown) throw new Error(`page ${p + 1}: scrolling to the top loaded nothing (${before} loaded)`);
        pages.push(`${Date.now() - t}${scrolls > 1 ? ` (${scrolls} scrolls)` : ''}`);
        await a.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        s = await state();
        maxRendered = Math.max(maxRendered, s.rendered);
        if (s.rendered >= 400) throw new Error(`page ${p + 1}: ${s.rendered} entries in the DOM (${s.loaded} loaded)`);
        if (s.scrollTop < 60) throw new Error(`page ${p + 1}: the view jumped to the top of the older page (scrollTop ${s.scrollTop})`);
      }
      console.log(`     12 older pages by scrolling: ${pages.join(', ')} ms; ${s.loaded} loaded, at most ${maxRendered} in the DOM`);
      if (s.loaded < 600) throw new Error(`only ${s.loaded} entries loaded after 12 pages`);
      await shot(a, '15-long-history');
      // Back to the newest by keyboard: the button below the window.
      const jump = a.getByRole('button', { name: /Jump to the newest/ });
      await jump.focus();
      await a.keyboard.press('Enter');
      await a.getByTestId('tl-message').filter({ hasText: newest.text }).waitFor({ timeout: T });
      s = await state();
      if (s.rendered >= 400) throw new Error(`at the newest: ${s.rendered} entries in the DOM`);
      await a.locator('input[name="inbox"]').fill('');
      await a.locator('input[name="inbox"]').press('Tab');
    }],
  ];
}

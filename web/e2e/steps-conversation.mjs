// Browser steps of the conversation side of the inbox (issue 8): @mentions
// in notes, quick replies with variables, attachments (button, drop, refusal),
// contact merge and unmerge, timeline filters. They seed their own contacts
// and conversation, so they can run after any other steps; they need
// alice's page (a) and run.mjs's helpers.
import { apiCall, env, shot } from './harness.mjs';

// A 48x32 PNG (valid: the browser must be able to draw it).
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR42u3OMQ0AMAgAMJwgDakzME/ggnA0qYBG1jslhISEhISEhISWQ/1vERISEhISEhJaNsJ8GIjSKGORAAAAAElFTkSuQmCC';

export function conversationSteps({ a, stamp, T }) {
  const conv = `e2e-conv-${stamp}`;
  const dupConv = `e2e-conv-dup-${stamp}`;
  const ines = `ines-${stamp}`;
  const dup = `ines-dup-${stamp}`;
  const dupName = `Ines Dup ${stamp}`;
  const thanks = `thx-${stamp}`;
  const welcome = `welcome-${stamp}`;
  const composer = () => a.locator('form.composer textarea');
  const timelineEntries = (kind) => apiCall(env.keyA, 'GET', `/api/v1/conversations/${conv}/timeline?kind=${kind}&order=newest`).then((r) => r.data ?? []);
  // Projections are asynchronous: poll the API (bounded) until cond holds.
  const until = async (what, fn) => {
    for (let i = 0; ; i++) {
      const v = await fn();
      if (v) return v;
      if (i > 100) throw new Error(`${what}: not seen after 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const open = async (id, name) => {
    await a.evaluate((id) => { location.hash = '#/c/' + encodeURIComponent(id); }, id);
    await a.locator('#conv-title').filter({ hasText: name }).waitFor({ timeout: T });
  };

  return [
    ['conversation: seed two contacts of one person, a conversation each, two quick replies', async () => {
      await apiCall(env.keyA, 'POST', '/api/v1/contacts', { id: ines, display_name: 'Inês Duarte' });
      await apiCall(env.keyA, 'POST', '/api/v1/contacts', { id: dup, display_name: dupName });
      const start = (id, contact, text) => apiCall(env.keyA, 'POST', '/api/v1/conversations', {
        id, inbox_id: 'sms-main', channel: 'sms', contact_id: contact,
        first_inbound: { message_id: `${id}-m1`, type: 'text', text, sent_at: new Date().toISOString() },
      });
      await start(conv, ines, 'Where is my parcel?');
      await start(dupConv, dup, `Duplicate question ${stamp}`);
      await apiCall(env.keyA, 'POST', '/api/v1/quick-replies', { shortcut: thanks, scope: 'account', text: 'Thank you {{contact.first_name}}, {{agent.name}} here!' });
      await apiCall(env.keyA, 'POST', '/api/v1/quick-replies', { shortcut: welcome, scope: 'account', text: 'Welcome to {{account.name}}!' });
      await until('the quick replies', async () => (await apiCall(env.keyA, 'GET', '/api/v1/quick-replies')).data.filter((q) => q.shortcut.endsWith(stamp)).length === 2);
      await open(conv, 'Inês Duarte');
    }],
    ['mention: "@" in a note opens the agents, arrows + Enter pick, the note shows and carries the mention', async () => {
      await a.getByRole('tab', { name: 'Internal note' }).click();
      await composer().pressSequentially('Can you check this, @', { delay: 10 });
      const list = a.getByRole('listbox', { name: 'Agents to mention' });
      await list.waitFor({ timeout: T });
      if (await composer().getAttribute('aria-expanded') !== 'true') throw new Error('the note field does not say its list is open');
      const bob = list.getByRole('option', { name: /@bob/ });
      while (await bob.getAttribute('aria-selected') !== 'true') await composer().press('ArrowDown');
      await composer().press('Enter');
      await list.waitFor({ state: 'detached' });
      await composer().pressSequentially('please', { delay: 10 });
      const v = await composer().inputValue();
      if (v !== 'Can you check this, @bob please') throw new Error(`note text ${JSON.stringify(v)}`);
      await a.getByRole('button', { name: 'Add note' }).click();
      const note = a.locator('[data-testid="tl-note"]').filter({ hasText: 'Can you check this' });
      await note.locator('mark.mention').filter({ hasText: '@bob' }).waitFor({ timeout: T });
      const notes = await until('the note in the timeline', async () => (await timelineEntries('note')).find((e) => e.text.includes('Can you check')));
      if (JSON.stringify(notes.mentions) !== '["bob"]') throw new Error(`the note mentions ${JSON.stringify(notes.mentions)}`);
    }],
    ['quick reply: "/" opens the picker; a variable is filled from the contact; an unknown one is flagged', async () => {
      await a.getByRole('tab', { name: 'Reply' }).click();
      await composer().pressSequentially(`/${welcome.slice(0, 8)}`, { delay: 10 });
      const list = a.getByRole('listbox', { name: 'Quick replies' });
      await list.getByRole('option', { name: new RegExp(welcome) }).waitFor({ timeout: T });
      await composer().press('Enter');
      await a.getByTestId('unfilled').filter({ hasText: '{{account.name}}' }).waitFor({ timeout: T });
      if (!(await a.getByRole('button', { name: 'Send', exact: true }).isDisabled())) throw new Error('Send stays enabled with an unfilled variable');
      await composer().fill('');
      await composer().pressSequentially(`/${thanks}`, { delay: 10 });
      await list.getByRole('option', { name: new RegExp(thanks) }).waitFor({ timeout: T });
      await composer().press('Enter');
      const v = await composer().inputValue();
      if (v !== 'Thank you Inês, alice here!') throw new Error(`quick reply inserted as ${JSON.stringify(v)}`);
      if (await a.getByTestId('unfilled').count()) throw new Error('a filled quick reply is flagged');
      await a.getByRole('button', { name: 'Send', exact: true }).click();
      await a.locator('[data-testid="tl-message"]').filter({ hasText: 'Thank you Inês, alice here!' }).locator('[aria-label="sent"]').waitFor({ timeout: T });
    }],
    ['attachment: an image picked with the button is sent and shown in the timeline; a dropped one removed; HTML refused', async () => {
      const files = a.getByLabel('Attach files');
      await files.setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
      await files.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
      const drop = await a.evaluateHandle((b64) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' }));
        return dt;
      }, PNG);
      await a.locator('form.composer').dispatchEvent('dragover', { dataTransfer: drop });
      await a.locator('form.composer').dispatchEvent('drop', { dataTransfer: drop });
      const chip = (name) => a.getByTestId('attachment').filter({ hasText: name });
      await chip('page.html').getByRole('alert').filter({ hasText: 'cannot be attached' }).waitFor({ timeout: T });
      await chip('dropped.png').locator('img.thumb').waitFor({ timeout: T });
      await chip('parcel.png').locator('img.thumb').waitFor({ timeout: T });
      await shot(a, '08-attachments');
      await a.getByRole('button', { name: 'Remove page.html' }).click();
      await a.getByRole('button', { name: 'Remove dropped.png' }).click();
      await composer().fill('Here is the photo of your parcel');
      await a.getByRole('button', { name: 'Send', exact: true }).click();
      const msg = a.locator('[data-testid="tl-message"]').filter({ hasText: 'Here is the photo' });
      await msg.locator('[aria-label="sent"]').waitFor({ timeout: T });
      const img = msg.getByTestId('tl-media-image');
      await img.waitFor({ timeout: T });
      await a.waitForFunction((el) => el.complete && el.naturalWidth === 48, await img.elementHandle(), { timeout: T });
      if (await a.getByTestId('attachment').count()) throw new Error('the attachments stay in the composer after sending');
      // Read back from the server: one image message, its media behind a fresh signed URL on this origin.
      const media = await until('the image in the timeline', async () => (await timelineEntries('message')).find((e) => e.media_kind === 'image'));
      const m = await apiCall(env.keyA, 'GET', `/api/v1/conversations/${conv}/messages/${media.message_id}/media`);
      if (m.mime_type !== 'image/png' || m.filename !== 'parcel.png' || !m.url.startsWith('/api/v1/media/')) throw new Error(`media ${JSON.stringify(m)}`);
      const bytes = await fetch(env.url + m.url).then((r) => r.arrayBuffer());
      if (Buffer.compare(Buffer.from(bytes), Buffer.from(PNG, 'base64')) !== 0) throw new Error('the stored bytes differ from the upload');
      await shot(a, '09-attachment-sent');
      // After a reload the image comes back from the server's timeline and media routes.
      await a.reload();
      await a.getByTestId('stream-state').filter({ hasText: 'Live' }).waitFor({ timeout: T });
      const again = a.locator('[data-testid="tl-message"]').filter({ hasText: 'Here is the photo' }).getByTestId('tl-media-image');
      await again.waitFor({ timeout: T });
      await a.waitForFunction((el) => el.complete && el.naturalWidth === 48, await again.elementHandle(), { timeout: T });
    }],
    ['merge: find the duplicate contact from the sidebar, confirm, its conversation moves here; undo', async () => {
      const side = a.locator('aside.contact');
      await side.getByRole('button', { name: 'Merge a duplicate contact…' }).click();
      await side.getByLabel('Find the duplicate contact').pressSequentially(dupName, { delay: 5 });
      const option = side.getByRole('listbox', { name: 'Contacts' }).getByRole('option', { name: new RegExp(dupName) });
      await option.waitFor({ timeout: T });
      await side.getByLabel('Find the duplicate contact').press('Enter');
      await side.getByRole('group', { name: 'Confirm the merge' }).filter({ hasText: dupName }).waitFor();
      await side.getByRole('button', { name: 'Merge', exact: true }).click();
      await side.getByTestId('merge-result').filter({ hasText: 'Merged' }).waitFor({ timeout: T });
      await side.getByTestId('merged-contact').filter({ hasText: dup }).waitFor({ timeout: T });
      await side.locator('.prev').filter({ hasText: `Duplicate question ${stamp}` }).waitFor({ timeout: T });
      await shot(a, '10-contact-merged');
      const k = await apiCall(env.keyA, 'GET', `/api/v1/contacts/${dup}`);
      if (k.merged_into !== ines) throw new Error(`the duplicate is merged into ${k.merged_into}`);
      await side.getByTestId('merged-contact').filter({ hasText: dup }).getByRole('button', { name: 'Undo merge' }).click();
      await side.getByTestId('merge-result').filter({ hasText: 'Unmerged' }).waitFor({ timeout: T });
      await side.getByTestId('merged-contact').waitFor({ state: 'detached', timeout: T });
    }],
    ['timeline filters: notes only; by agent; a date range with nothing in it', async () => {
      const tl = a.getByRole('list', { name: 'Timeline' });
      await a.getByLabel('Entry type').selectOption('note');
      await tl.getByTestId('tl-note').filter({ hasText: 'Can you check this' }).waitFor({ timeout: T });
      await a.waitForFunction(() => !document.querySelector('.timeline [data-testid="tl-message"], .timeline [data-testid="tl-event"]'), null, { timeout: T });
      await shot(a, '11-timeline-notes');
      await a.getByLabel('Entries by agent').selectOption('alice');
      await tl.getByTestId('tl-note').filter({ hasText: 'Can you check this' }).waitFor({ timeout: T });
      await a.getByLabel('Entries by agent').selectOption('bob');
      await tl.getByTestId('tl-empty').waitFor({ timeout: T });
      await a.getByLabel('Entry type').selectOption('');
      await a.getByLabel('Entries by agent').selectOption('');
      await a.getByLabel('Entries from').fill('2020-01-01');
      await a.getByLabel('Entries until').fill('2020-01-31');
      await tl.getByTestId('tl-empty').waitFor({ timeout: T });
      await a.getByRole('button', { name: 'Clear filters' }).click();
      await tl.getByTestId('tl-message').filter({ hasText: 'Where is my parcel' }).waitFor({ timeout: T });
      await tl.getByTestId('tl-note').filter({ hasText: 'Can you check this' }).waitFor({ timeout: T });
    }],
  ];
}

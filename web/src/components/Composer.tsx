import { useEffect, useRef, useState } from 'preact/hooks';
import { listQuickReplies } from '../api';
import { loadAgents } from '../directory';
import { type Agent, insertMention, matchAgents, mentionAt, mentionsIn } from '../mentions';
import { matching, type QuickReply, render, slashQuery, unresolved, variables } from '../quickreply';
import type { SendExtra, SendKind, Template } from '../send';
import type { Conversation } from '../types';
import { AttachmentList, useAttachments } from './Attachments';
import { Picker, pickerKey } from './Picker';

const templates = [
  { name: 'follow_up', label: 'Follow-up: "Hi {{1}}, we have an update on your request."', params: ['first name'] },
  { name: 'order_update', label: 'Order update: "Your order {{1}} is {{2}}."', params: ['order number', 'status'] },
  { name: 'reopen_chat', label: 'Reopen chat: "Hi! Reply to this message to continue our conversation."', params: [] },
];

export type OnSend = (kind: SendKind, text: string, template?: Template, extra?: SendExtra) => void;

/** What the open picker offers: agents after "@" in a note, quick replies after "/" in a reply. */
type Open = { kind: 'mention'; start: number; items: Agent[] } | { kind: 'quick'; items: QuickReply[] } | null;

/**
 * Replies and internal notes; a template picker when WhatsApp's window is
 * closed. Notes take @mentions, replies take quick replies ("/" or the
 * button) with their variables filled, and attachments (button or drop).
 */
export function Composer({ c, now, me = '', onSend, onTyping }: {
  c: Conversation; now: number; me?: string; onTyping: () => void; onSend: OnSend;
}) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [tpl, setTpl] = useState(0);
  const [params, setParams] = useState<string[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [replies, setReplies] = useState<QuickReply[] | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [drag, setDrag] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const files = useAttachments(c.id);
  const closedWindow = c.channel === 'whatsapp' && mode === 'reply' && (!c.window_closes_at || Date.parse(c.window_closes_at) <= now);
  const unfilled = mode === 'reply' ? unresolved(text) : [];

  useEffect(() => { loadAgents().then(setAgents).catch(() => {}); }, []);
  useEffect(() => { setText(''); setPicked([]); setOpen(null); files.clear(); }, [c.id]);

  function quickReplies(): Promise<QuickReply[]> {
    if (replies) return Promise.resolve(replies);
    return listQuickReplies().then((r) => { setReplies(r.data); return r.data; })
      .catch((e) => { setNotice((e as Error).message); return []; });
  }

  // What the text at the caret asks for: "@name" in a note, "/shortcut" at the start of a reply.
  function suggest(value: string, caret: number) {
    if (mode === 'note') {
      const m = mentionAt(value, caret);
      const items = m ? matchAgents(agents, m.query) : [];
      setOpen(m && items.length ? { kind: 'mention', start: m.start, items } : null);
    } else {
      const q = slashQuery(value);
      if (q === null) { setOpen(null); return; }
      void quickReplies().then((all) => {
        const items = matching(all, q);
        setOpen(items.length ? { kind: 'quick', items } : null);
      });
    }
    setActive(0);
  }

  // The value and caret are set on the field at once: keys typed right after
  // picking land after the insertion (a caret set on the next frame came
  // after them: "@bob " + "p" + "lease").
  function place(value: string, from: number, to = from) {
    const el = area.current;
    if (el) {
      el.value = value;
      el.focus();
      el.setSelectionRange(from, to);
    }
    setText(value);
  }

  function pick(i = active) {
    const el = area.current;
    if (!open || !el) return;
    if (open.kind === 'mention') {
      const a = open.items[i];
      const r = insertMention(text, open.start, el.selectionStart, a);
      setPicked((p) => [...p, a.id]);
      place(r.text, r.caret);
    } else {
      const me_ = agents.find((a) => a.id === me);
      const vars = variables({ contactName: c.contact.name, contactHandle: c.contact.handle_masked ? '' : c.contact.handle, agentId: me,
        agentName: me_?.name, conversationId: c.id, channel: c.channel, inboxId: c.inbox_id });
      const r = render(open.items[i].text, vars);
      // "/shortcut" is replaced; otherwise the reply goes in at the caret.
      const [from, to] = slashQuery(text) !== null ? [0, text.length] : [el.selectionStart, el.selectionEnd];
      // Select the first placeholder left, so that typing replaces it.
      const at = from + (r.unresolved.length ? r.text.indexOf(r.unresolved[0]) : r.text.length);
      place(text.slice(0, from) + r.text + text.slice(to), at, r.unresolved.length ? at + r.unresolved[0].length : at);
    }
    setOpen(null);
  }

  function send(e?: Event, anyway = false) {
    e?.preventDefault();
    if (closedWindow) {
      const t = templates[tpl];
      onSend('template', t.label, { name: t.name, params: t.params.map((_, i) => params[i] ?? '') });
      setParams([]);
      return;
    }
    const v = text.trim();
    if (mode === 'reply' && (files.busy || files.items.some((p) => p.state === 'failed'))) {
      setNotice(files.busy ? 'Wait for the attachments to upload.' : 'Remove the attachments that failed first.');
      return;
    }
    if (unfilled.length && !anyway) {
      setNotice(`Fill in ${unfilled.join(', ')} before sending.`);
      return;
    }
    if (mode === 'reply' && files.ready.length) {
      files.ready.forEach((a, i) => onSend('reply', i === 0 ? v : '', undefined, { media: a }));
      files.clear();
    } else if (!v) return;
    else if (mode === 'note') onSend('note', v, undefined, { mentions: mentionsIn(v, picked) });
    else onSend('reply', v);
    setText('');
    setPicked([]);
    setNotice('');
  }

  function onKeyDown(e: KeyboardEvent) {
    if (open && pickerKey(e, open.items.length, active, setActive, () => pick(), () => setOpen(null))) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send();
  }

  const listId = open?.kind === 'mention' ? 'mention-picker' : 'quick-reply-picker';
  const dropProps = mode === 'reply' && !closedWindow ? {
    onDragOver: (e: DragEvent) => { if (e.dataTransfer?.types.includes('Files')) { e.preventDefault(); setDrag(true); } },
    onDragLeave: () => setDrag(false),
    onDrop: (e: DragEvent) => { e.preventDefault(); setDrag(false); if (e.dataTransfer?.files.length) files.add(e.dataTransfer.files); },
  } : {};

  return (
    <form class={'composer ' + mode + (drag ? ' dropping' : '')} onSubmit={send} aria-label="Composer" {...dropProps}>
      <div role="tablist" class="seg" aria-label="Write">
        <button type="button" role="tab" aria-selected={mode === 'reply'} onClick={() => { setMode('reply'); setOpen(null); }}>Reply</button>
        <button type="button" role="tab" aria-selected={mode === 'note'} onClick={() => { setMode('note'); setOpen(null); }}>Internal note</button>
      </div>
      {closedWindow ? (
        <div class="templates">
          <label>Template
            <select name="template" value={tpl} onChange={(e) => { setTpl(Number(e.currentTarget.value)); setParams([]); }}>
              {templates.map((t, i) => <option value={i} key={t.name}>{t.label}</option>)}
            </select>
          </label>
          {templates[tpl].params.map((p, i) => (
            <label key={p}>{p}<input value={params[i] ?? ''} onInput={(e) => { const n = [...params]; n[i] = e.currentTarget.value; setParams(n); }} /></label>
          ))}
          <button type="submit" class="primary">Send template</button>
        </div>
      ) : (
        <>
          {open && (
            <Picker id={listId} label={open.kind === 'mention' ? 'Agents to mention' : 'Quick replies'} active={active}
              items={open.items as (Agent | QuickReply)[]} onPick={(it) => pick(open.items.indexOf(it as never))}
              keyOf={(it) => it.id}
              render={(it) => ('shortcut' in it
                ? <><b>/{it.shortcut}</b> <span class="muted">{it.text.length > 80 ? it.text.slice(0, 79) + '…' : it.text}</span></>
                : <><b>@{it.id}</b> {it.name !== it.id && <span class="muted">{it.name}</span>}</>)} />
          )}
          {mode === 'reply' && <AttachmentList items={files.items} onRemove={files.remove} />}
          <div class="write">
            <textarea ref={area} name="composer" rows={3} aria-label={mode === 'reply' ? 'Reply to the customer' : 'Internal note for the team'}
              role="combobox" aria-autocomplete="list" aria-expanded={!!open} aria-controls={open ? listId : undefined}
              aria-activedescendant={open ? `${listId}-${active}` : undefined} aria-invalid={unfilled.length > 0 || undefined}
              placeholder={mode === 'reply' ? 'Reply… "/" for quick replies (Ctrl+Enter to send)' : 'Note for your team, not the customer… "@" mentions (Ctrl+Enter)'}
              value={text} onKeyDown={onKeyDown} onBlur={() => setOpen(null)}
              onInput={(e) => { const el = e.currentTarget; setText(el.value); suggest(el.value, el.selectionStart); onTyping(); }} />
            <div class="write-actions">
              {mode === 'reply' && (
                <>
                  <button type="button" title="Quick replies (or type / first)" aria-label="Quick replies"
                    onClick={() => { if (!text) { place('/', 1); suggest('/', 1); } else void quickReplies().then((all) => { setOpen({ kind: 'quick', items: matching(all, '') }); setActive(0); area.current?.focus(); }); }}>⚡</button>
                  <label class="button" title="Attach files (or drop them here)">Attach
                    <input type="file" multiple class="sr" aria-label="Attach files" onChange={(e) => { const f = e.currentTarget.files; if (f) files.add(f); e.currentTarget.value = ''; }} />
                  </label>
                </>
              )}
              <button type="submit" class="primary" disabled={unfilled.length > 0}>{mode === 'reply' ? 'Send' : 'Add note'}</button>
            </div>
          </div>
          {unfilled.length > 0 && (
            <p class="unfilled" role="alert" data-testid="unfilled">
              Not filled in: {unfilled.map((u) => <code key={u}>{u}</code>)} — edit them, or <button type="button" class="link" onClick={() => send(undefined, true)}>send anyway</button>
            </p>
          )}
          {notice && !unfilled.length && <p class="error" role="alert">{notice}</p>}
        </>
      )}
    </form>
  );
}

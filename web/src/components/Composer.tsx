import { useState } from 'preact/hooks';
import type { Conversation } from '../types';

const templates = [
  { name: 'follow_up', label: 'Follow-up: "Hi {{1}}, we have an update on your request."', params: ['first name'] },
  { name: 'order_update', label: 'Order update: "Your order {{1}} is {{2}}."', params: ['order number', 'status'] },
  { name: 'reopen_chat', label: 'Reopen chat: "Hi! Reply to this message to continue our conversation."', params: [] },
];

/** Replies and internal notes; a template picker when WhatsApp's window is closed. */
export function Composer({ c, now, onSend, onTyping }: {
  c: Conversation; now: number; onTyping: () => void;
  onSend: (kind: 'reply' | 'note' | 'template', text: string, template?: { name: string; params: string[] }) => void;
}) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [tpl, setTpl] = useState(0);
  const [params, setParams] = useState<string[]>([]);
  const closedWindow = c.channel === 'whatsapp' && mode === 'reply' && (!c.window_closes_at || Date.parse(c.window_closes_at) <= now);

  function send(e?: Event) {
    e?.preventDefault();
    if (closedWindow) {
      const t = templates[tpl];
      onSend('template', t.label, { name: t.name, params: t.params.map((_, i) => params[i] ?? '') });
      setParams([]);
      return;
    }
    const v = text.trim();
    if (!v) return;
    onSend(mode, v);
    setText('');
  }

  return (
    <form class={'composer ' + mode} onSubmit={send} aria-label="Composer">
      <div role="tablist" class="seg" aria-label="Write">
        <button type="button" role="tab" aria-selected={mode === 'reply'} onClick={() => setMode('reply')}>Reply</button>
        <button type="button" role="tab" aria-selected={mode === 'note'} onClick={() => setMode('note')}>Internal note</button>
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
        <div class="write">
          <textarea name="composer" rows={3} aria-label={mode === 'reply' ? 'Reply to the customer' : 'Internal note for the team'}
            placeholder={mode === 'reply' ? 'Reply… (Ctrl+Enter to send)' : 'Note for your team, not the customer… (Ctrl+Enter)'}
            value={text} onInput={(e) => { setText(e.currentTarget.value); onTyping(); }}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(); }} />
          <button type="submit" class="primary">{mode === 'reply' ? 'Send' : 'Add note'}</button>
        </div>
      )}
    </form>
  );
}

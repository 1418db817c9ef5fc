// Quick replies with variables: {{contact.first_name}}, {{ agent.name | "we" }}…
// filled from what the inbox knows about the conversation, the contact and the
// agent when an agent inserts one. The grammar is the server's (domain/account
// template.go): a name, optionally a quoted fallback. A variable without a
// value and without a fallback, or one the inbox does not know, is left in the
// text as written and reported, so that the agent fills it in before sending.

export interface QuickReply {
  id: string;
  shortcut: string;
  text: string;
  scope: string;
}

export type Vars = Record<string, string | undefined>;

/** The variables of a conversation: its contact, the agent, the conversation itself. */
export function variables(ctx: {
  contactName?: string; contactHandle?: string; agentId: string; agentName?: string; accountName?: string;
  conversationId: string; channel?: string; inboxId?: string;
}): Vars {
  const contact = (ctx.contactName ?? '').trim();
  const agent = (ctx.agentName || ctx.agentId).trim();
  const [first, ...rest] = contact.split(/\s+/);
  return {
    'contact.name': contact || undefined,
    'contact.first_name': first || undefined,
    'contact.last_name': rest.length ? rest.join(' ') : undefined,
    'contact.handle': ctx.contactHandle || undefined,
    'agent.name': agent || undefined,
    'agent.first_name': agent.split(/\s+/)[0] || undefined,
    'agent.id': ctx.agentId || undefined,
    'account.name': ctx.accountName || undefined,
    'conversation.id': ctx.conversationId,
    'conversation.channel': ctx.channel || undefined,
    'inbox.id': ctx.inboxId || undefined,
  };
}

const placeholder = /\{\{\s*([^{}|]*?)\s*(?:\|\s*"([^"]*)"\s*)?\}\}/g;

export interface Rendered {
  text: string;
  /** The placeholders left in the text (as written), in order, without repeats. */
  unresolved: string[];
}

/** Fills the variables of a quick reply's text. */
export function render(text: string, vars: Vars): Rendered {
  const out = text.replace(placeholder, (whole, name: string, fallback?: string) => {
    const v = vars[name];
    if (v) return v;
    if (fallback !== undefined && name in vars) return fallback;
    return whole;
  });
  return { text: out, unresolved: unresolved(out) };
}

/** The placeholders still in a text: what the agent has to fill in by hand. */
export function unresolved(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(placeholder)) if (!seen.includes(m[0])) seen.push(m[0]);
  return seen;
}

/** The quick replies matching what was typed after "/": shortcut first, then text. */
export function matching(all: QuickReply[], query: string, max = 8): QuickReply[] {
  const q = query.trim().toLowerCase();
  if (!q) return all.slice(0, max);
  const byShortcut = all.filter((r) => r.shortcut.toLowerCase().startsWith(q));
  const byText = all.filter((r) => !byShortcut.includes(r) && (r.shortcut.includes(q) || r.text.toLowerCase().includes(q)));
  return [...byShortcut, ...byText].slice(0, max);
}

/** The "/query" that opens the picker: only when the reply starts with it. */
export function slashQuery(text: string): string | null {
  const m = /^\/(\S*)$/.exec(text);
  return m ? m[1] : null;
}

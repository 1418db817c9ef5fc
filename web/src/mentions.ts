// @mentions in internal notes: finding the "@query" being typed at the
// caret, inserting the picked agent, and the agent ids a note mentions.

export interface Agent {
  id: string;
  name: string;
}

/** The "@query" ending at the caret (after a space or at the start), or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\w.:-]*)$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

/** Agents matching a query by id or name (prefix of any word first). */
export function matchAgents(agents: Agent[], query: string, max = 8): Agent[] {
  const q = query.toLowerCase();
  const starts = agents.filter((a) => a.id.toLowerCase().startsWith(q) || a.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)));
  const contains = agents.filter((a) => !starts.includes(a) && (a.id.toLowerCase().includes(q) || a.name.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, max);
}

/** Replaces the "@query" at start..caret with "@id ", returning the text and the new caret. */
export function insertMention(text: string, start: number, caret: number, agent: Agent): { text: string; caret: number } {
  const ins = '@' + agent.id + ' ';
  return { text: text.slice(0, start) + ins + text.slice(caret), caret: start + ins.length };
}

/** The ids of the picked agents still mentioned in the text, in order, without repeats. */
export function mentionsIn(text: string, picked: string[]): string[] {
  return picked.filter((id, i) => picked.indexOf(id) === i && new RegExp(`(^|\\s)@${escape(id)}${idEnd}`).test(text));
}

// An id ends where no id character follows (a final "." ends a sentence).
const idEnd = '(?![\\w:-]|\\.[\\w])';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits a note's text into plain parts and mentions of the given ids (for display). */
export function splitMentions(text: string, ids: string[]): { text: string; mention: boolean }[] {
  if (!ids.length) return [{ text, mention: false }];
  const re = new RegExp(`@(?:${ids.map(escape).join('|')})${idEnd}`, 'g');
  const out: { text: string; mention: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index), mention: false });
    out.push({ text: m[0], mention: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), mention: false });
  return out;
}

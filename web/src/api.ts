// Calls to Parley's HTTP API. The app talks to one origin: the query server
// serves it and hands command routes to the command engine.
import { authHeaders } from './auth';
import type { ApiEntry } from './timeline';
import type { CommandResult, Contact, Conversation, Filters, Page, Tab } from './types';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

/** Called on 401, so that the app can go back to the login screen. */
export let onUnauthorized: () => void = () => {};
export function setOnUnauthorized(f: () => void) {
  onUnauthorized = f;
}

async function request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...authHeaders(method), ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r: Response;
  try {
    r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if (r.status === 401) onUnauthorized();
  const text = await r.text();
  const json = text ? safeJSON(text) : undefined;
  if (!r.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(r.status, p.code ?? 'http_' + r.status, p.detail || p.title || `The server answered ${r.status}.`);
  }
  return json as T;
}

function safeJSON(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** The list's query parameters for a tab and filters (shared with bulk). */
export function listFilter(tab: Tab, f: Filters): Record<string, string> {
  const q: Record<string, string> = {};
  if (tab === 'mine') q.assignee = 'me';
  if (tab === 'unassigned') q.assignee = 'unassigned';
  if (f.status) q.status = f.status;
  if (f.channel) q.channel = f.channel;
  if (f.inbox.trim()) q.inbox = f.inbox.trim();
  if (f.team.trim()) q.team = f.team.trim();
  if (f.tag.trim()) q.tag = f.tag.trim();
  if (f.priority) q.priority = f.priority;
  if (f.unread) q.unread = 'true';
  if (f.waiting || f.sort === 'waiting_since') q.waiting = 'true';
  return q;
}

export function listConversations(tab: Tab, f: Filters, cursor?: string, minPosition?: number): Promise<Page> {
  const q = new URLSearchParams(listFilter(tab, f));
  if (f.sort !== 'last_activity') q.set('sort', f.sort);
  q.set('limit', '50');
  if (cursor) q.set('cursor', cursor);
  if (minPosition) q.set('min_position', String(minPosition));
  return request('GET', '/api/v1/conversations?' + q.toString());
}

export function getConversation(id: string, minPosition?: number): Promise<Conversation> {
  const q = minPosition ? `?min_position=${minPosition}` : '';
  return request('GET', `/api/v1/conversations/${encodeURIComponent(id)}${q}`);
}

/** A page of a conversation's timeline, newest first (GET /conversations/{id}/timeline). */
export function getTimeline(id: string, cursor?: string): Promise<{ data: ApiEntry[]; next_cursor?: string }> {
  const q = new URLSearchParams({ order: 'newest', limit: '50' });
  if (cursor) q.set('cursor', cursor);
  return request('GET', `/api/v1/conversations/${encodeURIComponent(id)}/timeline?${q}`);
}

export function getContact(id: string): Promise<Contact> {
  return request('GET', `/api/v1/contacts/${encodeURIComponent(id)}`);
}

/** Runs a conversation command, e.g. command(id, 'POST', 'close', {reason}). */
export function command(id: string, method: 'POST' | 'DELETE', action: string, body?: unknown, key?: string): Promise<CommandResult> {
  const extra: Record<string, string> = key ? { 'Idempotency-Key': key } : {};
  return request(method, `/api/v1/conversations/${encodeURIComponent(id)}/${action}`, body, extra);
}

export interface BulkCommand {
  type: 'tag' | 'untag' | 'assign' | 'assign_team' | 'unassign' | 'close' | 'reopen' | 'priority';
  tag?: string;
  agent_id?: string;
  team_id?: string;
  reason?: string;
  priority?: string;
}

export interface BulkResult {
  results: { id: string; ok: boolean; status: number; code?: string; detail?: string; position?: number }[];
  succeeded: number;
  failed: number;
  position: number;
  next_cursor?: string;
}

export function bulk(body: { ids?: string[]; filter?: Record<string, string>; cursor?: string; limit?: number; command: BulkCommand }, key: string): Promise<BulkResult> {
  return request('POST', '/api/v1/conversations/bulk', body, { 'Idempotency-Key': key });
}

/** A fresh id for a message, note or idempotency key. */
export function newId(prefix: string): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return prefix + '-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---- search and saved views (the list side) ----

/** One full-text match (GET /search); highlight is HTML-escaped text with <em> around matches. */
export interface SearchHit {
  kind: 'message' | 'note' | 'transcription' | 'summary' | 'contact';
  id: string;
  conversation_id?: string;
  contact_id?: string;
  channel?: string;
  inbox_id?: string;
  actor_kind?: string;
  actor_id?: string;
  at: string;
  text: string;
  highlight: string;
}

export function search(q: string, mode: 'all' | 'prefix', cursor?: string): Promise<{ data: SearchHit[]; next_cursor?: string }> {
  const p = new URLSearchParams({ q, mode, limit: '20' });
  if (cursor) p.set('cursor', cursor);
  return request('GET', '/api/v1/search?' + p.toString());
}

/** A saved view of the list: a tab, list filters (GET /conversations parameters) and a sort. */
export interface SavedView {
  id: string;
  name: string;
  tab: Tab;
  filters: Record<string, string>;
  sort: Filters['sort'];
  created_at: string;
  updated_at: string;
}

export type SavedViewInput = Pick<SavedView, 'name' | 'tab' | 'filters' | 'sort'>;

export function listSavedViews(): Promise<{ data: SavedView[]; max: number }> {
  return request('GET', '/api/v1/saved-views');
}

export function createSavedView(v: SavedViewInput): Promise<SavedView> {
  return request('POST', '/api/v1/saved-views', v);
}

export function updateSavedView(id: string, patch: Partial<SavedViewInput>): Promise<SavedView> {
  return request('PATCH', `/api/v1/saved-views/${encodeURIComponent(id)}`, patch);
}

export function deleteSavedView(id: string): Promise<void> {
  return request('DELETE', `/api/v1/saved-views/${encodeURIComponent(id)}`);
}

// ---- the conversation side: mentions, quick replies, attachments, timeline filters, contact merge ----

/** The account's active agents (GET /agents): whom a note may @mention. */
export function listAgents(): Promise<{ data: { id: string; name: string }[] }> {
  return request('GET', '/api/v1/agents');
}

/** The quick replies this agent may use (GET /quick-replies). */
export function listQuickReplies(): Promise<{ data: { id: string; shortcut: string; text: string; scope: string }[] }> {
  return request('GET', '/api/v1/quick-replies');
}

/** An uploaded attachment: ref goes into a media message, url shows it (short-lived). */
export interface Attachment {
  ref: string;
  mime_type: string;
  size: number;
  filename?: string;
  caption?: string;
  url?: string;
  expires_at?: string;
}

/** Uploads a file to send on a conversation (POST /conversations/{id}/attachments, multipart). */
export async function uploadAttachment(convId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  let r: Response;
  try {
    r = await fetch(`/api/v1/conversations/${encodeURIComponent(convId)}/attachments`,
      { method: 'POST', headers: authHeaders('POST'), credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if (r.status === 401) onUnauthorized();
  const json = safeJSON(await r.text()) as (Attachment & { code?: string; detail?: string }) | undefined;
  if (!r.ok) throw new ApiError(r.status, json?.code ?? 'http_' + r.status, json?.detail || `The upload failed (${r.status}).`);
  return json as Attachment;
}

/** A message's media with a fresh signed URL (GET /conversations/{id}/messages/{mid}/media). */
export function getMessageMedia(convId: string, messageId: string): Promise<Attachment> {
  return request('GET', `/api/v1/conversations/${encodeURIComponent(convId)}/messages/${encodeURIComponent(messageId)}/media`);
}

/** Server-side filters of a timeline (kind, agent, from, to of GET /conversations/{id}/timeline). */
export interface TimelineFilter {
  kinds: string[];
  agent: string;
  from: string;
  to: string;
}

/** A page of a filtered timeline, newest first. */
export function getTimelineFiltered(id: string, f: TimelineFilter, cursor?: string): Promise<{ data: ApiEntry[]; next_cursor?: string }> {
  const q = new URLSearchParams({ order: 'newest', limit: '50' });
  if (f.kinds.length) q.set('kind', f.kinds.join(','));
  if (f.agent) q.set('agent', f.agent);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (cursor) q.set('cursor', cursor);
  return request('GET', `/api/v1/conversations/${encodeURIComponent(id)}/timeline?${q}`);
}

/** A contact found by name, phone, e-mail or handle (GET /contacts?q=). */
export interface ContactMatch {
  id: string;
  display_name: string;
  identities: { kind: string; value: string; masked: boolean }[];
  private: boolean;
}

export function searchContacts(q: string): Promise<{ data: ContactMatch[] }> {
  return request('GET', '/api/v1/contacts?' + new URLSearchParams({ q, limit: '8' }));
}

/** Merges contact sourceId into targetId (POST /contacts/{source}/merge); unmerge undoes it. */
export function mergeContacts(sourceId: string, targetId: string, undo = false): Promise<CommandResult> {
  return request('POST', `/api/v1/contacts/${encodeURIComponent(sourceId)}/${undo ? 'unmerge' : 'merge'}`, { target_id: targetId },
    { 'Idempotency-Key': newId(undo ? 'unmerge' : 'merge') });
}

/** A contact read at or after a position (read-your-writes after a merge). */
export function getContactAt(id: string, minPosition?: number): Promise<Contact> {
  const q = minPosition ? `?min_position=${minPosition}` : '';
  return request('GET', `/api/v1/contacts/${encodeURIComponent(id)}${q}`);
}

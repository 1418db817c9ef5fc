// The web inbox's credential, in one place. Two kinds:
//  - an API key typed on the login screen, kept in sessionStorage (this tab
//    only) and sent as a Bearer token;
//  - a session cookie from e-mail + password login (HttpOnly, set by the
//    server), with the CSRF token echoed on every unsafe request.
// Everything else asks this module for headers and never looks at the kind.

export type Credential =
  | { kind: 'key'; key: string }
  | { kind: 'session'; csrf: string };

export interface Me {
  accountId: string;
  actor: { kind: string; id: string };
}

const STORE = 'parley.credential';
let current: Credential | null = load();

function load(): Credential | null {
  try {
    const raw = sessionStorage.getItem(STORE);
    return raw ? (JSON.parse(raw) as Credential) : null;
  } catch {
    return null;
  }
}

function save(c: Credential | null) {
  current = c;
  if (c) sessionStorage.setItem(STORE, JSON.stringify(c));
  else sessionStorage.removeItem(STORE);
}

export function credential(): Credential | null {
  return current;
}

/** Headers that authenticate a request of this method. */
export function authHeaders(method = 'GET'): Record<string, string> {
  if (!current) return {};
  if (current.kind === 'key') return { Authorization: `Bearer ${current.key}` };
  return method === 'GET' || method === 'HEAD' ? {} : { 'X-CSRF-Token': current.csrf };
}

async function whoami(headers: Record<string, string>): Promise<Me> {
  const r = await fetch('/api/v1/whoami', { headers, credentials: 'same-origin' });
  if (r.status === 401) throw new Error('That key was not accepted.');
  if (!r.ok) throw new Error(`The server answered ${r.status}.`);
  const b = await r.json();
  return { accountId: b.account_id, actor: b.actor };
}

/** Logs in with an API key; it is checked before it is kept. */
export async function loginWithKey(key: string): Promise<Me> {
  // A pasted .parley/api-key line ("key=account:agent:id") works too.
  const k = key.trim().split('=')[0];
  const me = await whoami({ Authorization: `Bearer ${k}` });
  save({ kind: 'key', key: k });
  return me;
}

/** Logs in with e-mail and password (session cookie + CSRF token). */
export async function loginWithPassword(email: string, password: string): Promise<Me> {
  const r = await fetch('/api/v1/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status === 401) throw new Error('Wrong e-mail or password.');
  if (r.status === 429) throw new Error('Too many attempts; wait a few minutes.');
  if (r.status === 404) throw new Error('This server does not offer password login yet; use an API key.');
  if (!r.ok) throw new Error(`The server answered ${r.status}.`);
  const b = await r.json();
  save({ kind: 'session', csrf: b.csrf_token });
  return whoami({});
}

/** Resumes the credential of this tab, if it still works. */
export async function resume(): Promise<Me | null> {
  if (!current) return null;
  try {
    return await whoami(authHeaders());
  } catch {
    save(null);
    return null;
  }
}

export async function logout(): Promise<void> {
  const was = current;
  save(null);
  if (was?.kind === 'session') {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': was.csrf } }).catch(() => {});
  }
}

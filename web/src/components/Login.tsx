import { useState } from 'preact/hooks';
import { loginWithKey, loginWithPassword, type Me } from '../auth';

/** The login screen: e-mail and password, or an API key. */
export function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [mode, setMode] = useState<'password' | 'key'>('key');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onLogin(mode === 'key' ? await loginWithKey(key) : await loginWithPassword(email, password));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login" aria-labelledby="login-title">
      <form onSubmit={submit} class="login-card">
        <h1 id="login-title">Parley</h1>
        <p class="muted">Sign in to the inbox</p>
        <div role="tablist" class="seg" aria-label="How to sign in">
          <button type="button" role="tab" aria-selected={mode === 'key'} onClick={() => setMode('key')}>API key</button>
          <button type="button" role="tab" aria-selected={mode === 'password'} onClick={() => setMode('password')}>E-mail</button>
        </div>
        {mode === 'key' ? (
          <label>
            API key
            <input name="api-key" type="password" autoComplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} autoFocus />
            <small class="muted">`make run` prints one; it is also in .parley/api-key.</small>
          </label>
        ) : (
          <>
            <label>
              E-mail
              <input name="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoFocus />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            </label>
          </>
        )}
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

import type { Me } from '../auth';
import type { StreamState } from '../stream';

export type PresenceStatus = 'online' | 'away' | 'offline';

/** The top bar: live-stream state, the agent's presence, who is signed in. */
export function TopBar({ me, stream, status, onStatus, onLogout }: {
  me: Me; stream: StreamState; status: PresenceStatus; onStatus: (s: PresenceStatus) => void; onLogout: () => void;
}) {
  return (
    <header class="topbar">
      <h1>Parley</h1>
      <span class={'live live-' + stream} role="status" data-testid="stream-state" title="Live updates">
        {stream === 'live' ? '● Live' : stream === 'offline' ? '○ Offline — retrying' : '◌ Connecting…'}
      </span>
      <label class="presence-pick">
        <span class="sr">Your status</span>
        <select aria-label="Your status" value={status} onChange={(e) => onStatus(e.currentTarget.value as PresenceStatus)}>
          <option value="online">Online</option><option value="away">Away</option><option value="offline">Offline</option>
        </select>
      </label>
      <span class="me" data-testid="me">{me.actor.id} · {me.accountId}</span>
      <button onClick={onLogout}>Sign out</button>
    </header>
  );
}

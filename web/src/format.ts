// Small display helpers.

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 7 ? `${d}d` : new Date(iso).toLocaleDateString();
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "3h 12m" until (or since) a time. */
export function span(ms: number): string {
  const m = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const h = Math.floor(m / 60);
  return h > 0 ? `${h}h ${m % 60}m` : `${m}m`;
}

/** Short channel marks, drawn as coloured chips (no emoji font needed). */
export const channelIcon: Record<string, string> = {
  whatsapp: 'WA', instagram: 'IG', messenger: 'FB', telegram: 'TG', sms: 'SMS', email: '@',
};

export const channelName: Record<string, string> = {
  whatsapp: 'WhatsApp', instagram: 'Instagram', messenger: 'Messenger', telegram: 'Telegram', sms: 'SMS', email: 'E-mail',
};

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/** Describes an event that is not a message or note, for the timeline. */
export function describeEvent(type: string, actor: { kind: string; id: string }): string {
  const who = actor.kind === 'system' ? 'System' : actor.id || actor.kind;
  const what: Record<string, string> = {
    'conversation.opened': 'opened the conversation',
    'conversation.session_started': 'started a new session',
    'conversation.assigned': 'assigned the conversation',
    'conversation.team_assigned': 'gave it to a team',
    'conversation.unassigned': 'unassigned it',
    'conversation.accepted': 'accepted it',
    'conversation.tag_applied': 'added a tag',
    'conversation.tag_removed': 'removed a tag',
    'conversation.closed': 'closed the conversation',
    'conversation.reopened': 'reopened the conversation',
    'conversation.snoozed': 'snoozed the conversation',
    'conversation.priority_set': 'changed the priority',
    'conversation.handed_off': 'handed off from the bot',
    'conversation.transcription_added': 'added a transcription',
    'conversation.summary_added': 'added a summary',
    'conversation.reference_linked': 'linked a reference',
    'conversation.integration_event_recorded': 'recorded an integration event',
  };
  return `${who} ${what[type] ?? type.replace(/^conversation\./, '').replace(/_/g, ' ')}`;
}

/** The contact's name, else its handle, else its id. */
export function displayName(c: { contact: { id: string; name: string; handle: string } }): string {
  return c.contact.name || c.contact.handle || c.contact.id;
}

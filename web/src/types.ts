// Shapes of the query API (api/openapi.yaml).

export type Status = 'open' | 'pending' | 'snoozed' | 'closed';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export type Channel = 'whatsapp' | 'instagram' | 'messenger' | 'telegram' | 'sms' | 'email';

export interface Conversation {
  id: string;
  inbox_id: string;
  channel: Channel;
  contact: { id: string; name: string; avatar_url?: string; handle: string; handle_masked: boolean };
  subject?: string;
  status: Status;
  assignee_id: string | null;
  accepted?: boolean;
  team_id: string | null;
  tags: string[];
  priority: Priority;
  snoozed_until: string | null;
  last_message: { preview: string; kind: string; direction: 'inbound' | 'outbound'; at: string } | null;
  message_count: number;
  unread: number;
  last_inbound_at: string | null;
  window_closes_at: string | null;
  waiting_since: string | null;
  created_at: string;
  closed_at: string | null;
  last_activity_at: string;
  session: number;
  revision: number;
}

export type StatusCounts = Record<Status, number>;
export interface TabCounts {
  all: StatusCounts;
  mine: StatusCounts;
  unassigned: StatusCounts;
  assigned: StatusCounts;
}

export interface Page {
  data: Conversation[];
  meta: { next_cursor?: string; limit: number; counts: TabCounts };
}

export interface Contact {
  id: string;
  display_name: string;
  avatar_url?: string;
  identities: { kind: string; value: string; masked: boolean }[];
  tags: string[];
  private: boolean;
  custom_fields: Record<string, string>;
  created_at: string;
  conversations: { id: string; inbox_id: string; channel: string; status: string; last_message_preview: string; last_activity_at: string }[];
}

export interface CommandResult {
  stream: string;
  revision: number;
  position: number;
}

export interface StreamChange {
  seq: number;
  kind: 'conversation.updated' | 'timeline.entry' | 'contact.updated';
  event_type: string;
  conversation_id?: string;
  contact_id?: string;
  position: number;
  stream_revision: number;
  summary: {
    type: string;
    actor: { kind: string; id: string };
    occurred_at: string;
    message_id?: string;
    preview?: string;
    status?: string;
  };
  row?: Conversation;
}

export type Tab = 'mine' | 'unassigned' | 'all';

export interface Filters {
  status: Status | '';
  channel: Channel | '';
  inbox: string;
  team: string;
  tag: string;
  priority: Priority | '';
  unread: boolean;
  waiting: boolean;
  sort: 'last_activity' | 'created' | 'waiting_since' | 'priority';
}

export const emptyFilters: Filters = {
  status: 'open', channel: '', inbox: '', team: '', tag: '', priority: '', unread: false, waiting: false, sort: 'last_activity',
};

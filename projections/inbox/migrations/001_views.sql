-- Inbox views. {{schema}} is replaced by the projector's schema ("inbox" live,
-- e.g. "inbox_rebuild" while a rebuild writes side by side). Every statement
-- is idempotent: Migrate runs the whole file each time.
CREATE SCHEMA IF NOT EXISTS {{schema}};

-- One row per conversation. revision is the stream revision of the last
-- applied event: the per-row guard against redelivery. Text ids use the "C"
-- collation so keyset comparisons and index order agree byte for byte.
CREATE TABLE IF NOT EXISTS {{schema}}.conversations (
    id                text COLLATE "C" PRIMARY KEY,
    account_id        text COLLATE "C" NOT NULL,
    inbox_id          text COLLATE "C" NOT NULL,
    channel           text NOT NULL,
    contact_id        text COLLATE "C" NOT NULL,
    contact_name      text NOT NULL DEFAULT '',
    contact_avatar    text NOT NULL DEFAULT '',
    contact_handle    text NOT NULL DEFAULT '',
    contact_handle_masked text NOT NULL DEFAULT '',
    contact_private   boolean NOT NULL DEFAULT false,
    subject           text NOT NULL DEFAULT '',
    status            text NOT NULL,
    assignee_id       text COLLATE "C" NOT NULL DEFAULT '',
    accepted          boolean NOT NULL DEFAULT false,
    team_id           text COLLATE "C" NOT NULL DEFAULT '',
    bot_id            text NOT NULL DEFAULT '',
    tags              text[] NOT NULL DEFAULT '{}',
    tag_keys          text[] NOT NULL DEFAULT '{}', -- lower-case tags, for filters
    priority          smallint NOT NULL DEFAULT 0,  -- none 0, low 1, medium 2, high 3, urgent 4
    snoozed_until     timestamptz,
    last_message_preview   text NOT NULL DEFAULT '',
    last_message_kind      text NOT NULL DEFAULT '',
    last_message_direction text NOT NULL DEFAULT '',
    last_message_at   timestamptz,
    message_count     integer NOT NULL DEFAULT 0,
    inbound_count     integer NOT NULL DEFAULT 0,
    last_inbound_at   timestamptz,
    window_closes_at  timestamptz,
    waiting_since     timestamptz,
    first_response_at timestamptz,
    resolved_at       timestamptz,
    created_at        timestamptz NOT NULL,
    closed_at         timestamptz,
    last_activity_at  timestamptz NOT NULL,
    session           integer NOT NULL DEFAULT 0,
    revision          bigint NOT NULL
);

-- Which list query each index serves. Every list is scoped by account and
-- paged by keyset on (sort key..., id) in the index's order; a list over
-- several statuses runs one such scan per status (see query/list_sql.go), so
-- every index has status right before the sort key.
--   sort=last_activity with no other filter, or filters that are rarely selective
--   (unread, tag combined with status...); updated_after/before ranges
CREATE INDEX IF NOT EXISTS conv_status_activity ON {{schema}}.conversations (account_id, status, last_activity_at DESC, id DESC);
--   assignee=me|<agent>|unassigned (assignee_id = '') with or without status
CREATE INDEX IF NOT EXISTS conv_assignee ON {{schema}}.conversations (account_id, assignee_id, status, last_activity_at DESC, id DESC);
--   team=<id>
CREATE INDEX IF NOT EXISTS conv_team ON {{schema}}.conversations (account_id, team_id, status, last_activity_at DESC, id DESC);
--   inbox=<id>
CREATE INDEX IF NOT EXISTS conv_inbox ON {{schema}}.conversations (account_id, inbox_id, status, last_activity_at DESC, id DESC);
--   channel=<ch>
CREATE INDEX IF NOT EXISTS conv_channel ON {{schema}}.conversations (account_id, channel, status, last_activity_at DESC, id DESC);
--   sort=created; created_after/before ranges
CREATE INDEX IF NOT EXISTS conv_created ON {{schema}}.conversations (account_id, status, created_at DESC, id DESC);
--   sort=priority (priority, then activity)
CREATE INDEX IF NOT EXISTS conv_priority ON {{schema}}.conversations (account_id, status, priority DESC, last_activity_at DESC, id DESC);
--   sort=waiting_since (oldest unanswered first); partial: only waiting rows
CREATE INDEX IF NOT EXISTS conv_waiting ON {{schema}}.conversations (account_id, status, waiting_since, id) WHERE waiting_since IS NOT NULL;
--   waiting=true with the default sort
CREATE INDEX IF NOT EXISTS conv_waiting_activity ON {{schema}}.conversations (account_id, status, last_activity_at DESC, id DESC) WHERE waiting_since IS NOT NULL;
--   assignee=assigned (the "assigned" tab): without it that tab walks every
--   unassigned row of a status before finding enough assigned ones
CREATE INDEX IF NOT EXISTS conv_assigned_activity ON {{schema}}.conversations (account_id, status, last_activity_at DESC, id DESC) WHERE assignee_id <> '';
--   tag=a,b with a sort other than last activity (any: &&, all: @>); the
--   default sort reads conversation_tags below
CREATE INDEX IF NOT EXISTS conv_tags ON {{schema}}.conversations USING gin (tag_keys);
--   contact=<id>, a contact's previous conversations, contact changes fanning out to its conversations
CREATE INDEX IF NOT EXISTS conv_contact ON {{schema}}.conversations (contact_id, last_activity_at DESC, id DESC);

-- One row per (conversation, tag) with the default sort key, so a tag list
-- (tag=a or tag=a,b) is one ordered index range scan per tag and status
-- instead of every tagged row sorted. Each row also carries all the
-- conversation's tags (tag_keys), so tag_match=all filters the first tag's
-- scan without a lookup per row, and its inbox and assignee, so the scope
-- of an agent limited to some inboxes or to unassigned-and-own
-- conversations filters the scan too (all three in the index). Written by
-- the projector with the conversation row (see write.go). Created, or given
-- a missing column, with its rows, so a database made before needs no
-- rebuild.
DO $$
BEGIN
    IF to_regclass('{{schema}}.conversation_tags') IS NULL THEN
        CREATE TABLE {{schema}}.conversation_tags (
            conversation_id  text COLLATE "C" NOT NULL,
            tag_key          text COLLATE "C" NOT NULL,
            account_id       text COLLATE "C" NOT NULL,
            status           text COLLATE "C" NOT NULL,
            last_activity_at timestamptz NOT NULL,
            tag_keys         text[] COLLATE "C" NOT NULL,
            inbox_id         text COLLATE "C" NOT NULL,
            assignee_id      text COLLATE "C" NOT NULL,
            PRIMARY KEY (conversation_id, tag_key)
        );
        INSERT INTO {{schema}}.conversation_tags (conversation_id, tag_key, account_id, status, last_activity_at, tag_keys, inbox_id, assignee_id)
        SELECT c.id, k, c.account_id, c.status, c.last_activity_at, c.tag_keys, c.inbox_id, c.assignee_id
        FROM {{schema}}.conversations c, unnest(c.tag_keys) AS k
        ON CONFLICT DO NOTHING;
    ELSE
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '{{schema}}.conversation_tags'::regclass AND attname = 'tag_keys') THEN
            ALTER TABLE {{schema}}.conversation_tags ADD COLUMN tag_keys text[] COLLATE "C" NOT NULL DEFAULT '{}';
            UPDATE {{schema}}.conversation_tags t SET tag_keys = c.tag_keys
            FROM {{schema}}.conversations c WHERE c.id = t.conversation_id;
            ALTER TABLE {{schema}}.conversation_tags ALTER COLUMN tag_keys DROP DEFAULT;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '{{schema}}.conversation_tags'::regclass AND attname = 'inbox_id') THEN
            ALTER TABLE {{schema}}.conversation_tags ADD COLUMN inbox_id text COLLATE "C" NOT NULL DEFAULT '',
                ADD COLUMN assignee_id text COLLATE "C" NOT NULL DEFAULT '';
            UPDATE {{schema}}.conversation_tags t SET inbox_id = c.inbox_id, assignee_id = c.assignee_id
            FROM {{schema}}.conversations c WHERE c.id = t.conversation_id;
            ALTER TABLE {{schema}}.conversation_tags ALTER COLUMN inbox_id DROP DEFAULT, ALTER COLUMN assignee_id DROP DEFAULT;
        END IF;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS conv_tag_activity_scope ON {{schema}}.conversation_tags (account_id, tag_key, status, last_activity_at DESC, conversation_id DESC) INCLUDE (tag_keys, inbox_id, assignee_id);
DROP INDEX IF EXISTS {{schema}}.conv_tag_activity_all;
DROP INDEX IF EXISTS {{schema}}.conv_tag_activity;

-- Message id -> how many inbound messages precede it (inclusive), so a read
-- mark ("read up to message X") becomes a number to compare with
-- conversations.inbound_count.
CREATE TABLE IF NOT EXISTS {{schema}}.messages (
    conversation_id text COLLATE "C" NOT NULL,
    message_id      text COLLATE "C" NOT NULL,
    inbound_upto    integer NOT NULL,
    PRIMARY KEY (conversation_id, message_id)
);

-- Per-agent read marks: unread for an agent = inbound_count - read_inbound
-- (or inbound_count when the agent has no row).
CREATE TABLE IF NOT EXISTS {{schema}}.reads (
    conversation_id text COLLATE "C" NOT NULL,
    agent_id        text COLLATE "C" NOT NULL,
    read_inbound    integer NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);

-- Tab counts, maintained incrementally by the projector (never COUNT(*) per
-- request). dimension is all, assigned, unassigned (key ''), assignee, inbox,
-- team, tag (key = the id or lower-case tag). Rows reaching 0 are deleted so
-- a rebuild and the live view hold the same rows.
CREATE TABLE IF NOT EXISTS {{schema}}.counts (
    account_id text COLLATE "C" NOT NULL,
    dimension  text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    status     text COLLATE "C" NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (account_id, dimension, key, status)
);

-- The per-inbox dimensions (inbox_unassigned, inbox_assigned,
-- inbox_assignee) came after the others: a database made before them gets
-- them counted once, here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {{schema}}.counts WHERE dimension IN ('inbox_unassigned', 'inbox_assigned')) THEN
        INSERT INTO {{schema}}.counts (account_id, dimension, key, status, n)
        SELECT account_id, CASE WHEN assignee_id = '' THEN 'inbox_unassigned' ELSE 'inbox_assigned' END, inbox_id, status, count(*)
        FROM {{schema}}.conversations GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT account_id, 'inbox_assignee', inbox_id || chr(31) || assignee_id, status, count(*)
        FROM {{schema}}.conversations WHERE assignee_id <> '' GROUP BY 1, 2, 3, 4;
    END IF;
END $$;

-- Per-agent open-conversation load, straight from the counts.
CREATE OR REPLACE VIEW {{schema}}.agent_load AS
    SELECT account_id, key AS agent_id, n AS open_count
    FROM {{schema}}.counts WHERE dimension = 'assignee' AND status = 'open';

CREATE TABLE IF NOT EXISTS {{schema}}.contacts (
    id            text COLLATE "C" PRIMARY KEY,
    account_id    text COLLATE "C" NOT NULL,
    display_name  text NOT NULL DEFAULT '',
    avatar_url    text NOT NULL DEFAULT '',
    identities    jsonb NOT NULL DEFAULT '[]', -- [{kind, value, masked}]
    tags          text[] NOT NULL DEFAULT '{}',
    private       boolean NOT NULL DEFAULT false,
    merged_into   text NOT NULL DEFAULT '',
    merged_from   text[] NOT NULL DEFAULT '{}',
    custom_fields jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    revision      bigint NOT NULL
);
-- SearchContacts by name prefix (lower-cased).
CREATE INDEX IF NOT EXISTS contact_name ON {{schema}}.contacts (account_id, lower(display_name) text_pattern_ops, id);

-- SearchContacts by handle prefix: lower-case e-mail, phone digits, other ids.
CREATE TABLE IF NOT EXISTS {{schema}}.contact_handles (
    account_id text COLLATE "C" NOT NULL,
    contact_id text COLLATE "C" NOT NULL,
    search_key text COLLATE "C" NOT NULL,
    PRIMARY KEY (contact_id, search_key)
);
CREATE INDEX IF NOT EXISTS contact_handle_search ON {{schema}}.contact_handles (account_id, search_key);

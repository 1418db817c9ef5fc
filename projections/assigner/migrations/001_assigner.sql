-- State of the assigner process manager (see projections/assigner). Every
-- statement is idempotent. Rows are written in the assigner's checkpoint
-- transaction, or by a sweep holding the same checkpoint row lock.
CREATE SCHEMA IF NOT EXISTS assigner;

-- Each account's assignment configuration folded from its stream.
CREATE TABLE IF NOT EXISTS assigner.configs (
    account_id text COLLATE "C" PRIMARY KEY,
    state      jsonb NOT NULL,
    revision   bigint NOT NULL
);

-- What the assigner knows of each conversation. waiting_since is set while
-- the conversation is open, unassigned and not bot-owned: the backlog.
CREATE TABLE IF NOT EXISTS assigner.conversations (
    account_id      text COLLATE "C" NOT NULL,
    conversation_id text COLLATE "C" NOT NULL,
    inbox_id        text NOT NULL,
    channel         text NOT NULL,
    contact_id      text NOT NULL,
    team_id         text NOT NULL DEFAULT '',
    status          text NOT NULL,
    bot_owned       boolean NOT NULL DEFAULT false,
    assignee_id     text COLLATE "C" NOT NULL DEFAULT '',
    tags            text[] NOT NULL DEFAULT '{}',
    last_text       text NOT NULL DEFAULT '',
    waiting_since   timestamptz,
    revision        bigint NOT NULL,
    PRIMARY KEY (account_id, conversation_id)
);
CREATE INDEX IF NOT EXISTS conversations_backlog
    ON assigner.conversations (account_id, waiting_since) WHERE waiting_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversations_load
    ON assigner.conversations (account_id, assignee_id) WHERE status = 'open' AND assignee_id <> '';

-- Contacts: custom fields for rules, and the last agent who served them.
CREATE TABLE IF NOT EXISTS assigner.contacts (
    account_id    text COLLATE "C" NOT NULL,
    contact_id    text COLLATE "C" NOT NULL,
    fields        jsonb NOT NULL DEFAULT '{}',
    last_agent_id text NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, contact_id)
);

-- Round robin: the account-wide sequence of each agent's last automatic
-- assignment (0: never).
CREATE TABLE IF NOT EXISTS assigner.agents (
    account_id    text COLLATE "C" NOT NULL,
    agent_id      text COLLATE "C" NOT NULL,
    last_assigned bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, agent_id)
);

-- Every decision, for "why" and for tests: one row per command id.
CREATE TABLE IF NOT EXISTS assigner.decisions (
    account_id      text COLLATE "C" NOT NULL,
    command_id      text COLLATE "C" NOT NULL,
    conversation_id text NOT NULL,
    trigger         text NOT NULL,
    outcome         text NOT NULL,
    agent_id        text NOT NULL DEFAULT '',
    team_id         text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',
    policy          text NOT NULL DEFAULT '',
    rule_id         text NOT NULL DEFAULT '',
    candidates      text[] NOT NULL DEFAULT '{}',
    decided_at      timestamptz NOT NULL,
    PRIMARY KEY (account_id, command_id)
);
CREATE INDEX IF NOT EXISTS decisions_conversation ON assigner.decisions (account_id, conversation_id, decided_at);

-- The event log. See eventstore/postgres/doc.go for the position formula,
-- the read horizon and the hash chain.
CREATE TABLE eventstore.streams (
    stream_id  text PRIMARY KEY,
    account_id text   NOT NULL,
    revision   bigint NOT NULL, -- last revision; -1 only inside an uncommitted first append
    last_hash  bytea  NOT NULL  -- hash of the stream's last event
);

CREATE TABLE eventstore.events (
    position       bigint PRIMARY KEY, -- txid * 2^20 + index within the transaction
    txid           xid8        NOT NULL,
    stream_id      text        NOT NULL,
    revision       bigint      NOT NULL,
    id             uuid        NOT NULL UNIQUE,
    type           text        NOT NULL,
    schema_version integer     NOT NULL,
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL,
    account_id     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    hash           bytea       NOT NULL,
    UNIQUE (stream_id, revision)
);

-- Auditors export by account and time range, or by event type and time range.
CREATE INDEX events_account_occurred_at ON eventstore.events (account_id, occurred_at);
CREATE INDEX events_type_occurred_at ON eventstore.events (type, occurred_at);

-- The live feed: one small row per conversation or contact event, kept for a
-- bounded time (see Cleanup) so that reconnecting clients can resume.
CREATE TABLE IF NOT EXISTS live_changes (
    seq             bigserial PRIMARY KEY,
    account_id      text NOT NULL,
    conversation_id text,
    contact_id      text,
    kind            text NOT NULL,
    event_type      text NOT NULL,
    stream          text NOT NULL,
    position        bigint NOT NULL,
    stream_revision bigint NOT NULL,
    payload         jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- One row per event: a redelivered or re-driven event inserts nothing.
    CONSTRAINT live_changes_position_key UNIQUE (position),
    CONSTRAINT live_changes_subject CHECK (conversation_id IS NOT NULL OR contact_id IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS live_changes_account_seq ON live_changes (account_id, seq);
CREATE INDEX IF NOT EXISTS live_changes_created_at ON live_changes (created_at);

-- The highest seq ever deleted by retention: a client that has seen less
-- than this may have missed changes and must resync.
CREATE TABLE IF NOT EXISTS live_horizon (
    id             boolean PRIMARY KEY DEFAULT true CHECK (id),
    purged_through bigint NOT NULL DEFAULT 0
);
INSERT INTO live_horizon (id, purged_through) VALUES (true, 0) ON CONFLICT (id) DO NOTHING;

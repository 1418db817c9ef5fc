-- Saved views of the conversation list, private to their owner (an actor of
-- an account). Every statement is idempotent.
CREATE SCHEMA IF NOT EXISTS savedviews;

CREATE TABLE IF NOT EXISTS savedviews.views (
    account_id text COLLATE "C" NOT NULL,
    owner      text COLLATE "C" NOT NULL, -- actor kind:id
    id         text COLLATE "C" NOT NULL,
    name       text NOT NULL,
    tab        text NOT NULL,
    filters    jsonb NOT NULL,
    sort       text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, owner, id)
);

-- One name per owner, whatever its case.
CREATE UNIQUE INDEX IF NOT EXISTS views_name ON savedviews.views (account_id, owner, lower(name));

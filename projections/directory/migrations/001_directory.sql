-- Account configuration read model (see projections/directory). Every
-- statement is idempotent.
CREATE SCHEMA IF NOT EXISTS directory;

CREATE TABLE IF NOT EXISTS directory.accounts (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL,
    revision   bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS directory.users (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    email      text NOT NULL,
    name       text NOT NULL,
    role       text NOT NULL,
    archived   boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);
-- Login looks users up by e-mail across accounts.
CREATE INDEX IF NOT EXISTS users_email ON directory.users (email);

CREATE TABLE IF NOT EXISTS directory.roles (
    account_id  text COLLATE "C" NOT NULL,
    id          text COLLATE "C" NOT NULL,
    name        text NOT NULL,
    permissions text[] NOT NULL DEFAULT '{}',
    scope       text NOT NULL,
    archived    boolean NOT NULL DEFAULT false,
    revision    bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE IF NOT EXISTS directory.teams (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    name       text NOT NULL,
    members    text[] NOT NULL DEFAULT '{}',
    archived   boolean NOT NULL DEFAULT false,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE IF NOT EXISTS directory.inboxes (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    name       text NOT NULL,
    channel    text NOT NULL,
    agents     text[] NOT NULL DEFAULT '{}',
    teams      text[] NOT NULL DEFAULT '{}',
    archived   boolean NOT NULL DEFAULT false,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE IF NOT EXISTS directory.tokens (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    name       text NOT NULL,
    kind       text NOT NULL,
    client_id  text NOT NULL,
    role       text NOT NULL,
    inboxes    text[] NOT NULL DEFAULT '{}',
    expires_at timestamptz,
    revoked    boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

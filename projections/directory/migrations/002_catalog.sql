-- The tag catalogue and quick replies (see projections/directory).
CREATE TABLE IF NOT EXISTS directory.tags (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    name       text NOT NULL,
    color      text NOT NULL DEFAULT '',
    archived   boolean NOT NULL DEFAULT false,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE IF NOT EXISTS directory.quick_replies (
    account_id text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    shortcut   text NOT NULL,
    text       text NOT NULL,
    scope      text NOT NULL,
    team_id    text NOT NULL DEFAULT '',
    owner_id   text NOT NULL DEFAULT '',
    archived   boolean NOT NULL DEFAULT false,
    revision   bigint NOT NULL,
    PRIMARY KEY (account_id, id)
);

-- Where each projector (or rebuild) has got to, and the occurred_at of that
-- event, for lag in seconds. position is the event's global position.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name        text PRIMARY KEY,
    position    bigint NOT NULL,
    occurred_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Events a projector could not apply; while a projector has a row here it is
-- halted. Deleting the row (Unpark) re-drives it from its checkpoint.
CREATE TABLE IF NOT EXISTS parked_events (
    projector  text NOT NULL,
    position   bigint NOT NULL,
    event_id   uuid NOT NULL,
    stream     text NOT NULL,
    event_type text NOT NULL,
    error      text NOT NULL,
    parked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projector, position)
);

-- event_hash chains an event to its predecessor in the stream:
-- sha256(previous hash || UTF-8 of the jsonb text of
-- [id, stream, revision, type, schema_version, data, metadata]).
-- jsonb's text output is canonical (key order, spacing), so the bytes do not
-- depend on how the client formatted its JSON.
CREATE FUNCTION eventstore.event_hash(
    prev bytea, id uuid, stream text, revision bigint, type text,
    schema_version integer, data jsonb, metadata jsonb
) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN sha256(prev || convert_to(
    jsonb_build_array(id, stream, revision, type, schema_version, data, metadata)::text, 'UTF8'));

-- expectation_holds checks an append's expectation against a stream's last
-- revision (-1: no stream).
CREATE FUNCTION eventstore.expectation_holds(p_kind integer, p_expected bigint, p_actual bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE p_kind
    WHEN 1 THEN p_actual = -1
    WHEN 2 THEN p_actual >= 0
    WHEN 3 THEN p_actual = p_expected
    ELSE true
END;

-- append writes events at the end of a stream in one statement.
-- p_expected_kind: 0 any, 1 no stream, 2 stream exists, 3 exact (p_expected_revision).
-- A failed expectation is a result, not an error (conflicts are routine and
-- should not fill the server log): conflict = true and revision = the
-- stream's actual revision (-1 for none). Invalid appends raise SQLSTATE PS400.
-- Notifications are sent after commit by the Go store (notifier.go), never
-- from here with an empty p_channel: a NOTIFY inside the append transaction
-- takes PostgreSQL's global notification-queue lock until commit, which
-- serialises every appending transaction's commit (pgbench, 16 clients:
-- 3,500 vs 17,400 tps). The lock-free fast path reads the event ids and the
-- stream's revision in one statement (one snapshot), so a concurrent retry
-- committing in between is never mistaken for a conflict.
CREATE FUNCTION eventstore.append(
    p_stream text,
    p_expected_kind integer,
    p_expected_revision bigint,
    p_ids uuid[],
    p_types text[],
    p_versions integer[],
    p_data jsonb[],
    p_metadata jsonb[],
    p_channel text,
    OUT conflict boolean,
    OUT revision bigint,
    OUT "position" bigint
)
LANGUAGE plpgsql AS $$
DECLARE
    n          integer := coalesce(cardinality(p_ids), 0);
    v_current  bigint;
    v_hash     bytea;
    v_found    integer;
    v_other    integer;
    v_txid     xid8;
    v_base     bigint;
    v_index    bigint;
    v_now      timestamptz := clock_timestamp();
BEGIN
    IF n = 0 OR cardinality(p_types) <> n OR cardinality(p_versions) <> n
       OR cardinality(p_data) <> n OR cardinality(p_metadata) <> n THEN
        RAISE EXCEPTION 'eventstore: append to % needs the same number (>0) of ids, types, versions, data and metadata', p_stream
            USING ERRCODE = 'PS400';
    END IF;
    conflict := false;

    -- Fast paths, without locks: a retry of committed events, or an
    -- expectation that already fails against the last committed revision
    -- (the stream was there at this statement's snapshot, so the conflict
    -- is a true answer and nothing was written).
    -- One statement, so one snapshot: the ids and the stream's revision are
    -- seen as of the same moment (a concurrent retry that commits between
    -- two statements must not look like a conflict).
    SELECT f.found, f.other, f.current INTO v_found, v_other, v_current
    FROM (SELECT
            (SELECT count(*) FROM eventstore.events e WHERE e.id = ANY (p_ids) AND e.stream_id = p_stream) AS found,
            (SELECT count(*) FROM eventstore.events e WHERE e.id = ANY (p_ids) AND e.stream_id <> p_stream) AS other,
            (SELECT coalesce(max(s.revision), -1) FROM eventstore.streams s WHERE s.stream_id = p_stream) AS current) f;
    IF v_found = n AND v_other = 0 THEN
        SELECT e.revision, e.position INTO revision, "position"
        FROM eventstore.events e WHERE e.id = ANY (p_ids) ORDER BY e.revision DESC LIMIT 1;
        RETURN;
    END IF;
    IF v_found = 0 AND v_other = 0 AND NOT eventstore.expectation_holds(p_expected_kind, p_expected_revision, v_current) THEN
        conflict := true;
        revision := v_current;
        RETURN;
    END IF;

    -- Lock the stream row (creating a placeholder for a new stream) so that
    -- appends to one stream, including concurrent retries, run one at a time.
    INSERT INTO eventstore.streams (stream_id, account_id, revision, last_hash)
    VALUES (p_stream, coalesce(p_metadata[1] ->> 'account_id', ''), -1, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    ON CONFLICT (stream_id) DO NOTHING;
    SELECT s.revision, s.last_hash INTO v_current, v_hash
    FROM eventstore.streams s WHERE s.stream_id = p_stream FOR UPDATE;

    -- A retry: the ids are already in this stream. Answer the original result.
    SELECT count(*) FILTER (WHERE e.stream_id = p_stream), count(*) FILTER (WHERE e.stream_id <> p_stream)
    INTO v_found, v_other
    FROM eventstore.events e WHERE e.id = ANY (p_ids);
    IF v_other > 0 THEN
        RAISE EXCEPTION 'eventstore: append to %: % event id(s) already belong to another stream', p_stream, v_other
            USING ERRCODE = 'PS400';
    END IF;
    IF v_found > 0 THEN
        IF v_found < n THEN
            RAISE EXCEPTION 'eventstore: append to %: % of % event ids were already appended', p_stream, v_found, n
                USING ERRCODE = 'PS400';
        END IF;
        SELECT e.revision, e.position INTO revision, "position"
        FROM eventstore.events e WHERE e.id = ANY (p_ids) ORDER BY e.revision DESC LIMIT 1;
        RETURN;
    END IF;

    IF NOT eventstore.expectation_holds(p_expected_kind, p_expected_revision, v_current) THEN
        DELETE FROM eventstore.streams s WHERE s.stream_id = p_stream AND s.revision = -1; -- our placeholder
        conflict := true;
        revision := v_current;
        RETURN;
    END IF;

    -- position = txid * 2^20 + index of the event within its transaction.
    v_txid := pg_current_xact_id();
    v_base := (v_txid::text::bigint) << 20;
    SELECT coalesce(max(e.position) - v_base + 1, 0) INTO v_index
    FROM eventstore.events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
    IF v_index + n > 1048576 THEN
        RAISE EXCEPTION 'eventstore: append to %: more than 2^20 events in one transaction', p_stream
            USING ERRCODE = 'PS400';
    END IF;

    FOR i IN 1..n LOOP
        v_current := v_current + 1;
        v_hash := eventstore.event_hash(v_hash, p_ids[i], p_stream, v_current, p_types[i],
                                        p_versions[i], p_data[i], p_metadata[i]);
        INSERT INTO eventstore.events (position, txid, stream_id, revision, id, type, schema_version,
                                       data, metadata, account_id, occurred_at, recorded_at, hash)
        VALUES (v_base + v_index + i - 1, v_txid, p_stream, v_current, p_ids[i], p_types[i], p_versions[i],
                p_data[i], p_metadata[i], coalesce(p_metadata[i] ->> 'account_id', ''),
                (p_metadata[i] ->> 'occurred_at')::timestamptz, v_now, v_hash);
    END LOOP;

    UPDATE eventstore.streams s SET revision = v_current, last_hash = v_hash WHERE s.stream_id = p_stream;

    revision := v_current;
    "position" := v_base + v_index + n - 1;
    -- One small notification per append, delivered at commit.
    IF p_channel <> '' THEN
        PERFORM pg_notify(p_channel, "position"::text);
    END IF;
END
$$;

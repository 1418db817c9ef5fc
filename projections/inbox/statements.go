package inbox

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// statements is the projector's SQL with the schema spliced in.
type statements struct {
	loadConvs, upsertConv, propagateContact    string
	loadContacts, upsertContact                string
	deleteHandles, insertHandles               string
	insertMessages, lookupMessage, upsertReads string
	addCounts, dropZeroCounts                  string
	deleteTags, insertTags                     string
}

const convColumns = `id, account_id, inbox_id, channel, contact_id, contact_name, contact_avatar, contact_handle,
contact_handle_masked, contact_private, subject, status, assignee_id, team_id, bot_id,
accepted, tags, tag_keys, priority, snoozed_until, last_message_preview, last_message_kind, last_message_direction,
last_message_at, message_count, inbound_count, last_inbound_at, window_closes_at, waiting_since, first_response_at,
resolved_at, created_at, closed_at, last_activity_at, session, revision`

const contactColumns = `id, account_id, display_name, avatar_url, identities, tags, private, merged_into, merged_from,
custom_fields, created_at, updated_at, revision`

// handleCase picks the identity kind that reaches the contact on the
// conversation's channel (as handleKind does).
const handleCase = `CASE c.channel WHEN 'whatsapp' THEN 'phone' WHEN 'sms' THEN 'phone' WHEN 'email' THEN 'email'
WHEN 'telegram' THEN 'telegram_id' WHEN 'messenger' THEN 'page_scoped_id' WHEN 'instagram' THEN 'instagram_id' END`

func newStatements(schema string) statements {
	s := pgx.Identifier{schema}.Sanitize()
	q := func(sql string) string { return strings.ReplaceAll(sql, "{s}", s) }
	return statements{
		loadConvs: q(`SELECT ` + convColumns + ` FROM {s}.conversations WHERE id = ANY($1) ORDER BY id FOR UPDATE`),
		upsertConv: q(`INSERT INTO {s}.conversations AS v (` + convColumns + `)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,
$32,$33,$34,$35,$36)
ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, inbox_id = EXCLUDED.inbox_id, channel = EXCLUDED.channel,
contact_id = EXCLUDED.contact_id, contact_name = EXCLUDED.contact_name, contact_avatar = EXCLUDED.contact_avatar,
contact_handle = EXCLUDED.contact_handle, contact_handle_masked = EXCLUDED.contact_handle_masked,
contact_private = EXCLUDED.contact_private, subject = EXCLUDED.subject, status = EXCLUDED.status, assignee_id = EXCLUDED.assignee_id,
team_id = EXCLUDED.team_id, bot_id = EXCLUDED.bot_id, accepted = EXCLUDED.accepted, tags = EXCLUDED.tags,
tag_keys = EXCLUDED.tag_keys, priority = EXCLUDED.priority, snoozed_until = EXCLUDED.snoozed_until,
last_message_preview = EXCLUDED.last_message_preview, last_message_kind = EXCLUDED.last_message_kind,
last_message_direction = EXCLUDED.last_message_direction, last_message_at = EXCLUDED.last_message_at,
message_count = EXCLUDED.message_count, inbound_count = EXCLUDED.inbound_count, last_inbound_at = EXCLUDED.last_inbound_at,
window_closes_at = EXCLUDED.window_closes_at, waiting_since = EXCLUDED.waiting_since,
first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at, created_at = EXCLUDED.created_at,
closed_at = EXCLUDED.closed_at, last_activity_at = EXCLUDED.last_activity_at, session = EXCLUDED.session,
revision = EXCLUDED.revision
WHERE v.revision < EXCLUDED.revision`),
		// Conversations the batch did not write whose contact it changed;
		// rows already equal are left alone.
		propagateContact: q(`UPDATE {s}.conversations c SET contact_name = x.name, contact_avatar = x.avatar,
contact_private = x.private, contact_handle = x.handle, contact_handle_masked = x.masked
FROM (SELECT c.id, k.display_name AS name, k.avatar_url AS avatar, k.private,
        coalesce(h.value, '') AS handle, coalesce(h.masked, '') AS masked
      FROM {s}.conversations c JOIN {s}.contacts k ON k.id = c.contact_id
      LEFT JOIN LATERAL (SELECT i->>'value' AS value, i->>'masked' AS masked
          FROM jsonb_array_elements(k.identities) WITH ORDINALITY AS e(i, n)
          WHERE i->>'kind' = ` + handleCase + ` ORDER BY n LIMIT 1) h ON true
      WHERE c.contact_id = ANY($1) AND NOT c.id = ANY($2)) x
WHERE c.id = x.id AND (c.contact_name, c.contact_avatar, c.contact_private, c.contact_handle, c.contact_handle_masked)
      IS DISTINCT FROM (x.name, x.avatar, x.private, x.handle, x.masked)`),
		loadContacts: q(`SELECT ` + contactColumns + ` FROM {s}.contacts WHERE id = ANY($1) ORDER BY id FOR UPDATE`),
		upsertContact: q(`INSERT INTO {s}.contacts AS v (` + contactColumns + `)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, display_name = EXCLUDED.display_name,
avatar_url = EXCLUDED.avatar_url, identities = EXCLUDED.identities, tags = EXCLUDED.tags, private = EXCLUDED.private,
merged_into = EXCLUDED.merged_into, merged_from = EXCLUDED.merged_from, custom_fields = EXCLUDED.custom_fields,
created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, revision = EXCLUDED.revision
WHERE v.revision < EXCLUDED.revision`),
		deleteHandles: q(`DELETE FROM {s}.contact_handles WHERE contact_id = ANY($1)`),
		insertHandles: q(`INSERT INTO {s}.contact_handles (account_id, contact_id, search_key)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`),
		insertMessages: q(`INSERT INTO {s}.messages (conversation_id, message_id, inbound_upto)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING`),
		lookupMessage: q(`SELECT inbound_upto FROM {s}.messages WHERE conversation_id = $1 AND message_id = $2`),
		upsertReads: q(`INSERT INTO {s}.reads AS r (conversation_id, agent_id, read_inbound)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_inbound = EXCLUDED.read_inbound`),
		deleteTags: q(`DELETE FROM {s}.conversation_tags WHERE conversation_id = ANY($1)`),
		// After the conversations' upsert in the same batch: the tag rows
		// copy the stored row (which a stale redelivery leaves unchanged).
		insertTags: q(`INSERT INTO {s}.conversation_tags (conversation_id, tag_key, account_id, status, last_activity_at, tag_keys, inbox_id, assignee_id)
SELECT c.id, k, c.account_id, c.status, c.last_activity_at, c.tag_keys, c.inbox_id, c.assignee_id
FROM {s}.conversations c, unnest(c.tag_keys) AS k WHERE c.id = ANY($1) ON CONFLICT DO NOTHING`),
		addCounts: q(`INSERT INTO {s}.counts AS c (account_id, dimension, key, status, n)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
ON CONFLICT (account_id, dimension, key, status) DO UPDATE SET n = c.n + EXCLUDED.n`),
		dropZeroCounts: q(`DELETE FROM {s}.counts c USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(a, d, key, st)
WHERE c.account_id = k.a AND c.dimension = k.d AND c.key = k.key AND c.status = k.st AND c.n = 0`),
	}
}

package estimeline

// m is a JSON object.
type m = map[string]any

var (
	keyword = m{"type": "keyword"}
	date    = m{"type": "date"}
	long    = m{"type": "long"}
	integer = m{"type": "integer"}
	double  = m{"type": "double"}
	boolean = m{"type": "boolean"}
	// text is analysed by parley_text: the standard tokenizer (Unicode word
	// breaks, one token per CJK character) with lowercase and asciifolding,
	// the same analysis as timeline.Terms.
	// Hits are sorted by time, never scored: no norms.
	text = m{"type": "text", "analyzer": "parley_text", "norms": false}
)

// LiveRefreshInterval is how soon a new document becomes searchable. Half
// a second keeps "command → found by search" within 1.5 s with the
// indexer's own delay; the engine's default of 1 s alone used most of it.
const LiveRefreshInterval = "500ms"

// settings of every index: one shard (the metrics' terms aggregations are
// exact), no replica on a single node, and the text analyzer.
func settings() m {
	return m{
		"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": LiveRefreshInterval,
		"analysis": m{"analyzer": m{"parley_text": m{
			"type": "custom", "tokenizer": "standard", "filter": []string{"lowercase", "asciifolding"},
		}}},
	}
}

// mappings are the explicit, strict mappings of each kind of index.
func mappings(kind string) m {
	var p m
	switch kind {
	case kindEntries:
		p = m{"id": keyword, "account_id": keyword, "conversation_id": keyword, "contact_id": keyword,
			"channel": keyword, "inbox_id": keyword, "kind": keyword, "event_type": keyword, "position": long,
			"at": date, "actor_kind": keyword, "actor_id": keyword, "session": integer, "direction": keyword,
			"message_id": keyword, "message_type": keyword, "media_kind": keyword, "text": text,
			"delivery_status": keyword, "deliveries": m{"properties": m{"status": keyword, "at": date, "reason": keyword}},
			"mentions": keyword, "tag": keyword, "agent_id": keyword, "team_id": keyword, "reason": keyword,
			"status": keyword, "until": date, "source": keyword, "name": keyword, "language": keyword,
			"ad_id": keyword, "version": long}
	case kindSessions:
		p = m{"id": keyword, "account_id": keyword, "conversation_id": keyword, "contact_id": keyword,
			"channel": keyword, "inbox_id": keyword, "session": integer, "status": keyword, "team_id": keyword,
			"assignee_id": keyword, "assignees": keyword, "tags": keyword, "opened_at": date,
			"first_response_at": date, "closed_at": date, "first_response_seconds": double,
			"resolution_seconds": double, "agent_messages": integer, "customer_messages": integer,
			"reopened": boolean, "reopened_after_close": boolean, "bot_handled": boolean, "handed_off": boolean,
			"ad_source": keyword, "version": long}
	case kindConversations:
		p = m{"id": keyword, "account_id": keyword, "contact_id": keyword, "channel": keyword, "inbox_id": keyword,
			"bot_id": keyword, "status": keyword, "session": integer, "team_id": keyword, "assignee_id": keyword,
			"tags": keyword, "reopens": integer, "ad_source": keyword, "opened_at": date, "version": long}
	case kindContacts:
		p = m{"id": keyword, "account_id": keyword, "display_name": text, "tags": keyword, "phone_last4": keyword,
			"phone_hashes": keyword, "merged_into": keyword, "at": date, "version": long}
	}
	return m{"dynamic": "strict", "properties": p}
}

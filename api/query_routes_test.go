package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/query"
)

func TestQueryRoutesReadYourWrites(t *testing.T) {
	h := newQueryHarness(t, 40)
	id := h.gen.ConversationID(0)
	// Every seeded event is visible once the projector reached the head.
	var page query.Page
	if st, _, body := h.get(t, keyQueryAcct1, fmt.Sprintf("/api/v1/conversations?min_position=%d&wait_ms=10000&limit=100", h.head), &page); st != 200 {
		t.Fatalf("list: %d %s", st, body)
	}
	if len(page.Data) != 20 || page.Meta.Counts.All.Open+page.Meta.Counts.All.Closed+page.Meta.Counts.All.Pending+page.Meta.Counts.All.Snoozed != 20 {
		t.Fatalf("account 1 has %d conversations (counts %+v), want 20", len(page.Data), page.Meta.Counts.All)
	}
	// A new write is read back with its position.
	codec, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	typ, v, data, err := codec.Encode(conversation.TagApplied{Tag: "Read-Your-Writes"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.store.Append(t.Context(), conversation.StreamName(id), eventstore.Any(), []eventstore.EventData{{
		ID: uuid.New(), Type: typ, SchemaVersion: v, Data: data,
		Metadata: eventstore.Metadata{AccountID: "acct-1", Actor: eventstore.Actor{Kind: "agent", ID: "a1-agent-3"}, OccurredAt: page.Data[0].LastActivityAt.Add(1)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var c query.Conversation
	st, hdr, body := h.get(t, keyQueryAcct1, fmt.Sprintf("/api/v1/conversations/%s?min_position=%d", id, res.Position), &c)
	if st != 200 || !slices.Contains(c.Tags, "Read-Your-Writes") || hdr.Get("ETag") != ETag(res.Revision) {
		t.Fatalf("after the write: %d %s (ETag %s, want %s)", st, body, hdr.Get("ETag"), ETag(res.Revision))
	}
	// A position the projector never reaches: 503 with Retry-After.
	st, hdr, body = h.get(t, keyQueryAcct1, fmt.Sprintf("/api/v1/conversations/%s?min_position=%d&wait_ms=50", id, res.Position+1<<40), nil)
	if st != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || !strings.Contains(string(body), "not_yet_visible") {
		t.Fatalf("unreachable position: %d %v %s", st, hdr, body)
	}
}

func TestQueryRoutesRejectBadInputAndOtherAccounts(t *testing.T) {
	h := newQueryHarness(t, 20)
	var page query.Page
	if st, _, body := h.get(t, keyQueryAcct1, fmt.Sprintf("/api/v1/conversations?limit=2&wait_ms=10000&min_position=%d", h.head), &page); st != 200 || page.Meta.NextCursor == "" {
		t.Fatalf("first page: %d %s", st, body)
	}
	cur := page.Meta.NextCursor
	forged := []byte(cur)
	forged[10] ^= 1 // alter the payload, keep the signature
	for _, tc := range []struct{ path, field string }{
		{"/api/v1/conversations?colour=red", "colour"},
		{"/api/v1/conversations?limit=1000000", "limit"},
		{"/api/v1/conversations?limit=-5", "limit"},
		{"/api/v1/conversations?limit=0", "limit"},
		{"/api/v1/conversations?cursor=garbage", "cursor"},
		{"/api/v1/conversations?cursor=" + url.QueryEscape(string(forged)), "cursor"},
		{"/api/v1/conversations?sort=created&cursor=" + url.QueryEscape(cur), "cursor"},
		{"/api/v1/conversations?status=open&cursor=" + url.QueryEscape(cur), "cursor"},
		{"/api/v1/conversations?tag=t0,t1,t2,t3,t4,t5,t6,t7,t8,t9,t10", "tag"},
		{"/api/v1/conversations?created_after=last-week", "created_after"},
		{"/api/v1/conversations?priority=-1", "priority"},
		{"/api/v1/conversations?min_position=-1", "min_position"},
		{"/api/v1/conversations?min_position=1e9", "min_position"},
		{"/api/v1/conversations?min_position=99999999999999999999999", "min_position"},
		{"/api/v1/conversations?min_position=1&wait_ms=60000", "wait_ms"},
		{"/api/v1/conversations/" + h.gen.ConversationID(0) + "?verbose=1", "verbose"},
		{"/api/v1/contacts?q=a", "q"},
		{"/api/v1/contacts?q=ana&limit=51", "limit"},
		{"/api/v1/contacts?q=ana&fuzzy=true", "fuzzy"},
		{"/api/v1/contacts/" + h.gen.ContactID(0) + "?x=1", "x"},
	} {
		st, hdr, body := h.get(t, keyQueryAcct1, tc.path, nil)
		var p Problem
		_ = json.Unmarshal(body, &p)
		if st != 400 || hdr.Get("Content-Type") != ProblemContentType || len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
			t.Errorf("%s: %d %s %s, want 400 about %q", tc.path, st, hdr.Get("Content-Type"), body, tc.field)
		}
	}
	// Account 2's conversation and contact do not exist for account 1.
	for _, path := range []string{
		"/api/v1/conversations/" + h.gen.ConversationID(1), "/api/v1/contacts/" + h.gen.ContactID(1),
		"/api/v1/conversations/no%20such", "/api/v1/contacts/" + strings.Repeat("x", 300),
	} {
		if st, hdr, body := h.get(t, keyQueryAcct1, path, nil); st != 404 || hdr.Get("Content-Type") != ProblemContentType {
			t.Errorf("%s: %d %s, want 404", path, st, body)
		}
		if st, _, _ := h.get(t, "", path, nil); st != 401 {
			t.Errorf("%s without a key: %d, want 401", path, st)
		}
	}
	if st, _, body := h.get(t, keyQueryAcct2, "/api/v1/conversations/"+h.gen.ConversationID(1), nil); st != 200 {
		t.Errorf("account 2 reading its own conversation: %d %s", st, body)
	}
	var k query.Contact
	if st, _, body := h.get(t, keyQueryAcct1, "/api/v1/contacts/"+h.gen.ContactID(0), &k); st != 200 || len(k.Conversations) == 0 || !k.Identities[0].Masked {
		t.Errorf("contact: %d %s", st, body)
	}
	var found struct{ Data []query.ContactMatch }
	name := strings.ToLower(string([]rune(k.DisplayName)[:3]))
	if st, _, body := h.get(t, keyQueryAcct1, "/api/v1/contacts?q="+url.QueryEscape(name), &found); st != 200 || len(found.Data) == 0 {
		t.Errorf("search %q: %d %s", name, st, body)
	}
}

package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/eventstore/postgres"
)

// The send route takes reactions and catalog messages; a malformed one, or
// one the conversation's channel cannot carry, is 422 problem+json naming
// the field (an unknown JSON field is 400).
func TestSendRouteReactionsAndCatalogMessages(t *testing.T) {
	h := newHarness(t)
	RegisterCommandRoutes(h.cmds, h.conversationCommands())
	sentAt := time.Now().UTC().Format(time.RFC3339)
	open := func(id, channel string) {
		t.Helper()
		r := h.do("POST", "/api/v1/conversations", keyAlice, `{"id":"`+id+`","inbox_id":"in-1","channel":"`+channel+`","contact_id":"c-1",
			"first_inbound":{"message_id":"m1","type":"text","text":"hi","provider_message_id":"wamid.1","sent_at":"`+sentAt+`"}}`, nil)
		if r.status != http.StatusAccepted {
			t.Fatalf("open: %d %s", r.status, r.body)
		}
	}
	open("wa", "whatsapp")
	open("sms", "sms")
	product := `{"message_id":"p1","kind":"product_list","text":"Pick","catalog":{"catalog_id":"c","header":"Sale","sections":[{"title":"A","product_ids":["x","y"]}]}}`
	for _, body := range []string{`{"message_id":"r1","kind":"reaction","reaction":{"message_id":"m1","emoji":"👍"}}`, product} {
		if r := h.do("POST", "/api/v1/conversations/wa/messages", keyAlice, body, nil); r.status != http.StatusAccepted {
			t.Fatalf("whatsapp %s: %d %s", body, r.status, r.body)
		}
	}
	cases := []struct {
		conv, body string
		status     int
		field      string
	}{
		{"sms", product, http.StatusUnprocessableEntity, "kind"},
		{"wa", `{"message_id":"r2","kind":"reaction","reaction":{"message_id":"nope","emoji":"👍"}}`, http.StatusUnprocessableEntity, "reaction.message_id"},
		{"wa", `{"message_id":"r3","kind":"product","catalog":{"catalog_id":"c"}}`, http.StatusUnprocessableEntity, "catalog.product_id"},
		{"wa", `{"message_id":"r4","kind":"reaction","reaction":{"message_id":"m1","emoji":"👍","extra":1}}`, http.StatusBadRequest, ""},
	}
	for _, c := range cases {
		r := h.do("POST", "/api/v1/conversations/"+c.conv+"/messages", keyAlice, c.body, nil)
		if r.status != c.status {
			t.Fatalf("%s: %d %s", c.body, r.status, r.body)
		}
		p := r.problem(t)
		if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
			t.Fatalf("%s: problem %+v, want the field %s", c.body, p, c.field)
		}
	}
}

// conversationCommands returns command handlers over a PostgreSQL event
// store in the harness's database.
func (h *harness) conversationCommands() *command.Handlers {
	h.t.Helper()
	if err := postgres.Migrate(h.t.Context(), h.pool); err != nil {
		h.t.Fatal(err)
	}
	store, err := postgres.New(h.t.Context(), h.pool, postgres.Config{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(store.Close)
	convs, err := command.NewHandlers(store, command.StaticAgents{}, time.Now)
	if err != nil {
		h.t.Fatal(err)
	}
	return convs
}

package directory

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// record turns events into recorded events of account acc's stream,
// from revision from on.
func record(t *testing.T, acc string, from uint64, events ...domain.Event) []eventstore.RecordedEvent {
	t.Helper()
	codec, err := account.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]eventstore.RecordedEvent, len(events))
	for i, e := range events {
		typ, v, data, err := codec.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = eventstore.RecordedEvent{EventData: eventstore.EventData{Type: typ, SchemaVersion: v, Data: json.RawMessage(data),
			Metadata: eventstore.Metadata{AccountID: acc, OccurredAt: t0}}, Stream: account.StreamName(acc), Revision: from + uint64(i)}
	}
	return out
}

func apply(t *testing.T, pool *pgxpool.Pool, p *Projector, recs []eventstore.RecordedEvent) {
	t.Helper()
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		for _, r := range recs {
			if !p.Handles(r.Type) {
				t.Fatalf("projector ignores %s", r.Type)
			}
			if err := p.Apply(context.Background(), tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestProjectorAndReader(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool); err != nil { // idempotent
		t.Fatal(err)
	}
	p, err := NewProjector()
	if err != nil {
		t.Fatal(err)
	}
	exp := t0.Add(time.Hour)
	recs := record(t, "acme", 0,
		account.Created{Name: "Acme"},
		account.RoleCreated{RoleID: "lead", Name: "Lead", Permissions: []string{"reports.view"}, Scope: "all"},
		account.UserCreated{UserID: "ann", Email: "ann@acme.test", Name: "Ann", Role: "agent"},
		account.UserCreated{UserID: "li", Email: "li@acme.test", Name: "Li", Role: "lead"},
		account.TeamCreated{TeamID: "sales", Name: "Sales", Members: []string{"ann"}},
		account.InboxCreated{InboxID: "wa", Name: "WA", Channel: "whatsapp", Teams: []string{"sales"}},
		account.InboxCreated{InboxID: "ig", Name: "IG", Channel: "instagram", Agents: []string{"ann"}},
		account.InboxCreated{InboxID: "sms", Name: "SMS", Channel: "sms", Agents: []string{"li"}},
		account.InboxArchived{InboxID: "ig"},
		account.UserUpdated{UserID: "ann", Name: ptr("Ann R.")},
		account.TokenIssued{TokenID: "tk1", Name: "Bot", Kind: "bot", ClientID: "helper", Role: "bot", Inboxes: []string{"wa"}, ExpiresAt: &exp},
		account.RoleUpdated{RoleID: "lead", Permissions: &[]string{"audit.view", "reports.view"}},
	)
	apply(t, pool, p, recs)
	apply(t, pool, p, recs) // redelivery changes nothing
	r := NewReader(pool)
	a, err := r.UserAccess(ctx, "acme", "ann")
	if err != nil || a.Role != "agent" || a.Scope != authz.ScopeUnassignedAndOwn || !slices.Equal(a.Inboxes, []string{"wa"}) || !slices.Equal(a.Teams, []string{"sales"}) {
		t.Fatalf("ann: %+v, %v", a, err)
	}
	li, err := r.UserAccess(ctx, "acme", "li")
	if err != nil || !li.Permissions.Has(authz.ViewAudit) || li.Permissions.Has(authz.Admin) || !slices.Equal(li.Inboxes, []string{"sms"}) {
		t.Fatalf("li: %+v, %v", li, err)
	}
	if _, err := r.UserAccess(ctx, "globex", "ann"); err != ErrNotFound {
		t.Fatalf("ann in another account: %v", err)
	}
	tok, err := r.TokenAccess(ctx, "acme", "tk1")
	if err != nil || tok.Kind != "bot" || tok.ClientID != "helper" || !tok.ExpiresAt.Equal(exp) || !slices.Equal(tok.Access.Inboxes, []string{"wa"}) {
		t.Fatalf("token: %+v, %v", tok, err)
	}
	users, err := r.Users(ctx, "acme")
	if err != nil || len(users) != 2 || users[0].Name != "Ann R." {
		t.Fatalf("users: %+v, %v", users, err)
	}
	logins, err := r.UsersByEmail(ctx, "ann@acme.test")
	if err != nil || len(logins) != 1 || logins[0] != (Login{AccountID: "acme", UserID: "ann"}) {
		t.Fatalf("logins: %+v, %v", logins, err)
	}
	apply(t, pool, p, record(t, "acme", uint64(len(recs)), account.UserArchived{UserID: "ann"}, account.TokenRevoked{TokenID: "tk1"}))
	if _, err := r.UserAccess(ctx, "acme", "ann"); err != ErrNotFound {
		t.Fatalf("archived ann: %v", err)
	}
	if _, err := r.TokenAccess(ctx, "acme", "tk1"); err != ErrNotFound {
		t.Fatalf("revoked token: %v", err)
	}
	ids, err := r.AgentIDs(ctx, "acme")
	if err != nil || !slices.Equal(ids, []string{"li"}) {
		t.Fatalf("agent ids: %v, %v", ids, err)
	}
}

func TestCatalogue(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	p, err := NewProjector()
	if err != nil {
		t.Fatal(err)
	}
	apply(t, pool, p, record(t, "acme", 0,
		account.Created{Name: "Acme"},
		account.TagDefined{TagID: "vip", Name: "VIP", Color: "#ffcc00"},
		account.QuickReplyCreated{QuickReplyID: "q1", Shortcut: "hi", Text: "Hi", Scope: "account"},
		account.QuickReplyCreated{QuickReplyID: "q2", Shortcut: "sales", Text: "S", Scope: "team", TeamID: "sales"},
		account.QuickReplyCreated{QuickReplyID: "q3", Shortcut: "mine", Text: "M", Scope: "personal", OwnerID: "ann"},
		account.QuickReplyCreated{QuickReplyID: "q4", Shortcut: "his", Text: "B", Scope: "personal", OwnerID: "bo"},
		account.QuickReplyUpdated{QuickReplyID: "q1", Text: ptr("Hello")},
	))
	r := NewReader(pool)
	qs, err := r.QuickReplies(ctx, "acme", "ann", []string{"sales"})
	if err != nil || len(qs) != 3 || qs[0].Text != "Hello" || qs[1].ID != "q3" || qs[2].ID != "q2" {
		t.Fatalf("ann's quick replies: %+v, %v", qs, err)
	}
	if qs, _ := r.QuickReplies(ctx, "acme", "", nil); len(qs) != 1 {
		t.Fatalf("an API client's quick replies: %+v", qs)
	}
	tags, err := r.Tags(ctx, "acme")
	if err != nil || len(tags) != 1 || tags[0].Color != "#ffcc00" {
		t.Fatalf("tags: %+v, %v", tags, err)
	}
}

package inboxes

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestCredentialsAreEncryptedAtRestAndNeverListed(t *testing.T) {
	ctx := t.Context()
	pool := pgtest.Pool(t)
	if err := Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	key := bytes.Repeat([]byte{7}, 32)
	s := New(pool, func(context.Context) ([]byte, error) { return key, nil })
	creds := channels.Credentials{AccessToken: "EAAG-super-secret", AppSecret: "app-secret-123"}
	in := channels.Inbox{ID: "wa-1", AccountID: "acme", Channel: conversation.ChannelWhatsApp, Name: "WA", ProviderAccountID: "123", Credentials: creds}
	if err := s.Put(ctx, in); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := pool.QueryRow(ctx, `SELECT credentials FROM channel_inboxes WHERE id = 'wa-1'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("super-secret")) || bytes.Contains(raw, []byte("app-secret")) {
		t.Fatal("credentials are stored in clear")
	}
	got, err := s.Get(ctx, "wa-1")
	if err != nil || got.Credentials != creds {
		t.Fatalf("got %+v, %v", got.Credentials, err)
	}
	list, err := s.List(ctx, "acme")
	if err != nil || len(list) != 1 {
		t.Fatalf("list %v, %v", list, err)
	}
	js, _ := json.Marshal(list)
	if bytes.Contains(js, []byte("secret")) {
		t.Fatalf("listing leaks credentials: %s", js)
	}
	if other, _ := s.List(ctx, "other"); len(other) != 0 {
		t.Fatalf("another account sees %v", other)
	}
	// A ciphertext moved to another inbox does not open.
	if _, err := pool.Exec(ctx, `INSERT INTO channel_inboxes (id, account_id, channel, name, provider_account_id, credentials)
		SELECT 'wa-2', account_id, channel, name, provider_account_id, credentials FROM channel_inboxes WHERE id = 'wa-1'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "wa-2"); err == nil {
		t.Fatal("a moved ciphertext decrypted")
	}
}

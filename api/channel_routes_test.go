package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/secrets"
)

// channelDB is a fresh database with what the channel routes need.
func channelDB(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.Pool(t, api.MigrateIdempotency, secrets.Migrate, system.Migrate)
	return pool
}

func channelServer(t *testing.T) *httptest.Server {
	t.Helper()
	return channelServerFor(t, []api.APIKey{
		{Secret: "admin-acme", Principal: api.Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ada"}, Access: authz.Full()}},
		{Secret: "agent-acme", Principal: api.Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "al"}, Access: authz.Access{Role: "agent"}}},
		{Secret: "admin-globex", Principal: api.Principal{AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "gus"}, Access: authz.Full()}},
	}, nil)
}

// channelServerFor serves the command API with the channel routes on a
// fresh database for the given keys; configure (if any) adjusts the API
// before the routes are registered.
func channelServerFor(t *testing.T, apiKeys []api.APIKey, configure func(*api.CommandAPI)) *httptest.Server {
	t.Helper()
	pool := channelDB(t)
	keys, err := api.NewAPIKeys(apiKeys)
	if err != nil {
		t.Fatal(err)
	}
	e := api.NewEngine(api.Options{Name: "command"})
	cmds, err := api.NewCommandAPI(e, api.CommandConfig{Auth: keys, Idempotency: api.NewIdempotency(pool, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(cmds)
	}
	admin, err := system.NewAdmin(pool, system.AdminConfig{MediaDir: t.TempDir(), PublicURL: "http://media.test"})
	if err != nil {
		t.Fatal(err)
	}
	api.RegisterChannelRoutes(cmds, admin, admin.Media, admin)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func call(t *testing.T, srv *httptest.Server, method, path, key, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+api.BasePath+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const waInbox = `{"channel":"whatsapp","name":"Support","provider_account_id":"1065",
	"credentials":{"access_token":"EAAG-secret-token","app_secret":"app-secret-value","verify_token":"verify-value"}}`

func TestChannelRoutes(t *testing.T) {
	srv := channelServer(t)
	if code, body := call(t, srv, "PUT", "/channels/inboxes/wa-1", "agent-acme", waInbox); code != http.StatusForbidden {
		t.Fatalf("an agent connected an inbox: %d %s", code, body)
	}
	code, body := call(t, srv, "PUT", "/channels/inboxes/wa-1", "admin-acme", waInbox)
	if code != http.StatusOK || strings.Contains(body, "secret") {
		t.Fatalf("connect: %d %s", code, body)
	}
	code, body = call(t, srv, "GET", "/channels/inboxes", "agent-acme", "")
	if code != http.StatusOK || !strings.Contains(body, `"wa-1"`) || strings.Contains(body, "secret") || strings.Contains(body, "verify-value") {
		t.Fatalf("list: %d %s", code, body)
	}
	if code, body := call(t, srv, "GET", "/channels/inboxes/wa-1/health", "agent-acme", ""); code != http.StatusOK || !strings.Contains(body, `"sends_ok":0`) {
		t.Fatalf("health: %d %s", code, body)
	}
	if code, _ := call(t, srv, "GET", "/channels/inboxes/wa-1/health", "admin-globex", ""); code != http.StatusNotFound {
		t.Fatalf("another account read the health: %d", code)
	}
	if code, _ := call(t, srv, "PUT", "/channels/inboxes/wa-1", "admin-globex", waInbox); code != http.StatusConflict {
		t.Fatalf("another account overwrote the inbox: %d", code)
	}
	if code, body := call(t, srv, "GET", "/channels/inboxes", "admin-globex", ""); code != http.StatusOK || strings.Contains(body, "wa-1") {
		t.Fatalf("another account lists the inbox: %s", body)
	}
	bad := strings.Replace(waInbox, `"name"`, `"api_base_url":"file:///etc/passwd","name"`, 1)
	if code, _ := call(t, srv, "PUT", "/channels/inboxes/wa-2", "admin-acme", bad); code != http.StatusUnprocessableEntity {
		t.Fatalf("a file URL was accepted: %d", code)
	}
	unknown := strings.Replace(waInbox, `"name"`, `"colour":"red","name"`, 1)
	if code, _ := call(t, srv, "PUT", "/channels/inboxes/wa-2", "admin-acme", unknown); code != http.StatusBadRequest {
		t.Fatalf("an unknown field was accepted: %d", code)
	}
	if code, _ := call(t, srv, "GET", "/channels/media/cv_x/m1", "agent-acme", ""); code != http.StatusNotFound {
		t.Fatalf("media of an unknown conversation: %d", code)
	}
}

func TestTemplateSync(t *testing.T) {
	srv := channelServer(t)
	fake := whatsappfake.New(whatsappfake.Config{PhoneNumberID: "1065", AccessToken: "tok", BusinessID: "waba-1"})
	defer fake.Close()
	inbox := `{"channel":"whatsapp","name":"Support","provider_account_id":"1065","api_base_url":"` + fake.URL() + `",
		"credentials":{"access_token":"tok","app_secret":"s","business_account_id":"waba-1"}}`
	if code, body := call(t, srv, "PUT", "/channels/inboxes/wa-1", "admin-acme", inbox); code != http.StatusOK {
		t.Fatalf("connect: %d %s", code, body)
	}
	if code, _ := call(t, srv, "POST", "/channels/inboxes/wa-1/templates/sync", "agent-acme", ""); code != http.StatusForbidden {
		t.Fatalf("an agent synced templates: %d", code)
	}
	code, body := call(t, srv, "POST", "/channels/inboxes/wa-1/templates/sync", "admin-acme", "")
	if code != http.StatusOK || !strings.Contains(body, "order_update") || !strings.Contains(body, "welcome_back") {
		t.Fatalf("sync: %d %s", code, body)
	}
	code, body = call(t, srv, "GET", "/channels/inboxes/wa-1/templates", "agent-acme", "")
	if code != http.StatusOK || !strings.Contains(body, `"body":"Hi {{1}}, your order {{2}} has shipped."`) {
		t.Fatalf("list: %d %s", code, body)
	}
	if code, _ := call(t, srv, "GET", "/channels/inboxes/wa-1/templates", "admin-globex", ""); code != http.StatusNotFound {
		t.Fatalf("another account listed the templates: %d", code)
	}
}

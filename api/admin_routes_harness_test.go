package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections/directory"
)

// accHarness serves the command API with issued tokens, sessions, login,
// the admin API and object-level authorization over a real database. The
// directory view is brought up to date by syncDirectory, in the test's own
// goroutine, so nothing waits on a timer.
type accHarness struct {
	t        *testing.T
	pool     *pgxpool.Pool
	store    *postgres.Store
	creds    *auth.Store
	accounts *command.Accounts
	convs    *command.Handlers
	proj     *directory.Projector
	hasher   *auth.Hasher
	srv      *httptest.Server
	gin      *gin.Engine
	mu       sync.Mutex
	now      time.Time
	synced   uint64
}

// Credentials of the harness: a configured operator key per account.
const (
	opsAcme   = "ops-acme-key"
	opsGlobex = "ops-globex-key"
	password  = "correct horse battery"
)

func newAccHarness(t *testing.T) *accHarness {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t, MigrateIdempotency, postgres.Migrate, auth.Migrate, directory.Migrate)
	h := &accHarness{t: t, pool: pool, creds: auth.NewStore(pool), hasher: auth.NewHasher(auth.Argon2{Memory: 64, Time: 1, Threads: 1}, 2),
		now: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	var err error
	if h.store, err = postgres.New(ctx, pool, postgres.Config{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.store.Close)
	if h.accounts, err = command.NewAccounts(h.store, h.clock); err != nil {
		t.Fatal(err)
	}
	if h.convs, err = command.NewHandlers(h.store, command.StaticAgents{}, h.clock); err != nil {
		t.Fatal(err)
	}
	if h.proj, err = directory.NewProjector(); err != nil {
		t.Fatal(err)
	}
	h.gin = h.engine()
	h.srv = httptest.NewServer(h.gin)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *accHarness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *accHarness) advance(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = h.now.Add(d)
}

func (h *accHarness) engine() *gin.Engine {
	t := h.t
	keys, err := NewAPIKeys([]APIKey{
		{Secret: opsAcme, Principal: Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "ops"}}},
		{Secret: opsGlobex, Principal: Principal{AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "ops"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := directory.NewReader(h.pool)
	creds, err := NewCredentials(CredentialConfig{Keys: keys, Store: h.creds, Directory: dir, Now: h.clock})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(Options{Name: "command"})
	cmds, err := NewCommandAPI(e, CommandConfig{Auth: creds, Idempotency: NewIdempotency(h.pool, 0, 0), MaxBodyBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	cmds.Authorize(h.convs)
	RegisterCommandRoutes(cmds, h.convs)
	login := LoginConfig{Store: h.creds, Directory: dir, Hasher: h.hasher, InsecureCookie: true, Now: h.clock,
		PerEmail: auth.NewLimiter(3, time.Minute, 100), Accounts: h.accounts}
	if err := RegisterLoginRoutes(e, creds, login); err != nil {
		t.Fatal(err)
	}
	if err := RegisterAdminRoutes(cmds, AdminConfig{Accounts: h.accounts, Store: h.creds, Directory: dir, Hasher: h.hasher, Now: h.clock}); err != nil {
		t.Fatal(err)
	}
	return e
}

// syncDirectory applies every event appended since the last call to the
// directory view, as the projection runtime would.
func (h *accHarness) syncDirectory() {
	h.t.Helper()
	ctx := context.Background()
	if err := h.store.Settle(ctx); err != nil { // every committed event readable
		h.t.Fatal(err)
	}
	for {
		recs, err := h.store.ReadAll(ctx, h.synced, 10_000)
		if err != nil {
			h.t.Fatal(err)
		}
		if len(recs) == 0 {
			return
		}
		err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
			for _, r := range recs {
				if h.proj.Handles(r.Type) {
					if err := h.proj.Apply(ctx, tx, r); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			h.t.Fatal(err)
		}
		h.synced = recs[len(recs)-1].Position
	}
}

// head is the position of the log's last committed event (0 if empty),
// whether or not readers may see it yet.
func (h *accHarness) head() uint64 {
	h.t.Helper()
	var head uint64
	if err := h.pool.QueryRow(context.Background(), "SELECT coalesce(max(position), 0) FROM eventstore.events").Scan(&head); err != nil {
		h.t.Fatal(err)
	}
	return head
}

// run runs an account command as the account's operator.
func (h *accHarness) run(accountID string, c account.Command) {
	h.t.Helper()
	meta := command.Meta{AccountID: accountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "test"}, CommandID: c.CommandType() + ":" + accountID + ":" + time.Now().String()}
	if _, err := h.accounts.Run(context.Background(), c, meta); err != nil {
		h.t.Fatalf("%s: %v", c.CommandType(), err)
	}
}

func (h *accHarness) setPassword(accountID, userID string) {
	h.t.Helper()
	hash, err := h.hasher.Hash(context.Background(), password)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.creds.SetPassword(context.Background(), accountID, userID, hash); err != nil {
		h.t.Fatal(err)
	}
}

// seed makes acme (root: administrator; ann and cy: agents; team sales =
// ann; inboxes wa (team sales) and ig (cy)) and globex (gus:
// administrator), all with the same password, and opens conversations
// wa-1 (unassigned), wa-2 (assigned to root) and ig-1 (unassigned).
func (h *accHarness) seed() {
	h.t.Helper()
	h.run("acme", account.CreateAccount{Name: "Acme"})
	for _, u := range []account.CreateUser{
		{UserID: "root", Email: "root@acme.test", Name: "Root", Role: "administrator"},
		{UserID: "ann", Email: "ann@acme.test", Name: "Ann", Role: "agent"},
		{UserID: "cy", Email: "cy@acme.test", Name: "Cy", Role: "agent"},
	} {
		h.run("acme", u)
		h.setPassword("acme", u.UserID)
	}
	h.run("acme", account.CreateTeam{TeamID: "sales", Name: "Sales", Members: []string{"ann"}})
	h.run("acme", account.CreateInbox{InboxID: "wa", Name: "WhatsApp", Channel: "whatsapp", Teams: []string{"sales"}})
	h.run("acme", account.CreateInbox{InboxID: "ig", Name: "Instagram", Channel: "instagram", Agents: []string{"cy"}})
	h.run("globex", account.CreateAccount{Name: "Globex"})
	h.run("globex", account.CreateUser{UserID: "gus", Email: "gus@globex.test", Name: "Gus", Role: "administrator"})
	h.setPassword("globex", "gus")
	h.syncDirectory()
	open := func(id, inbox string, ch conversation.Channel) {
		meta := command.Meta{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorSystem, ID: "test"}, CommandID: "open-" + id}
		_, err := h.convs.Conversation(context.Background(), id, conversation.OpenConversation{InboxID: inbox, Channel: ch, ContactID: "c-" + id,
			FirstInbound: &conversation.ReceiveMessage{MessageID: "m-" + id, Type: conversation.TypeText, Text: "hi", SentAt: h.clock()}}, meta)
		if err != nil {
			h.t.Fatal(err)
		}
	}
	open("wa-1", "wa", conversation.ChannelWhatsApp)
	open("wa-2", "wa", conversation.ChannelWhatsApp)
	open("ig-1", "ig", conversation.ChannelInstagram)
	meta := command.Meta{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorSystem, ID: "test"}, CommandID: "assign-wa-2"}
	if _, err := h.convs.Conversation(context.Background(), "wa-2", conversation.AssignAgent{AgentID: "root", Reason: conversation.ReasonManual}, meta); err != nil {
		h.t.Fatal(err)
	}
}

// client is one caller: a bearer credential, or a session cookie with its
// CSRF token.
type client struct {
	bearer, cookie, csrf string
}

func (h *accHarness) do(cl client, method, path, body string, header map[string]string) response {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+cl.bearer)
	}
	if cl.cookie != "" {
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cl.cookie})
	}
	if cl.csrf != "" {
		req.Header.Set(CSRFHeader, cl.csrf)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// login logs email in and returns the session client.
func (h *accHarness) login(email string) client {
	h.t.Helper()
	res := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"`+email+`","password":"`+password+`"}`, nil)
	if res.status != http.StatusOK {
		h.t.Fatalf("login %s: %d %s", email, res.status, res.body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(res.body, &out); err != nil {
		h.t.Fatal(err)
	}
	for _, c := range res.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, SessionCookie+"="); ok {
			cookie, _, _ := strings.Cut(v, ";")
			return client{cookie: cookie, csrf: out.CSRF}
		}
	}
	h.t.Fatalf("login %s set no session cookie: %v", email, res.header)
	return client{}
}

// issue creates a token through the admin API as admin and returns it.
func (h *accHarness) issue(admin client, body string) string {
	h.t.Helper()
	res := h.do(admin, "POST", "/api/v1/admin/tokens", body, nil)
	if res.status != http.StatusCreated {
		h.t.Fatalf("issue token: %d %s", res.status, res.body)
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(res.body, &out); err != nil {
		h.t.Fatal(err)
	}
	h.syncDirectory()
	return out.Token
}

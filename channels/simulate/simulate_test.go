package simulate_test

import (
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/simulate"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The simulation connects every channel through the admin API and its
// traffic lands in six conversations.
func TestSimulationReachesEveryChannel(t *testing.T) {
	h := channeltest.New(t)
	if err := api.MigrateIdempotency(t.Context(), h.Pool); err != nil {
		t.Fatal(err)
	}
	keys, err := api.NewAPIKeys([]api.APIKey{{Secret: "admin", Principal: api.Principal{AccountID: "acme",
		Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ada"}, Access: authz.Full()}}})
	if err != nil {
		t.Fatal(err)
	}
	e := api.NewEngine(api.Options{Name: "command"})
	cmds, err := api.NewCommandAPI(e, api.CommandConfig{Auth: keys, Idempotency: api.NewIdempotency(h.Pool, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	api.RegisterChannelRoutes(cmds, h.System.Admin, h.System.Admin.Media, h.System.Admin)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = h.System.MailServer().Serve(t.Context(), ln) }()

	err = simulate.Run(t.Context(), simulate.Config{CommandURL: srv.URL, WebhookURL: h.Webhooks.URL, SMTPAddr: ln.Addr().String(),
		APIKey: "admin", Messages: 2, Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := h.Pool.Query(t.Context(), `SELECT conversation_id FROM channel_contacts ORDER BY inbox_id`)
	if err != nil {
		t.Fatal(err)
	}
	var convs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		convs = append(convs, id)
	}
	if len(convs) != 6 {
		t.Fatalf("%d conversations, want one per channel", len(convs))
	}
	for _, id := range convs {
		if n := channeltest.Count[conversation.MessageReceived](h.Events(id)); n != 2 {
			t.Errorf("%s: %d messages, want 2", id, n)
		}
	}
}

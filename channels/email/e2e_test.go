package email_test

import (
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/smtpfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConversationEndToEnd(t *testing.T) {
	h := channeltest.New(t)
	relay, err := smtpfake.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(relay.Close)
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme Support",
		ProviderAccountID: "support@acme.test", APIBaseURL: "smtp://" + relay.Addr()})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = h.System.MailServer().Serve(t.Context(), ln) }()
	send := func(from string, raw []byte) error {
		return smtpfake.Send(t.Context(), ln.Addr().String(), from, []string{"support@acme.test"}, raw)
	}

	raw, err := os.ReadFile(filepath.Join("testdata", "alternative_with_attachment.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := send("chloe@example.fr", raw); err != nil {
		t.Fatal(err)
	}
	if err := send("chloe@example.fr", raw); err != nil { // a resend of the same Message-ID
		t.Fatal(err)
	}
	if err := smtpfake.Send(t.Context(), ln.Addr().String(), "x@example.com", []string{"nobody@acme.test"}, raw); err == nil {
		t.Fatal("mail for an unknown address was accepted")
	}
	convID := ledger.ConversationID("mail-1", "chloe@example.fr")
	events := h.Events(convID)
	if n := channeltest.Count[conversation.MessageReceived](events); n != 2 {
		t.Fatalf("%d messages received, want text + attachment", n)
	}
	doc := events[3].(conversation.MessageReceived)
	if doc.Type != conversation.TypeDocument || doc.Media.Filename != "facture.pdf" || !strings.HasPrefix(doc.Media.Ref, "blob:") {
		t.Fatalf("attachment %+v", doc)
	}
	u, _, err := h.System.Admin.Media.URL(t.Context(), "acme", convID, doc.MessageID)
	if err != nil || !strings.Contains(u, "/media/") {
		t.Fatalf("media URL %q, %v", u, err)
	}

	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "Merci Chloé, bien reçu."}); err != nil {
		t.Fatal(err)
	}
	relay.FailNext(451)
	h.Dispatch()
	h.Redeliver()
	out := relay.Mail()
	if len(out) != 1 {
		t.Fatalf("%d mails relayed", len(out))
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(out[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("In-Reply-To") != "<multi-1@example.fr>" || msg.Header.Get("Subject") != "Re: Facture" || out[0].To[0] != "chloe@example.fr" {
		t.Fatalf("reply headers %v to %v", msg.Header, out[0].To)
	}
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusSent {
		t.Fatalf("status %s", s)
	}

	// A colleague answers our reply: threading keeps it in the conversation.
	ours := msg.Header.Get("Message-Id")
	colleague := "From: marc@example.fr\r\nTo: support@acme.test\r\nSubject: Re: Facture\r\nMessage-ID: <colleague-1@example.fr>\r\n" +
		"In-Reply-To: " + ours + "\r\nReferences: <multi-1@example.fr> " + ours + "\r\n\r\nJe confirme.\r\n\r\n> Merci Chloé\r\n"
	if err := send("marc@example.fr", []byte(colleague)); err != nil {
		t.Fatal(err)
	}
	last := h.Events(convID)
	got, ok := last[len(last)-1].(conversation.MessageReceived)
	if !ok || got.Text != "Je confirme." {
		t.Fatalf("last event %+v", last[len(last)-1])
	}
}

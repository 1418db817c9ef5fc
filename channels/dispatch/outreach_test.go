package dispatch_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/smtpfake"
	"github.com/parley-inbox/parley/channels/fakes/twiliofake"
	"github.com/parley-inbox/parley/channels/inbound"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/domain/domaintest"
)

func agentMeta() command.Meta {
	return command.Meta{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}}
}

// An agent writes first on WhatsApp: only a template opens the
// conversation; the dispatcher sends it; the customer's answer lands in
// the same conversation.
func TestOutreachOnWhatsApp(t *testing.T) {
	h, fake, _ := setup(t) // customer has written; this is someone else
	text := inbound.Outreach{To: "+1 (650) 555-9999", ContactName: "Ana", Message: conversation.SendMessage{MessageID: "o1", Kind: conversation.KindText, Text: "hi"}}
	_, err := h.System.Intake.Start(t.Context(), "wa-1", text, agentMeta())
	domaintest.CheckError(t, err, domain.KindInvalid, conversation.CodeTemplateRequired, "first_outbound", "template")

	tpl := text
	tpl.Message = conversation.SendMessage{MessageID: "o1", Kind: conversation.KindTemplate, Template: &conversation.Template{Name: "order_update", Language: "en_US", Params: []string{"Ana", "#7"}}}
	st, err := h.System.Intake.Start(t.Context(), "wa-1", tpl, agentMeta())
	if err != nil {
		t.Fatal(err)
	}
	if st.ConversationID != ledger.ConversationID("wa-1", "16505559999") || st.Result.Stream != conversation.StreamName(st.ConversationID) {
		t.Fatalf("started %+v", st)
	}
	h.Dispatch()
	sent := fake.Sent()
	if len(sent) != 1 || sent[0].Body["to"] != "16505559999" || sent[0].Body["type"] != "template" {
		t.Fatalf("sent %v", sent)
	}
	if s := h.State(st.ConversationID).Messages["o1"].Status; s != conversation.StatusSent {
		t.Fatalf("status %s", s)
	}
	if _, err := h.System.Intake.Start(t.Context(), "wa-1", tpl, agentMeta()); !strings.Contains(errString(err), st.ConversationID) {
		t.Fatalf("a second outreach to the same person: %v", err)
	}
	if status, err := fake.PostWebhook(t.Context(), fake.TextMessage("16505559999", "Ana", "wamid.ANS", "thanks!", time.Now())); err != nil || status != http.StatusOK {
		t.Fatalf("webhook %d, %v", status, err)
	}
	if n := channeltest.Count[conversation.MessageReceived](h.Events(st.ConversationID)); n != 1 {
		t.Fatalf("the answer is not in the conversation (%d inbound)", n)
	}
	if _, err := h.System.Intake.Start(t.Context(), "wa-1", inbound.Outreach{To: "12ab", Message: tpl.Message}, agentMeta()); err == nil {
		t.Fatal("a malformed number was accepted")
	}
	other := agentMeta()
	other.AccountID = "globex"
	_, err = h.System.Intake.Start(t.Context(), "wa-1", inbound.Outreach{To: "+16505550001", Message: tpl.Message}, other)
	domaintest.CheckError(t, err, domain.KindNotFound, "inbox_not_found", "", "")
}

// SMS and email need no template; Telegram refuses clearly.
func TestOutreachOnSMSEmailAndTelegram(t *testing.T) {
	h := channeltest.New(t)
	sms := twiliofake.New(twiliofake.Config{AccountSID: "AC1", AuthToken: "auth", Number: "+15557654321"})
	t.Cleanup(sms.Close)
	relay, err := smtpfake.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(relay.Close)
	h.Connect(channels.Inbox{ID: "sms-1", AccountID: "acme", Channel: conversation.ChannelSMS, Name: "SMS", ProviderAccountID: "+15557654321",
		APIBaseURL: sms.URL(), Credentials: channels.Credentials{AccountSID: "AC1", AccessToken: "auth", WebhookURL: h.WebhookURL("sms-1")}})
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme", ProviderAccountID: "support@acme.test",
		APIBaseURL: "smtp://" + relay.Addr()})
	h.Connect(channels.Inbox{ID: "tg-1", AccountID: "acme", Channel: conversation.ChannelTelegram, Name: "Bot", ProviderAccountID: "acme_bot",
		Credentials: channels.Credentials{AccessToken: "123:abc", WebhookSecret: "s"}})
	msg := func(id string) conversation.SendMessage {
		return conversation.SendMessage{MessageID: id, Kind: conversation.KindText, Text: "Your order shipped"}
	}
	if _, err := h.System.Intake.Start(t.Context(), "sms-1", inbound.Outreach{To: "16505550002", Message: msg("s1")}, agentMeta()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.System.Intake.Start(t.Context(), "mail-1", inbound.Outreach{To: "Ana <Ana@Example.com>", Subject: "Your order", Message: msg("e1")}, agentMeta()); err != nil {
		t.Fatal(err)
	}
	_, err = h.System.Intake.Start(t.Context(), "tg-1", inbound.Outreach{To: "42", Message: msg("t1")}, agentMeta())
	domaintest.CheckError(t, err, domain.KindInvalid, inbound.CodeNotReachable, "to", "has not started it")
	h.Dispatch()
	if forms, _ := sms.Sent(); len(forms) != 1 || forms[0].Get("To") != "+16505550002" || forms[0].Get("Body") != "Your order shipped" {
		t.Fatalf("sms sent %v", forms)
	}
	mails := relay.Mail()
	if len(mails) != 1 || mails[0].To[0] != "ana@example.com" || !strings.Contains(string(mails[0].Data), "Subject: Your order\r\n") {
		t.Fatalf("mail sent %+v", mails)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

package email_test

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/email"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

var readAll = eventstore.ReadStreamOptions{}

// startIMAP runs a real IMAP server (go-imap's imapserver over its memory
// backend) with one user, and returns its address.
func startIMAP(t *testing.T) string {
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("support", "s3cret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		InsecureAuth: true, // plain imap:// on loopback, as for a server on a private network
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// mailbox is a second IMAP client, the mail system's side: it delivers
// mail into INBOX and reads flags.
type mailbox struct {
	t *testing.T
	c *imapclient.Client
}

func openMailbox(t *testing.T, addr string) mailbox {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Login("support", "s3cret").Wait(); err != nil {
		t.Fatal(err)
	}
	return mailbox{t, c}
}

func (m mailbox) deliver(raw string, flags ...imap.Flag) {
	m.t.Helper()
	cmd := m.c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Flags: flags})
	if _, err := cmd.Write([]byte(raw)); err != nil {
		m.t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		m.t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		m.t.Fatal(err)
	}
}

// unseen counts INBOX's messages without \Seen.
func (m mailbox) unseen() int {
	m.t.Helper()
	if _, err := m.c.Select("INBOX", nil).Wait(); err != nil {
		m.t.Fatal(err)
	}
	data, err := m.c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		m.t.Fatal(err)
	}
	return len(data.AllUIDs())
}

// markAllUnseen clears \Seen everywhere, as a user of the mailbox might.
func (m mailbox) markAllUnseen() {
	m.t.Helper()
	if _, err := m.c.Select("INBOX", nil).Wait(); err != nil {
		m.t.Fatal(err)
	}
	all := imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}
	if err := m.c.Store(all, &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
		m.t.Fatal(err)
	}
}

func mailFrom(from, id, subject, body string) string {
	return fmt.Sprintf("From: %s\r\nTo: support@acme.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", from, subject, id, body)
}

func TestIMAPPolling(t *testing.T) {
	h := channeltest.New(t)
	addr := startIMAP(t)
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme", ProviderAccountID: "support@acme.test",
		Credentials: channels.Credentials{IMAPURL: "imap://" + addr, IMAPUsername: "support", IMAPPassword: "s3cret"}})
	box := openMailbox(t, addr)
	box.deliver(mailFrom("Read Already <old@example.com>", "old@example.com", "old", "seen before Parley"), imap.FlagSeen)
	box.deliver(mailFrom("Chloé <chloe@example.fr>", "m1@example.fr", "Commande 42", "Bonjour, où est ma commande ?"))
	box.deliver(mailFrom("Bob <bob@example.com>", "m2@example.com", "Invoice", "Please resend the invoice."))

	poll := func(want int) {
		t.Helper()
		n, err := h.System.PollMailNow(t.Context(), "mail-1")
		if err != nil || n != want {
			t.Fatalf("poll took %d (want %d), %v", n, want, err)
		}
	}
	poll(2)
	chloe := ledger.ConversationID("mail-1", "chloe@example.fr")
	got := h.Events(chloe)
	if n := channeltest.Count[conversation.MessageReceived](got); n != 1 {
		t.Fatalf("%d messages from Chloé", n)
	}
	if r := got[len(got)-1].(conversation.MessageReceived); !strings.Contains(r.Text, "où est ma commande") {
		t.Fatalf("received %+v", r)
	}
	if _, err := h.Store.ReadStream(t.Context(), conversation.StreamName(ledger.ConversationID("mail-1", "old@example.com")), readAll); err == nil {
		t.Fatal("a message already seen in the mailbox was taken in")
	}
	if n := box.unseen(); n != 0 {
		t.Fatalf("%d messages still unseen after the poll", n)
	}
	poll(0)

	// Unseen again (a user clicked "mark unread"): the UIDs were taken in
	// already, nothing is ingested twice.
	box.markAllUnseen()
	poll(0)
	box.deliver(mailFrom("Chloé <chloe@example.fr>", "m3@example.fr", "Re: Commande 42", "Merci !"))
	poll(1)
	if n := channeltest.Count[conversation.MessageReceived](h.Events(chloe)); n != 2 {
		t.Fatalf("%d messages from Chloé after her second mail", n)
	}

	// A new UIDVALIDITY (the mailbox was rebuilt) reads every unseen message
	// again: the Message-ID dedupe drops the three taken in before (the
	// fourth, seen before Parley, is new to it).
	if err := h.System.Admin.Ledger.SetIMAPState(t.Context(), "mail-1", ledger.IMAPState{UIDValidity: 1, LastUID: 0}); err != nil {
		t.Fatal(err)
	}
	box.markAllUnseen()
	poll(4)
	if n := channeltest.Count[conversation.MessageReceived](h.Events(chloe)); n != 2 {
		t.Fatalf("%d messages from Chloé after a UIDVALIDITY change", n)
	}
	health, err := h.System.Admin.HealthOf(t.Context(), "mail-1")
	if err != nil || health.LastInboundAt == nil || health.LastPollOKAt == nil || health.DuplicatesDropped != 3 {
		t.Fatalf("health %+v, %v", health, err)
	}

	// A wrong password shows in the health view.
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme", ProviderAccountID: "support@acme.test",
		Credentials: channels.Credentials{IMAPURL: "imap://" + addr, IMAPUsername: "support", IMAPPassword: "wrong"}})
	if _, err := h.System.PollMailNow(t.Context(), "mail-1"); err == nil {
		t.Fatal("a wrong password polled")
	}
	health, err = h.System.Admin.HealthOf(t.Context(), "mail-1")
	if err != nil || health.PollFailures != 1 || health.LastPollFailAt == nil || !strings.Contains(health.LastError, "imap") {
		t.Fatalf("health after a failed poll %+v, %v", health, err)
	}
}

// silentServer accepts IMAP connections and never says a word (a hung
// mail server); it returns its address and how many connections it holds.
func silentServer(t *testing.T) (string, func() int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String(), func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(conns)
	}
}

// A server that accepts the connection and never greets fails the poll
// after the timeout instead of holding it.
func TestIMAPSilentServerFailsThePoll(t *testing.T) {
	addr, _ := silentServer(t)
	u, _ := url.Parse("imap://" + addr)
	start := time.Now()
	never := func(context.Context, []byte, error) error { t.Fatal("took a message from a silent server"); return nil }
	_, err := email.PollIMAP(t.Context(), email.IMAPConfig{URL: u, Username: "u", Password: "p", Timeout: 300 * time.Millisecond}, email.IMAPState{},
		never, func(context.Context, email.IMAPState) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "login") {
		t.Fatalf("poll of a silent server: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the poll gave up after %s", d)
	}
}

// The poller runs mailboxes side by side, up to its concurrency: three
// hung servers hold three polls (each for its 30 s login timeout) while a
// fourth inbox's mail is taken in; stopping the poller ends the hung polls.
func TestMailPollingRunsMailboxesSideBySide(t *testing.T) {
	h := channeltest.New(t, func(c *system.Config) { c.MailPollConcurrency = 4 })
	addr := startIMAP(t)
	var held []func() int
	for _, id := range []string{"mail-0", "mail-2", "mail-3"} {
		hung, n := silentServer(t)
		held = append(held, n)
		h.Connect(channels.Inbox{ID: id, AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Hung " + id, ProviderAccountID: id + "@acme.test",
			Credentials: channels.Credentials{IMAPURL: "imap://" + hung, IMAPUsername: "support", IMAPPassword: "s3cret"}})
	}
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme", ProviderAccountID: "support@acme.test",
		Credentials: channels.Credentials{IMAPURL: "imap://" + addr, IMAPUsername: "support", IMAPPassword: "s3cret"}})
	openMailbox(t, addr).deliver(mailFrom("Chloé <chloe@example.fr>", "m1@example.fr", "Commande 42", "Bonjour"))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.System.RunMailPolling(ctx) }()
	stream := conversation.StreamName(ledger.ConversationID("mail-1", "chloe@example.fr"))
	deadline := time.Now().Add(15 * time.Second) // well inside the hung polls' 30 s
	for {
		_, err := h.Store.ReadStream(t.Context(), stream, readAll)
		hanging := 0
		for _, n := range held {
			hanging += n()
		}
		if err == nil && hanging == len(held) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 15 s: mail-1 taken in: %v; %d of %d hung servers polled at once", err == nil, hanging, len(held))
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the poller did not stop with polls hanging")
	}
}

package system

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/email"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
)

// RunMailPolling polls the IMAP mailbox of every email inbox configured
// with one (credentials imap_url...), each at its own interval, until ctx
// ends; up to Config.MailPollConcurrency mailboxes at once, so one slow
// server delays no other inbox. Polled mail takes the SMTP listener's
// path: same parsing, threading, attachments and Message-ID dedupe.
func (s *System) RunMailPolling(ctx context.Context) error {
	p := &mailPolls{next: map[string]time.Time{}, busy: map[string]bool{}, slots: make(chan struct{}, s.cfg.MailPollConcurrency)}
	defer p.wg.Wait()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		s.pollDue(ctx, p, time.Now())
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// mailPolls is the polling schedule: when each inbox is next due, which
// are being polled, and the slots that bound how many at once.
type mailPolls struct {
	mu    sync.Mutex
	next  map[string]time.Time
	busy  map[string]bool
	slots chan struct{}
	wg    sync.WaitGroup
}

// pollDue starts a poll of every inbox that is due and not still being
// polled; it returns without waiting for them.
func (s *System) pollDue(ctx context.Context, p *mailPolls, now time.Time) {
	ins, err := s.Admin.Store.OfChannel(ctx, conversation.ChannelEmail)
	if err != nil {
		s.cfg.Logger.Warn("channels: imap polling: list inboxes", "error", err)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, in := range ins {
		if in.Credentials.IMAPURL == "" || p.busy[in.ID] || now.Before(p.next[in.ID]) {
			continue
		}
		p.busy[in.ID] = true
		p.wg.Go(func() {
			defer func() {
				p.mu.Lock()
				delete(p.busy, in.ID)
				p.next[in.ID] = time.Now().Add(pollInterval(in.Credentials))
				p.mu.Unlock()
			}()
			select {
			case p.slots <- struct{}{}:
				defer func() { <-p.slots }()
			case <-ctx.Done():
				return
			}
			if _, err := s.pollMail(ctx, in); err != nil && ctx.Err() == nil {
				s.cfg.Logger.Warn("channels: imap poll failed", "inbox", in.ID, "error", err)
			}
		})
	}
}

func pollInterval(c channels.Credentials) time.Duration {
	if c.IMAPPollSeconds <= 0 {
		return time.Minute
	}
	return time.Duration(max(c.IMAPPollSeconds, 10)) * time.Second
}

// PollMailNow polls one inbox's mailbox once and returns how many messages
// it took in.
func (s *System) PollMailNow(ctx context.Context, inboxID string) (int, error) {
	in, err := s.Admin.Store.Get(ctx, inboxID)
	if err != nil {
		return 0, err
	}
	return s.pollMail(ctx, in)
}

// pollMail polls and records the outcome in the inbox's health: last
// successful poll, or the failure and its error.
func (s *System) pollMail(ctx context.Context, in channels.Inbox) (int, error) {
	n, err := s.poll(ctx, in)
	what, detail := ledger.HealthPollOK, ""
	if err != nil {
		what, detail = ledger.HealthPollFailed, "imap: "+err.Error()
	}
	if rerr := s.Admin.Ledger.Record(ctx, in.ID, what, time.Now(), detail); rerr != nil && err == nil {
		err = rerr
	}
	return n, err
}

func (s *System) poll(ctx context.Context, in channels.Inbox) (int, error) {
	c := in.Credentials
	u, err := url.Parse(c.IMAPURL)
	if err != nil || in.Channel != conversation.ChannelEmail {
		return 0, fmt.Errorf("inbox %s has no valid IMAP URL", in.ID)
	}
	cfg := email.IMAPConfig{URL: u, Username: c.IMAPUsername, Password: c.IMAPPassword}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = c.Username, c.Password
	}
	lg := s.Admin.Ledger
	st, err := lg.IMAPStateOf(ctx, in.ID)
	if err != nil {
		return 0, err
	}
	recv := mailReceiver{sys: s}
	take := func(ctx context.Context, raw []byte, skip error) error {
		if skip == nil {
			p, err := email.Parse(raw)
			if err == nil {
				return recv.Receive(ctx, in, p)
			}
			skip = err
		}
		// A message Parley cannot take would block the mailbox: it is
		// flagged seen and skipped, and the health view says so.
		s.cfg.Logger.Warn("channels: imap message skipped", "inbox", in.ID, "error", skip)
		return lg.Record(ctx, in.ID, ledger.HealthPollFailed, time.Now(), "imap: skipped a message: "+skip.Error())
	}
	save := func(ctx context.Context, st email.IMAPState) error {
		return lg.SetIMAPState(ctx, in.ID, ledger.IMAPState(st))
	}
	return email.PollIMAP(ctx, cfg, email.IMAPState(st), take, save)
}

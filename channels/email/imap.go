package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// IMAPConfig is one mailbox to poll: imaps://host:993 (implicit TLS),
// imap+starttls://host:143, or imap://host:port (plain, for a server on a
// private network).
type IMAPConfig struct {
	URL             *url.URL
	Username        string
	Password        string
	MaxMessageBytes int64         // larger messages are skipped (marked seen); default 25 MiB
	Batch           int           // messages fetched per round trip; default 20
	Timeout         time.Duration // dial, greeting and login; default 30s
	// SessionTimeout bounds a whole poll (a server that stops answering
	// mid-fetch); default 5 minutes. The next poll goes on from the last
	// message taken in.
	SessionTimeout time.Duration
}

// IMAPState is where polling of a mailbox stands: messages at or below
// LastUID of UIDValidity were taken in. A new UIDVALIDITY (the mailbox was
// recreated) starts over; duplicates are dropped by Message-ID anyway.
type IMAPState struct {
	UIDValidity uint32
	LastUID     uint32
}

// ValidIMAP reports whether u names an IMAP server Parley can poll.
func ValidIMAP(u *url.URL) bool {
	switch u.Scheme {
	case "imaps", "imap+starttls", "imap":
		return u.Hostname() != "" && u.Port() != ""
	}
	return false
}

// ErrTooLarge marks a message skipped for its size.
var ErrTooLarge = errors.New("email: message too large")

// PollIMAP takes the unseen messages of INBOX above state in, oldest first:
// take gets each raw message (or an error wrapping ErrTooLarge), then the
// message is flagged \Seen and save records the new state. A take error
// stops the poll, leaving the message unseen for the next one.
func PollIMAP(ctx context.Context, cfg IMAPConfig, state IMAPState,
	take func(ctx context.Context, raw []byte, err error) error, save func(ctx context.Context, s IMAPState) error) (int, error) {
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 25 << 20
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.SessionTimeout <= 0 {
		cfg.SessionTimeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.SessionTimeout)
	defer cancel()
	c, err := dialIMAP(ctx, cfg)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() }) // imapclient takes no context
	defer stop()
	// imapclient gives every response 30 s; the greeting and the login
	// together get cfg.Timeout, then the session timeout governs.
	silent := time.AfterFunc(cfg.Timeout, func() { _ = c.Close() })
	err = c.Login(cfg.Username, cfg.Password).Wait()
	if !silent.Stop() {
		return 0, fmt.Errorf("email: imap login: no answer within %s", cfg.Timeout)
	}
	if err != nil {
		return 0, fmt.Errorf("email: imap login: %w", err)
	}
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("email: imap select INBOX: %w", err)
	}
	if sel.UIDValidity != state.UIDValidity {
		state = IMAPState{UIDValidity: sel.UIDValidity}
	}
	search, err := c.UIDSearch(&imap.SearchCriteria{
		NotFlag: []imap.Flag{imap.FlagSeen},
		UID:     []imap.UIDSet{{imap.UIDRange{Start: imap.UID(state.LastUID + 1), Stop: 0}}},
	}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("email: imap search: %w", err)
	}
	var uids []imap.UID
	for _, uid := range search.AllUIDs() {
		if uint32(uid) > state.LastUID { // "n:*" also matches the last message when its UID is below n
			uids = append(uids, uid)
		}
	}
	slices.Sort(uids)
	taken := 0
	for batch := range slices.Chunk(uids, cfg.Batch) {
		msgs, err := c.Fetch(imap.UIDSetNum(batch...), &imap.FetchOptions{
			UID: true, RFC822Size: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}},
		}).Collect()
		if err != nil {
			return taken, fmt.Errorf("email: imap fetch: %w", err)
		}
		slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })
		for _, m := range msgs {
			var tooLarge error
			raw := m.FindBodySection(&imap.FetchItemBodySection{})
			if m.RFC822Size > cfg.MaxMessageBytes || int64(len(raw)) > cfg.MaxMessageBytes {
				raw, tooLarge = nil, fmt.Errorf("%w: uid %d, %d bytes", ErrTooLarge, m.UID, m.RFC822Size)
			}
			if err := take(ctx, raw, tooLarge); err != nil {
				return taken, err
			}
			seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
			if err := c.Store(imap.UIDSetNum(m.UID), seen, nil).Close(); err != nil {
				return taken, fmt.Errorf("email: imap flag seen: %w", err)
			}
			state.LastUID = uint32(m.UID)
			if err := save(ctx, state); err != nil {
				return taken, err
			}
			taken++
		}
	}
	return taken, c.Logout().Wait()
}

// dialIMAP connects (TLS included) within cfg.Timeout.
func dialIMAP(ctx context.Context, cfg IMAPConfig) (*imapclient.Client, error) {
	if cfg.URL == nil || !ValidIMAP(cfg.URL) {
		return nil, errors.New("email: the IMAP URL must be imaps://, imap+starttls:// or imap://host:port")
	}
	var d net.Dialer
	dialCtx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	conn, err := d.DialContext(dialCtx, "tcp", cfg.URL.Host)
	if err != nil {
		return nil, fmt.Errorf("email: imap dial: %w", err)
	}
	tlsCfg := &tls.Config{ServerName: cfg.URL.Hostname(), MinVersion: tls.VersionTLS12}
	switch cfg.URL.Scheme {
	case "imaps":
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(dialCtx); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("email: imap tls: %w", err)
		}
		return imapclient.New(tc, nil), nil
	case "imap+starttls":
		c, err := imapclient.NewStartTLS(conn, &imapclient.Options{TLSConfig: tlsCfg})
		if err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("email: imap starttls: %w", err)
		}
		return c, nil
	}
	return imapclient.New(conn, nil), nil
}

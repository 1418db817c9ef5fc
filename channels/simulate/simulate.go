// Package simulate plays customers and providers against a running Parley
// so the inbox can be tried without provider accounts: it starts a local
// fake of every provider, connects one inbox per channel through the admin
// API, injects realistic inbound traffic (text and media) through signed
// webhooks and SMTP, and answers the agents' replies with delivery and
// read statuses for as long as it runs.
package simulate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Config of a simulation.
type Config struct {
	CommandURL string        // Parley's command API, e.g. http://127.0.0.1:8080
	WebhookURL string        // Parley's webhook server, e.g. http://127.0.0.1:8083
	SMTPAddr   string        // Parley's SMTP listener, e.g. 127.0.0.1:2525
	APIKey     string        // a key with the admin permission
	Messages   int           // inbound messages per channel (default 3)
	Interval   time.Duration // between rounds (default 1s)
	// Stay keeps the fakes up after the traffic, answering replies with
	// statuses, until ctx ends.
	Stay   bool
	Out    io.Writer
	Logger *slog.Logger
	client *http.Client
}

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	for name, v := range map[string]string{"command URL": c.CommandURL, "webhook URL": c.WebhookURL} {
		if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
			errs = append(errs, fmt.Errorf("simulate: the %s must be an http(s) URL, got %q", name, v))
		}
	}
	if c.APIKey == "" {
		errs = append(errs, errors.New("simulate: an API key with the admin permission is required"))
	}
	if c.Messages < 0 {
		errs = append(errs, errors.New("simulate: messages must not be negative"))
	}
	return errors.Join(errs...)
}

// Run simulates until the traffic is sent (and, with Stay, until ctx ends).
func Run(ctx context.Context, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if cfg.Messages == 0 {
		cfg.Messages = 3
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.client = &http.Client{Timeout: 15 * time.Second}
	w, err := startWorld(cfg)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.connect(ctx); err != nil {
		return err
	}
	for i := range cfg.Messages {
		for _, c := range w.customers {
			if err := c.write(ctx, i); err != nil {
				return fmt.Errorf("simulate: %s message %d: %w", c.channel, i+1, err)
			}
			fmt.Fprintf(cfg.Out, "%-9s message %d from %s\n", c.channel, i+1, c.name)
		}
		if !sleep(ctx, cfg.Interval) {
			return nil
		}
	}
	if !cfg.Stay {
		return nil
	}
	fmt.Fprintln(cfg.Out, "traffic sent; answering agent replies with delivery and read statuses until interrupted")
	t := time.NewTicker(cfg.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			w.answer(ctx)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"time"

	"github.com/parley-inbox/parley/channels/simulate"
	"github.com/parley-inbox/parley/internal/config"
)

// simulateConfig is `parley simulate`.
type simulateConfig struct {
	sim simulate.Config
	log config.Log
}

func (c *simulateConfig) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, "usage: parley simulate --api-key KEY [--messages N] [--stay]\n\n"+
			"Starts a local fake of every provider (WhatsApp, Messenger, Instagram, Telegram, Twilio, an SMTP\n"+
			"relay), connects one inbox per channel to it through the admin API, and injects customer\n"+
			"messages (text and media) through signed webhooks and SMTP. With --stay it keeps the fakes up\n"+
			"and answers agents' replies with delivery and read statuses until interrupted.")
	}
	fs.StringVar(&c.sim.CommandURL, "command-url", "http://127.0.0.1:8080", "Parley's command API")
	fs.StringVar(&c.sim.WebhookURL, "webhook-url", "http://127.0.0.1:8083", "Parley's webhook server (PARLEY_CHANNELS_ADDR of serve)")
	fs.StringVar(&c.sim.SMTPAddr, "smtp-addr", "127.0.0.1:2525", "Parley's SMTP listener (PARLEY_CHANNELS_SMTP_ADDR of serve)")
	fs.StringVar(&c.sim.APIKey, "api-key", "", "an API key with the admin permission (required)")
	fs.IntVar(&c.sim.Messages, "messages", 3, "inbound messages per channel")
	fs.DurationVar(&c.sim.Interval, "interval", time.Second, "pause between rounds of messages")
	fs.BoolVar(&c.sim.Stay, "stay", true, "keep the fakes up, answering replies with statuses, until interrupted")
	fs.StringVar(&c.log.Level, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.log.Format, "log-format", "text", "log format: text or json")
	return fs
}

// Validate reports every problem of the configuration.
func (c *simulateConfig) Validate() error { return errors.Join(c.sim.Validate(), c.log.Validate()) }

// runSimulate is `parley simulate`.
func runSimulate(ctx context.Context, args []string, e env) error {
	var cfg simulateConfig
	if err := parseFlags(cfg.flagSet(), args, e, &cfg); err != nil {
		return err
	}
	cfg.sim.Out, cfg.sim.Logger = e.stdout, newLogger(cfg.log, e.stderr)
	return simulate.Run(ctx, cfg.sim)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/internal/config"
)

// tokensConfig is `parley tokens create`.
type tokensConfig struct {
	config.Migrate
	account string
	token   account.IssueToken
	inboxes string
	expires time.Duration
}

func (c *tokensConfig) flagSet() *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, "usage: parley tokens create --account A --name N --client-id C [--kind api_client|bot] [--role R]\n\n"+
			"Issues an API token and prints it once; only its hash is stored.")
	}
	fs.StringVar(&c.account, "account", "", "account id (required; it must exist)")
	fs.StringVar(&c.token.Name, "name", "", "what the token is for (required)")
	fs.StringVar(&c.token.ClientID, "client-id", "", "the actor id its requests carry (required)")
	fs.StringVar(&c.token.Kind, "kind", "api_client", "api_client or bot")
	fs.StringVar(&c.token.Role, "role", "", "role (default: administrator for api_client, bot for bot)")
	fs.StringVar(&c.inboxes, "inboxes", "", "comma-separated inbox ids it may use, unless its role sees every inbox")
	fs.DurationVar(&c.expires, "expires", 0, "lifetime, e.g. 720h (default: no expiry)")
	return fs
}

// Validate reports every problem of the configuration.
func (c *tokensConfig) Validate() error {
	errs := []error{c.Migrate.Validate(), checkPostgres(c.EventStore)}
	if c.account == "" || c.token.Name == "" || c.token.ClientID == "" {
		errs = append(errs, errors.New("--account, --name and --client-id are required"))
	}
	if c.expires < 0 {
		errs = append(errs, errors.New("--expires must be positive"))
	}
	return errors.Join(errs...)
}

// runTokens is `parley tokens create`.
func runTokens(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: parley tokens create [flags] (see parley tokens create -h)", errUsage)
	}
	var cfg tokensConfig
	if err := parseFlags(cfg.flagSet(), args[1:], e, &cfg); err != nil {
		return err
	}
	t, err := openAdminTool(ctx, cfg.Migrate, e)
	if err != nil {
		return err
	}
	defer t.close()
	if _, exists, err := t.accounts.State(ctx, cfg.account); err != nil || !exists {
		return errors.Join(err, fmt.Errorf("account %q does not exist (create it with parley users create)", cfg.account))
	}
	tok := cfg.token
	switch {
	case tok.Role != "":
	case tok.Kind == "bot":
		tok.Role = "bot"
	default:
		tok.Role = "administrator"
	}
	if cfg.inboxes != "" {
		tok.Inboxes = strings.Split(cfg.inboxes, ",")
	}
	if cfg.expires > 0 {
		at := time.Now().Add(cfg.expires).UTC()
		tok.ExpiresAt = &at
	}
	id, secret := auth.NewToken()
	tok.TokenID = id
	_, rest, _ := strings.Cut(strings.TrimPrefix(secret, auth.TokenPrefix), "_")
	if err := t.creds.AddToken(ctx, cfg.account, id, auth.HashSecret(rest)); err != nil {
		return err
	}
	if _, err := t.accounts.Run(ctx, tok, toolMeta(cfg.account)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "issued token %s (%s %s, role %s) in account %s; it is shown only now:\n%s\n", id, tok.Kind, tok.ClientID, tok.Role, cfg.account, secret)
	return nil
}

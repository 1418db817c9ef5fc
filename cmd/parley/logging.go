package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/parley-inbox/parley/internal/config"
)

// newLogger builds the process's structured logger.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.SlogLevel()}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// parseConfig parses flags then environment; a parse error is a usage error
// (flag has already printed it with the usage).
func parseConfig(fs *flag.FlagSet, args []string, e env) error {
	err := config.Parse(fs, args, e.lookupEnv)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return err
	}
	return fmt.Errorf("%w: %w", errUsage, err)
}

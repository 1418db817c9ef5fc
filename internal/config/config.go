// Package config holds the configuration of the parley binary's
// subcommands: one struct per subcommand with setDefaults and Validate (which
// reports every problem at once), bound to a flag.FlagSet whose every flag
// can also be set by an environment variable PARLEY_<FLAG_NAME>. The deploy
// tests read the flag sets from here to check deploy/compose.yaml.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
)

// EnvName is the environment variable that sets a flag: data-dir is
// PARLEY_DATA_DIR.
func EnvName(flagName string) string {
	return "PARLEY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse parses args into fs; every flag not given on the command line is
// then taken from its environment variable, if set. Flags win over env.
func Parse(fs *flag.FlagSet, args []string, lookupEnv func(string) (string, bool)) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v, ok := lookupEnv(EnvName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", EnvName(f.Name), err))
			}
		}
	})
	return errors.Join(errs...)
}

// newFlagSet returns a FlagSet whose usage lists each flag with its
// environment variable.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { PrintUsage(fs.Output(), fs, synopsis) }
	return fs
}

// PrintUsage writes the synopsis and every flag of fs with its env var.
func PrintUsage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "%s\n\nFlags (each also settable by its environment variable):\n", synopsis)
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s, %s\n      %s%s\n", f.Name, EnvName(f.Name), f.Usage, def)
	})
}

// Log says how the process logs.
type Log struct {
	Level  string // debug, info, warn, error
	Format string // text, json
}

func (c *Log) setDefaults() {
	if c.Level == "" {
		c.Level = "info"
	}
	if c.Format == "" {
		c.Format = "text"
	}
}

func (c *Log) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Level, "log-level", c.Level, "log level: debug, info, warn or error")
	fs.StringVar(&c.Format, "log-format", c.Format, "log format: text or json")
}

// Validate reports every problem with the log settings.
func (c Log) Validate() error {
	var errs []error
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.Level)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.Level))
	}
	if c.Format != "text" && c.Format != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.Format))
	}
	return errors.Join(errs...)
}

// SlogLevel is the parsed level (info if invalid; Validate reports that).
func (c Log) SlogLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.Level)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// Database says which PostgreSQL to use: an external one by URL, or else a
// private server started from the machine's binaries with data in DataDir.
type Database struct {
	DataDir     string
	PostgresURL string
}

func (c *Database) setDefaults() {
	if c.DataDir == "" {
		c.DataDir = "./.parley"
	}
}

func (c *Database) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for the embedded PostgreSQL and local state (used when --postgres-url is empty)")
	fs.StringVar(&c.PostgresURL, "postgres-url", c.PostgresURL, "URL of an external PostgreSQL; empty starts an embedded one under --data-dir")
}

// Embedded reports whether Parley runs its own PostgreSQL.
func (c Database) Embedded() bool { return c.PostgresURL == "" }

// Validate reports every problem with the database settings.
func (c Database) Validate() error {
	if c.Embedded() && c.DataDir == "" {
		return errors.New("--data-dir is required when --postgres-url is empty")
	}
	if !c.Embedded() && !strings.HasPrefix(c.PostgresURL, "postgres://") && !strings.HasPrefix(c.PostgresURL, "postgresql://") {
		return errors.New("--postgres-url must start with postgres:// or postgresql://")
	}
	return nil
}

func validAddr(name, addr string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("--%s %q: want host:port: %w", name, addr, err)
	}
	return nil
}

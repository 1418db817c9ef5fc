// Command parley runs Parley, the event-sourced omnichannel support inbox:
//
//	parley serve     run the command API, query API and projectors (--role)
//	parley migrate   apply the PostgreSQL schema migrations
//	parley projections  projector status, unpark, online inbox rebuild
//	parley bench     run a benchmark suite
//	parley audit     verify the event log's hash chains
//	parley replay    print a conversation event by event with its state
//	parley version   print the version
//
// Every flag can also be set by an environment variable PARLEY_<FLAG_NAME>.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gin-gonic/gin"
)

const usage = `usage: parley <command> [flags]

Commands:
  serve     run Parley (with nothing configured: an embedded PostgreSQL under ./.parley)
  migrate   apply the PostgreSQL schema migrations (idempotent)
  seed      append realistic generated histories (parley seed --conversations N)
  projections  projector status, unpark, online rebuild of the inbox views
  bench     run a benchmark suite (parley bench -h lists them)
  users     create a user, and its account if new (parley users create --account A --email E --name N)
  tokens    issue an API token, shown once (parley tokens create --account A --name N --client-id C)
  audit     verify the event log's hash chains (parley audit verify [--account A])
  replay    print a conversation event by event with its state (parley replay conversation <id> [--until T])
  simulate  inject customer traffic on every channel through local provider fakes (parley simulate --api-key K)
  version   print the version

Run "parley <command> -h" for a command's flags. Every flag can also be set by
an environment variable: --data-dir is PARLEY_DATA_DIR.
`

// env is what a subcommand reads from its environment; tests pass their own.
type env struct {
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool)
}

func main() {
	gin.SetMode(gin.ReleaseMode) // Parley logs its own requests
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, lookupEnv: os.LookupEnv})
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the exit code: 0 on success,
// 2 for a usage error, 1 when the command failed.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], e)
	case "migrate":
		err = runMigrate(ctx, args[1:], e)
	case "seed":
		err = runSeed(ctx, args[1:], e)
	case "projections":
		err = runProjections(ctx, args[1:], e)
	case "bench":
		err = runBench(ctx, args[1:], e, benchSuites())
	case "audit":
		err = runAudit(ctx, args[1:], e)
	case "replay":
		err = runReplay(ctx, args[1:], e)
	case "users": // accounts: parley users create
		err = runUsers(ctx, args[1:], e)
	case "tokens": // accounts: parley tokens create
		err = runTokens(ctx, args[1:], e)
	case "simulate": // channels: fake providers and customer traffic
		err = runSimulate(ctx, args[1:], e)
	case "version", "--version", "-version":
		fmt.Fprintln(e.stdout, versionString())
	case "help", "-h", "--help", "-help":
		fmt.Fprint(e.stdout, usage)
	default:
		fmt.Fprintf(e.stderr, "parley: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return exitCode(err, e.stderr)
}

// errUsage marks errors in how parley was called (exit code 2).
var errUsage = errors.New("usage")

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "parley: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "parley: %v\n", err)
	return 1
}

// parseFlags parses a subcommand's flags and environment into the config
// fs is bound to, then validates cfg (a pointer, so that it sees the parsed
// values); any problem is a usage error.
func parseFlags(fs *flag.FlagSet, args []string, e env, cfg interface{ Validate() error }) error {
	fs.SetOutput(e.stderr)
	if err := parseConfig(fs, args, e); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: invalid configuration:\n%w", errUsage, err)
	}
	return nil
}

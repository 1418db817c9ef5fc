package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"text/tabwriter"

	"github.com/parley-inbox/parley/internal/config"
)

// benchSuite is one `parley bench <name>` suite.
type benchSuite struct {
	Name, Summary string
	// Flags, if set, adds the suite's own flags to fs; the closure keeps
	// their values for Run.
	Flags func(fs *flag.FlagSet)
	Run   func(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error
}

// benchSuites lists the suites `parley bench` knows.
func benchSuites() []benchSuite {
	return append([]benchSuite{benchCommandsSuite(), benchAssignSuite(), benchTimelineSuite()}, benchReadSuites()...)
}

// runBench is `parley bench [SUITE [flags]]`.
func runBench(ctx context.Context, args []string, e env, suites []benchSuite) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "list" {
		listSuites(e.stdout, suites)
		if len(args) == 0 {
			return fmt.Errorf("%w: name a suite", errUsage)
		}
		return nil
	}
	i := slices.IndexFunc(suites, func(s benchSuite) bool { return s.Name == args[0] })
	if i < 0 {
		listSuites(e.stderr, suites)
		return fmt.Errorf("%w: unknown bench suite %q", errUsage, args[0])
	}
	suite := suites[i]
	var cfg config.Bench
	fs := cfg.FlagSet(suite.Name, suite.Summary)
	if suite.Flags != nil {
		suite.Flags(fs)
	}
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (bench clients and parley) to this file")
	if err := parseFlags(fs, args[1:], e, &cfg); err != nil {
		return err
	}
	logger := newLogger(cfg.Log, e.stderr)
	logger.Info("bench starting", "suite", suite.Name, "concurrency", cfg.Concurrency, "duration", cfg.Duration)
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := suite.Run(ctx, cfg, logger, e.stdout); err != nil {
		return fmt.Errorf("bench %s: %w", suite.Name, err)
	}
	return nil
}

func listSuites(w io.Writer, suites []benchSuite) {
	fmt.Fprintln(w, "usage: parley bench SUITE [flags]   (parley bench SUITE -h for its flags)")
	fmt.Fprintln(w, "\nSuites:")
	if len(suites) == 0 {
		fmt.Fprintln(w, "  (none registered yet)")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range suites {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Summary)
	}
	_ = tw.Flush()
}

// startCPUProfile profiles the process until the returned function runs.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

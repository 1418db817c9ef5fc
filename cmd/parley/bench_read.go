package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/loadgen"
)

// benchReadSuites are the read-side suites: `bench lag` (command → inbox
// view, command → live stream) and `bench lists` (conversation lists over
// --conversations generated conversations).
func benchReadSuites() []benchSuite {
	var lagConvs, listConvs int
	var viewsOnly bool
	var perFilter time.Duration
	return []benchSuite{{
		Name:    "lag",
		Summary: "command accepted -> visible in the inbox view, and -> on a second client's live stream (p50/p99)",
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&lagConvs, "conversations", 2000, "conversations to seed before measuring")
		},
		Run: func(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error {
			return benchLag(ctx, cfg, logger, out, lagConvs)
		},
	}, {
		Name:    "lists",
		Summary: "conversation list latency over HTTP per filter, sort and deep keyset pages, over --conversations seeded ones",
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&listConvs, "conversations", 100_000, "conversations to seed (bulk) and rebuild the views from; the target is 1,000,000")
			fs.DurationVar(&perFilter, "per-filter", 3*time.Second, "how long to measure each filter")
			fs.BoolVar(&viewsOnly, "views-only", false, "fold the generated histories straight into the inbox views with the inbox projector, without writing them to the log (makes 1,000,000 conversations practical)")
		},
		Run: func(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error {
			return benchList(ctx, cfg, logger, out, listConvs, perFilter, viewsOnly)
		},
	}}
}

func benchLag(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, conversations int) error {
	rb, err := startReadBench(ctx, cfg, logger, out, conversations)
	if err != nil {
		return err
	}
	defer stopReadBench(rb, logger)
	if err := rb.waitCaughtUp(ctx, logger); err != nil {
		return err
	}
	view := benchViewLag(ctx, rb, cfg.Concurrency, cfg.Duration, conversations)
	live, err := benchLiveLag(ctx, rb, cfg.Concurrency, cfg.Duration, conversations)
	if err != nil {
		return err
	}
	return readReport("lag", rb, map[string]string{"view lag p99": "<= 100 ms", "live p99": "<= 250 ms"},
		append([]loadgen.Result{view}, live...)).write(out, cfg.Output)
}

func benchList(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, conversations int, perFilter time.Duration, viewsOnly bool) error {
	rb, err := startReadBenchWith(ctx, cfg, logger, out, conversations, viewsOnly)
	if err != nil {
		return err
	}
	defer stopReadBench(rb, logger)
	if err := rb.waitCaughtUp(ctx, logger); err != nil {
		return err
	}
	results := benchLists(ctx, rb, cfg.Concurrency, perFilter)
	return readReport("lists", rb, map[string]string{"p99": "<= 20 ms HTTP at 1,000,000 conversations"}, results).write(out, cfg.Output)
}

func stopReadBench(rb *readBench, logger *slog.Logger) {
	if err := rb.stop(); err != nil {
		logger.Error("stopping the bench", "err", err)
	}
}

func readReport(suite string, rb *readBench, targets map[string]string, results []loadgen.Result) benchReport {
	rb.extra["current RSS (MB)"] = strconv.FormatFloat(procStatusMB("VmRSS:"), 'f', 0, 64)
	rb.extra["load average"] = loadAverage()
	return benchReport{Suite: suite, Machine: machine(), Targets: targets, Results: results, Extra: rb.extra, RSSMB: rssMB()}
}

// procStatusMB reads a size field of /proc/self/status in MB (0 if absent).
func procStatusMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// loadAverage is the machine's load (other work skews the figures).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return fmt.Sprintf("%s %s %s (1, 5, 15 min)", f[0], f[1], f[2])
}

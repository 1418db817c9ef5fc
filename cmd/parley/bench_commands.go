package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/loadgen"
)

// benchCommandsSuite measures the command API against the PostgreSQL event
// store: single-event command latency at --concurrency clients, then
// sustained throughput at --sustained clients.
func benchCommandsSuite() benchSuite {
	var conversations, sustained int
	var role string
	return benchSuite{
		Name:    "commands",
		Summary: "single-event command latency (p50/p99) and sustained commands/s on the PostgreSQL event store",
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&conversations, "conversations", 2000, "conversations to open before measuring")
			fs.IntVar(&sustained, "sustained", 32, "concurrent clients for the sustained-throughput phase")
			fs.StringVar(&role, "role", config.RoleCommand, "the role of the Parley under test: command (the command API alone, as in production) or all (with every projector in the same process)")
		},
		Run: func(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error {
			return benchCommands(ctx, cfg, logger, out, conversations, sustained, role)
		},
	}
}

func benchCommands(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, conversations, sustained int, role string) error {
	srv, err := startBenchServerRole(ctx, cfg, logger, role)
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			logger.Error("stopping parley", "err", err)
		}
	}()
	post := commandPoster(srv)
	logger.Info("opening conversations", "n", conversations)
	open := loadgen.Run(ctx, "setup: open conversation", cfg.Concurrency, time.Hour, (conversations+cfg.Concurrency-1)/cfg.Concurrency,
		func(ctx context.Context, c *http.Client, client, n int) error {
			id := client*1_000_000 + n
			return post(ctx, c, "/api/v1/conversations", fmt.Sprintf(
				`{"id":"b-%d","inbox_id":"wa","channel":"whatsapp","contact_id":"k-%d","first_inbound":{"message_id":"m0","type":"text","text":"hello","sent_at":%q}}`,
				id, id, time.Now().UTC().Format(time.RFC3339)))
		})
	ids := conversationIDs(cfg.Concurrency, open.Requests/cfg.Concurrency)
	note := func(ctx context.Context, c *http.Client, client, n int) error {
		id := ids[(client*7919+n*104729)%len(ids)]
		return post(ctx, c, "/api/v1/conversations/"+id+"/notes", fmt.Sprintf(`{"note_id":"n-%d-%d-%d","text":"checked the order status"}`, client, n, time.Now().UnixNano()))
	}
	// The opening burst leaves work behind (a checkpoint writing its pages,
	// autovacuum of the new rows) that slowed the first seconds after it to
	// a third of the steady rate: a short warm-up, not reported, lets it pass.
	logger.Info("warming up", "clients", cfg.Concurrency)
	loadgen.Run(ctx, "warm-up", cfg.Concurrency, min(cfg.Duration, 5*time.Second), 0, note)
	logger.Info("measuring latency", "clients", cfg.Concurrency, "duration", cfg.Duration)
	latency := loadgen.Run(ctx, "single-event command (add note)", cfg.Concurrency, cfg.Duration, 0, note)
	logger.Info("measuring sustained throughput", "clients", sustained, "duration", cfg.Duration)
	throughput := loadgen.Run(ctx, "sustained commands", sustained, cfg.Duration, 0, note)
	report := benchReport{
		Suite:   "commands (role " + role + ")",
		Machine: machine(),
		Targets: map[string]string{"p50": "<= 2 ms", "p99": "<= 10 ms at 10 clients", "sustained": ">= 2,000 commands/s"},
		Results: []loadgen.Result{open, latency, throughput},
		RSSMB:   rssMB(),
	}
	return report.write(out, cfg.Output)
}

// commandPoster returns a function that POSTs a JSON command and expects 202.
func commandPoster(srv *benchServer) func(ctx context.Context, c *http.Client, path, body string) error {
	return func(ctx context.Context, c *http.Client, path, body string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.CommandURL+path, bytes.NewBufferString(body))
		if err != nil {
			return err
		}
		srv.authorize(req)
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusAccepted {
			return fmt.Errorf("%s: %d %s", path, resp.StatusCode, b)
		}
		return nil
	}
}

func conversationIDs(clients, perClient int) []string {
	ids := make([]string, 0, clients*perClient)
	for c := 0; c < clients; c++ {
		for n := 0; n < perClient; n++ {
			ids = append(ids, fmt.Sprintf("b-%d", c*1_000_000+n))
		}
	}
	return ids
}

// benchReport is what a suite prints.
type benchReport struct {
	Suite   string            `json:"suite"`
	Machine string            `json:"machine"`
	Targets map[string]string `json:"targets"`
	Results []loadgen.Result  `json:"results"`
	Extra   map[string]string `json:"extra,omitempty"`
	RSSMB   float64           `json:"rss_mb"`
}

func (r benchReport) write(w io.Writer, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "parley bench %s — %s\n", r.Suite, r.Machine)
	for _, res := range r.Results {
		fmt.Fprintln(w, "  "+res.String())
		if res.FirstError != "" {
			fmt.Fprintln(w, "    first error: "+res.FirstError)
		}
	}
	for k, v := range r.Extra {
		fmt.Fprintf(w, "  %s: %s\n", k, v)
	}
	fmt.Fprintf(w, "  peak RSS of this process (bench clients + parley in one process): %.0f MB\n", r.RSSMB)
	fmt.Fprint(w, "  targets:")
	for k, v := range r.Targets {
		fmt.Fprintf(w, " %s %s;", k, v)
	}
	fmt.Fprintln(w)
	return nil
}

func machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

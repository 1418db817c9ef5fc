package zzbench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

func TestMain(m *testing.M) { pgtest.Main(searchtest.Wrap(m)) }

func pct(xs []time.Duration, q float64) time.Duration {
	slices.Sort(xs)
	return xs[int(q*float64(len(xs)-1))]
}

func TestBench(t *testing.T) {
	ctx := context.Background()
	url := searchtest.URL(t)
	pool, err := pgxpool.New(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(context.Context, *pgxpool.Pool) error{postgres.Migrate, projections.Migrate} {
		if err := f(ctx, pool); err != nil {
			t.Fatal(err)
		}
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := seed.Seed(ctx, store, seed.SeedOptions{Conversations: 4000, Accounts: 2, Seed: 5}, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %s", time.Since(t0))
	c, err := estimeline.New(estimeline.Config{Addresses: []string{url}, Prefix: "bench", OpenSearchCompat: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = c.DeleteAll(ctx)
	if err := c.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	folder, _ := timeline.NewFolder(timeline.NewPhoneHasher([]byte("k")))
	progress := projections.NewProgress(pool, projections.ProgressConfig{MaxWait: time.Minute})
	tdocs := &timed{next: c.DocStore()}
	ix, err := timeline.NewIndexer(timeline.IndexerConfig{DB: pool, Store: store, Docs: tdocs, Folder: folder, BatchSize: batchSize(),
		MinBackoff: 5 * time.Millisecond, Progress: progress, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NOREFRESH") != "" {
		req, _ := http.NewRequest("PUT", url+"/bench-*/_settings", strings.NewReader(`{"index":{"refresh_interval":"-1"}}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		t.Logf("settings: %s", b)
	}
	t0 = time.Now()
	n, err := ix.CatchUp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	_ = c.Refresh(ctx)
	docs := 0
	for _, k := range []string{"timeline", "sessions", "conversations", "contacts"} {
		var out struct{ Count int }
		res, err := http.Get(url + "/bench-" + k + "/_count")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Sscanf(string(b), `{"count":%d`, &out.Count)
		docs += out.Count
	}
	t.Logf("load %s (%d calls) write %s (%d calls)", tdocs.load, tdocs.loads, tdocs.write, tdocs.writes)
	t.Logf("REBUILD: %d events, %d docs in %s: %.0f events/s, %.0f docs/s", n, docs, took, float64(n)/took.Seconds(), float64(docs)/took.Seconds())

	// timeline page latency over HTTP
	keys, _ := api.NewAPIKeys([]api.APIKey{{Secret: "k", Principal: api.Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAgent, ID: "a"}}}})
	e := api.NewEngine(api.Options{Name: "q", Logger: slog.New(slog.DiscardHandler)})
	if err := api.RegisterSearchRoutes(e.Group(api.BasePath, api.RequireAuth(keys)), api.SearchRoutesConfig{Reader: c}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	gen, _ := seed.NewGenerator(5, 2, "s5-")
	var lat []time.Duration
	for i := range 2000 {
		id := gen.ConversationID((i % 1000) * 2)
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/conversations/"+id+"/timeline?limit=50", nil)
		req.Header.Set("Authorization", "Bearer k")
		s := time.Now()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("status %d for %s", res.StatusCode, id)
		}
		lat = append(lat, time.Since(s))
	}
	t.Logf("TIMELINE PAGE (50, HTTP): p50 %s p99 %s", pct(lat, 0.5), pct(lat, 0.99))

	// command -> searchable lag
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- ix.Run(runCtx) }()
	codec, _ := conversation.NewCodec()
	var lags []time.Duration
	for i := range 40 {
		word := fmt.Sprintf("benchword%dx", i)
		stream := conversation.StreamName(fmt.Sprintf("lag-%d", i))
		var evs []eventstore.EventData
		for j, ev := range []domain.Event{
			conversation.Opened{InboxID: "in", Channel: conversation.ChannelSMS, ContactID: "k", InitiatedBy: "contact"},
			conversation.SessionStarted{Session: 1, StartedAt: time.Now()},
			conversation.MessageReceived{MessageID: "m", Type: conversation.TypeText, Text: "hello " + word, SentAt: time.Now(), ReceivedAt: time.Now(), Session: 1},
		} {
			typ, v, data, _ := codec.Encode(ev)
			evs = append(evs, eventstore.EventData{ID: uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "%s%d", stream, j)), Type: typ, SchemaVersion: v, Data: data,
				Metadata: eventstore.Metadata{AccountID: seed.AccountID(0), Actor: eventstore.Actor{Kind: "contact", ID: "k"}, OccurredAt: time.Now()}})
		}
		s := time.Now()
		if _, err := store.Append(ctx, stream, eventstore.NoStream(), evs); err != nil {
			t.Fatal(err)
		}
		for {
			res, err := c.Search(ctx, seed.AccountID(0), timeline.SearchQuery{Text: word})
			if err == nil && len(res.Hits) > 0 {
				break
			}
			if time.Since(s) > 10*time.Second {
				t.Fatal("not searchable after 10s")
			}
			time.Sleep(10 * time.Millisecond)
		}
		lags = append(lags, time.Since(s))
	}
	cancel()
	<-done
	t.Logf("COMMAND->SEARCHABLE: p50 %s p99 %s max %s", pct(lags, 0.5), pct(lags, 0.99), pct(lags, 1))
	_ = c.DeleteAll(ctx)
}

type timed struct {
	next          timeline.DocStore
	load, write   time.Duration
	loads, writes int
}

func (d *timed) Load(ctx context.Context, k timeline.Keys) (timeline.Docs, error) {
	s := time.Now()
	defer func() { d.load += time.Since(s); d.loads++ }()
	return d.next.Load(ctx, k)
}

func (d *timed) Write(ctx context.Context, ch timeline.Changes) error {
	s := time.Now()
	defer func() { d.write += time.Since(s); d.writes++ }()
	return d.next.Write(ctx, ch)
}

func batchSize() int {
	if os.Getenv("BATCH") == "5000" {
		return 5000
	}
	return 2000
}

package faults_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

// Phases of the search-cut fault (the load runs through all of them).
const (
	searchBeforeCut = 700 * time.Millisecond
	searchCutFor    = 2 * time.Second
	searchSettle    = 300 * time.Millisecond // lets a checkpoint write racing the cut land
	searchAfterCut  = time.Second
	searchCatchUp   = 90 * time.Second // bound on the indexer reaching the head
)

// countingTransport counts the requests that fail at the transport (the
// engine unreachable), to show the indexer kept trying during the cut.
type countingTransport struct {
	next   http.RoundTripper
	failed atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := c.next.RoundTrip(r)
	if err != nil {
		c.failed.Add(1)
	}
	return res, err
}

// searchUnavailable runs the timeline indexer against a real OpenSearch
// reached through a TCP proxy, with the PostgreSQL projectors and 8 command
// clients running, and cuts the proxy for two seconds. Commands must keep
// succeeding, the indexer's checkpoint must not move during the cut (nor
// pass what it could have indexed before it), and after the proxy is
// restored the indexer must reach the head with documents equal to a
// from-scratch fold of the log; the PostgreSQL views must equal the oracle.
func searchUnavailable(t *testing.T, s *suite) faults.Row {
	engineURL := searchtest.URL(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	quiet := slog.New(slog.DiscardHandler)

	u, err := url.Parse(engineURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faults.NewProxy(ctx, u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	proxied := *u
	proxied.Host = net.JoinHostPort("127.0.0.1", fmt.Sprint(proxy.Addr().Port))
	prefix := searchtest.Prefix(t) + "parley"
	transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	viaProxy, err := estimeline.New(estimeline.Config{Addresses: []string{proxied.String()}, Prefix: prefix,
		OpenSearchCompat: true, BulkWorkers: 4, Transport: transport, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	// Setup changes the cluster state, which a small node can take many
	// seconds to do: the direct client waits longer than the default.
	direct, err := estimeline.New(estimeline.Config{Addresses: []string{engineURL}, Prefix: prefix,
		OpenSearchCompat: true, Timeout: time.Minute, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	setupStart := time.Now()
	if err := direct.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	setupTook := time.Since(setupStart)
	t.Logf("index setup took %s", setupTook)
	t.Cleanup(func() { _ = direct.DeleteAll(context.WithoutCancel(ctx)) })

	srv, _, _ := s.commandServer(t) // its store proxy is never cut here
	head0, _ := s.head(t)

	// The PostgreSQL projectors, over the direct store, all along.
	p := s.freshInbox(t, "search")
	s.resetLive(t)
	rtCtx, stopRT := context.WithCancel(ctx)
	rtDone := make(chan error, 1)
	go func() {
		rtDone <- s.run(rtCtx, s.store, []projections.Projector{p, live.NewProjector(nil)}, math.MaxUint64, projections.Config{})
	}()

	// The indexer, writing through the proxy.
	name := "timeline-es-" + strings.TrimSuffix(prefix, "-parley")
	folder := contract.NewFolder(t)
	ix, err := timeline.NewIndexer(timeline.IndexerConfig{Name: name, DB: s.pool, Store: s.store, Docs: viaProxy.DocStore(),
		Folder: folder, BatchSize: 1000, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ixCtx, stopIx := context.WithCancel(ctx)
	ixDone := make(chan error, 1)
	go func() { ixDone <- ix.Run(ixCtx) }()
	checkpoint := func() uint64 {
		pos, err := projections.ReadCheckpoint(ctx, s.pool, name)
		if err != nil {
			t.Fatal(err)
		}
		return pos
	}
	waitIndexed := func(head uint64, within time.Duration) (time.Duration, bool) {
		began := time.Now()
		for time.Since(began) < within && ctx.Err() == nil {
			if checkpoint() >= head {
				return time.Since(began), true
			}
			select {
			case err := <-ixDone: // halted (a parked event) or failed
				t.Fatalf("the indexer stopped at %d: %v", checkpoint(), err)
			default:
			}
			time.Sleep(50 * time.Millisecond)
		}
		return time.Since(began), false
	}

	// The command load, through the same command API as the store cut.
	var mu sync.Mutex
	var acked, failed int
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				code, _ := openConversation(ctx, srv.URL, fmt.Sprintf("srch-%d-%d", w, i))
				mu.Lock()
				if code == http.StatusAccepted {
					acked++
				} else {
					failed++
				}
				mu.Unlock()
			}
		})
	}
	counts := func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		return acked, failed
	}
	phase := func(d time.Duration) {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	stopAll := func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
		stopIx()
		stopRT()
	}
	defer stopAll()

	// Cut once the indexer has stored a checkpoint and the load has run a
	// while: the cut usually lands mid catch-up of the (large) log, so
	// catching up after it is the whole log, not a few batches.
	phase(searchBeforeCut)
	if took, ok := waitIndexed(1, searchCatchUp); !ok {
		t.Fatalf("the indexer stored no checkpoint in %s", took)
	}
	t.Logf("cut with the indexer at %d of the generated log's %d", checkpoint(), head0)

	proxy.Cut()
	headAtCut, _ := s.head(t)
	ackedAtCut, _ := counts()
	phase(searchSettle)
	cpCut := checkpoint()
	refusedAtCut := transport.failed.Load()
	moved := 0
	for end := time.Now().Add(searchCutFor - searchSettle); time.Now().Before(end) && ctx.Err() == nil; {
		if cp := checkpoint(); cp != cpCut {
			moved++
			t.Errorf("the indexer's checkpoint moved from %d to %d while the engine was cut", cpCut, cp)
		}
		time.Sleep(50 * time.Millisecond)
	}
	headAtRestore, _ := s.head(t)
	ackedAtRestore, _ := counts()
	refused := transport.failed.Load() - refusedAtCut
	proxy.Restore()
	restored := time.Now()

	if cpCut > headAtCut {
		t.Errorf("the indexer's checkpoint %d is past the head %d at the cut: it skipped events it could not index", cpCut, headAtCut)
	}
	if ackedAtRestore-ackedAtCut == 0 {
		t.Errorf("no command was acknowledged while the engine was cut")
	}
	if headAtRestore <= cpCut {
		t.Errorf("the log did not grow past the indexer's checkpoint during the cut (head %d, checkpoint %d)", headAtRestore, cpCut)
	}
	if refused == 0 {
		t.Errorf("the indexer never tried the engine during the cut")
	}

	phase(searchAfterCut)
	close(stop)
	wg.Wait()
	nAcked, nFailed := counts()
	if nFailed > 0 {
		t.Errorf("%d of %d commands failed while only the search engine was cut", nFailed, nAcked+nFailed)
	}
	head, events := s.head(t)
	if _, ok := waitIndexed(head, searchCatchUp); !ok {
		t.Fatalf("the indexer did not catch up to the head %d after the restore; it is at %d", head, checkpoint())
	}
	caughtUp := time.Since(restored)
	stopIx()
	if err := <-ixDone; err != nil {
		t.Errorf("indexer Run: %v", err)
	}
	if got := checkpoint(); got != head {
		t.Errorf("the indexer's checkpoint is %d, want the head %d", got, head)
	}
	t.Logf("indexer caught up to %d in %s after the restore", head, caughtUp)

	// PostgreSQL views: let the running projectors reach the head, then
	// compare with the oracle.
	for _, name := range []string{p.Name(), live.ProjectorName} {
		for ctx.Err() == nil {
			pos, err := projections.ReadCheckpoint(ctx, s.pool, name)
			if err != nil {
				t.Fatal(err)
			}
			if pos >= head {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	stopRT()
	if err := <-rtDone; err != nil && ctx.Err() == nil {
		t.Errorf("runtime: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("projectors did not reach the head %d: %v", head, ctx.Err())
	}
	res := s.compare(t, p, true)
	t.Logf("views compared in %s since the restore", time.Since(restored))

	// Search documents: a from-scratch fold of the log, document by
	// document (ids and versions, and content), and the count per index.
	verifyStart := time.Now()
	defer func() { t.Logf("search documents verified in %s", time.Since(verifyStart)) }()
	if err := direct.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := contract.NewFolder(t).Verify(ctx, s.store, direct.DocStore(), false)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("search documents differ from a from-scratch fold: %d missing %v, %d stale %v, %d differ %v",
			len(rep.Missing), head5(rep.Missing), len(rep.Stale), head5(rep.Stale), len(rep.Differ), head5(rep.Differ))
	}
	perKind, total := indexCounts(ctx, t, engineURL, prefix)
	if total != rep.Checked {
		t.Errorf("the indexes hold %d documents (%v), the fold %d", total, perKind, rep.Checked)
	}
	searchRes := "FAIL"
	if rep.OK() && total == rep.Checked {
		searchRes = fmt.Sprintf("search documents equal to a from-scratch fold (%d: %s)", rep.Checked, perKind)
	}
	return faults.Row{Events: events, Runs: nAcked + nFailed, Result: fmt.Sprintf(
		"%s; %s; %d commands acknowledged, %d failed (%d acknowledged during the cut); indexer checkpoint held at %d for the %s cut (%d refused requests, %d moves), caught up to %d in %s after the restore (index setup took %s)",
		res, searchRes, nAcked, nFailed, ackedAtRestore-ackedAtCut, cpCut, searchCutFor, refused, moved, head, caughtUp.Round(time.Millisecond), setupTook.Round(time.Millisecond))}
}

func head5(xs []string) []string { return xs[:min(5, len(xs))] }

// indexCounts counts the documents of each write index of prefix.
func indexCounts(ctx context.Context, t *testing.T, engineURL, prefix string) (string, int) {
	t.Helper()
	var parts []string
	total := 0
	for _, kind := range []string{"conversations", "sessions", "timeline", "contacts"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/%s-%s-v1/_count", strings.TrimRight(engineURL, "/"), prefix, kind), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Count int `json:"count"`
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		_ = res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("count %s: %s %v", kind, res.Status, err)
		}
		parts = append(parts, fmt.Sprintf("%d %s", out.Count, kind))
		total += out.Count
	}
	return strings.Join(parts, ", "), total
}

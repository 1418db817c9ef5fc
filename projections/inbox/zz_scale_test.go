package inbox

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
)

func TestZZScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SCALE_N"))
	if n == 0 {
		t.Skip()
	}
	ctx := context.Background()
	url := os.Getenv("SCALE_URL")
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := Migrate(ctx, pool, "inbox"); err != nil {
		t.Fatal(err)
	}
	g, _ := seed.NewGenerator(1, 10, "")
	p := newProjector(t, "inbox")
	const chunk = 200
	type job struct {
		i   int
		evs []eventstore.RecordedEvent
	}
	out := make(chan job, 16)
	var wg sync.WaitGroup
	next := make(chan int, 100)
	go func() {
		for i := 0; i < n; i += chunk {
			next <- i
		}
		close(next)
	}()
	for w := 0; w < 3; w++ {
		wg.Go(func() {
			for start := range next {
				var evs []eventstore.RecordedEvent
				for i := start; i < min(start+chunk, n); i++ {
					h, err := g.History(i)
					if err != nil {
						panic(err)
					}
					for _, s := range []*seed.Stream{h.Contact, &h.Conversation} {
						if s == nil {
							continue
						}
						for r, e := range s.Events {
							evs = append(evs, eventstore.RecordedEvent{EventData: e, Stream: s.Name, Revision: uint64(r)})
						}
					}
				}
				out <- job{start, evs}
			}
		})
	}
	var jobs []job
	go func() { wg.Wait(); close(out) }()
	for j := range out {
		jobs = append(jobs, j)
	}
	t.Logf("generated")
	start := time.Now()
	total := 0
	var applyTime time.Duration
	for _, j := range jobs {
		for k := 0; k < len(j.evs); k += 2000 {
			b := j.evs[k:min(k+2000, len(j.evs))]
			t0 := time.Now()
			tx, err := pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.ApplyBatch(ctx, tx, b); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			applyTime += time.Since(t0)
			total += len(b)
		}
		if j.i%(50*chunk) == 0 {
			t.Logf("%d conversations, %d events, %.0f ev/s wall, %.0f ev/s apply", j.i, total, float64(total)/time.Since(start).Seconds(), float64(total)/applyTime.Seconds())
		}
	}
	t.Logf("done %d events in %s (apply %s): %.0f ev/s", total, time.Since(start), applyTime, float64(total)/applyTime.Seconds())
}

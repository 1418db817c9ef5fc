package projections_test

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// poisoned fails (or panics) on every event of stream "poison" until fixed.
func poisoned(fixed *atomic.Bool, panics bool) func(eventstore.RecordedEvent) error {
	return func(ev eventstore.RecordedEvent) error {
		if ev.Stream != "poison" || fixed.Load() {
			return nil
		}
		if panics {
			panic("cannot apply poison")
		}
		return errors.New("cannot apply poison")
	}
}

func TestPoisonEventParksAndHaltsUntilUnparked(t *testing.T) {
	batched := projections.CatchUpConfig{BatchSize: 40, Age: time.Nanosecond}
	single := projections.CatchUpConfig{BatchSize: 1}
	for _, tc := range []struct {
		name    string
		panics  bool
		catchUp projections.CatchUpConfig
	}{{"error", false, single}, {"panic", true, single}, {"error in batch", false, batched}, {"panic in batch", true, batched}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			before := e.appendEvents(t, 50, 7)
			bad := e.appendOne(t, "poison", "test.Counted")
			head := e.appendEvents(t, 50, 7)
			var fixed atomic.Bool
			reg := prometheus.NewRegistry()
			progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second})
			rt, _ := startRuntime(t, projections.Config{DB: e.db, Store: e.store, Registerer: reg, Progress: progress, CatchUp: tc.catchUp,
				Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live", fail: poisoned(&fixed, tc.panics)}}})

			st := waitHalted(t, rt)
			if st.Checkpoint != before || st.Head != head || st.LagEvents != 51 {
				t.Errorf("status = %+v; want checkpoint %d, head %d, lag 51", st, before, head)
			}
			if p := st.Parked[0]; p.Position != bad || p.Stream != "poison" || p.Type != "test.Counted" || p.Error == "" {
				t.Errorf("parked = %+v; want the poison event at %d", p, bad)
			}
			labels := map[string]string{"projector": "counter"}
			if counterValue(t, reg, "parley_projection_events_parked_total", labels) != 1 ||
				counterValue(t, reg, "parley_projection_halted", labels) != 1 {
				t.Error("parked/halted metrics not set")
			}
			if err := progress.WaitFor(t.Context(), "counter", before); err != nil {
				t.Fatal(err)
			}
			short := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 50 * time.Millisecond})
			if err := short.WaitFor(t.Context(), "counter", bad); !errors.Is(err, projections.ErrWaitTimeout) {
				t.Fatalf("WaitFor past the parked event = %v, want ErrWaitTimeout", err)
			}

			fixed.Store(true)
			if err := rt.Unpark(t.Context(), "counter"); err != nil {
				t.Fatal(err)
			}
			if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
				t.Fatal(err)
			}
			if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
				t.Fatalf("view after unpark %s differs from rebuild %s", got, want)
			}
			sts, err := rt.Status(t.Context())
			if err != nil || sts[0].Halted || sts[0].LagEvents != 0 || sts[0].Checkpoint != head {
				t.Fatalf("status after unpark = %+v, %v", sts, err)
			}
		})
	}
}

func TestParkedProjectorStaysHaltedAcrossRestartsAndIsUnparkedElsewhere(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 20, 3)
	e.appendOne(t, "poison", "test.Counted")
	head := e.appendEvents(t, 20, 3)
	var fixed atomic.Bool
	newCfg := func() projections.Config {
		return projections.Config{DB: e.db, Store: e.store, StatusInterval: 20 * time.Millisecond,
			Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live", fail: poisoned(&fixed, false)}}}
	}
	rt, stop := startRuntime(t, newCfg())
	waitHalted(t, rt)
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	fixed.Store(true) // "deploy the fix"; the runtime must still wait for an operator
	rt, _ = startRuntime(t, newCfg())
	<-rt.Running()
	st := waitHalted(t, rt)
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second})
	go func() { _ = progress.Run(t.Context()) }()
	if err := progress.WaitFor(t.Context(), "counter", st.Checkpoint); err != nil {
		t.Fatal(err)
	}

	// Another process (say the CLI) unparks; the runtime notices and resumes.
	if err := projections.Unpark(t.Context(), e.db, "counter"); err != nil {
		t.Fatal(err)
	}
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("view %s differs from rebuild %s", got, want)
	}
}

// waitHalted polls the runtime's status until its only projector is halted.
func waitHalted(t *testing.T, rt *projections.Runtime) projections.ProjectorStatus {
	t.Helper()
	var st projections.ProjectorStatus
	eventually(t, 20*time.Second, "projector halted", func() bool {
		sts, err := rt.Status(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		st = sts[0]
		return st.Halted
	})
	return st
}

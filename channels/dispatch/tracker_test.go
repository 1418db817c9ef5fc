package dispatch

import "testing"

// The mark never passes a message still being sent, whatever order the
// lanes finish in.
func TestTrackerMark(t *testing.T) {
	tr := tracker{finished: map[uint64]bool{}}
	steps := []struct {
		do   func()
		want uint64
	}{
		{func() { tr.skip(3) }, 3},
		{func() { tr.begin(5) }, 4},
		{func() { tr.skip(6) }, 4},
		{func() { tr.begin(8) }, 4},
		{func() { tr.begin(9) }, 4},
		{func() { tr.finish(8) }, 4}, // another lane finished first
		{func() { tr.finish(5) }, 8},
		{func() { tr.skip(12) }, 8},
		{func() { tr.finish(9) }, 12},
	}
	for i, s := range steps {
		s.do()
		if got := tr.mark(); got != s.want {
			t.Fatalf("step %d: mark %d, want %d", i, got, s.want)
		}
	}
	if len(tr.finished) != 0 || len(tr.inflight) != 0 {
		t.Fatalf("left %v %v", tr.finished, tr.inflight)
	}
}

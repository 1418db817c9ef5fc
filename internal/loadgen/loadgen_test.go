package loadgen

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestSummarise(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	p := Summarise(d)
	if p.P50 != 51*time.Millisecond || p.P99 != 100*time.Millisecond || p.Max != 100*time.Millisecond {
		t.Fatalf("percentiles = %+v", p)
	}
	if (Summarise(nil) != Percentiles{}) {
		t.Fatal("empty input must give zero percentiles")
	}
}

func TestRunCountsRequestsAndErrors(t *testing.T) {
	r := Run(context.Background(), "t", 3, time.Minute, 4, func(_ context.Context, _ *http.Client, c, n int) error {
		if n == 0 {
			return errors.New("first call fails")
		}
		return nil
	})
	if r.Requests != 12 || r.Errors != 3 || r.FirstError != "first call fails" {
		t.Fatalf("result = %+v", r)
	}
}

package faults_test

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/faults"
)

// TestFaults runs every fault in turn over one generated log and prints the
// summary table (also written to $PARLEY_FAULTS_REPORT when set).
func TestFaults(t *testing.T) {
	start := time.Now()
	s := newSuite(t)
	_, events := s.head(t)
	t.Logf("generated %d conversations, %d events in %s", s.convs, events, time.Since(start).Round(time.Millisecond))
	s.report.Add(faults.Row{Fault: "generator: every event type and schema version", Events: events, Runs: 1,
		Result: s.coverage(t), Took: time.Since(start)})

	for _, f := range []struct {
		name string
		run  func(*testing.T, *suite) faults.Row
	}{
		{"every delivery duplicated", duplicatedDelivery},
		{"deliveries shuffled across streams", shuffledStreams},
		{"projector killed at random points", killedProjector},
		{"event store cut under command load", storeCutUnderLoad},
		{"32 appenders, one transaction open for seconds", concurrentAppenders},
		// Before the poison events, which the timeline indexer would park
		// and halt on (they are that fault's to re-drive, not this one's).
		{"search engine unavailable", searchUnavailable},
		{"poison events parked, then re-driven", poisonEvents},
	} {
		t.Run(f.name, func(t *testing.T) {
			start := time.Now()
			row := f.run(t, s)
			row.Fault, row.Took = f.name, time.Since(start)
			if t.Failed() && row.Result == "" {
				row.Result = "FAIL"
			}
			s.report.Add(row)
		})
	}
	table := s.report.Table()
	t.Logf("fault-injection summary (seed %d):\n%s", s.seed, table)
	if path := os.Getenv("PARLEY_FAULTS_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// coverage checks that the log holds every conversation and contact event
// type, at every schema version from 1 to the current one.
func (s *suite) coverage(t *testing.T) string {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), `SELECT DISTINCT type || ' v' || schema_version FROM eventstore.events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		have = append(have, k)
	}
	var missing []string
	want := 0
	for _, newCodec := range []func() (*domain.Codec, error){conversation.NewCodec, contact.NewCodec} {
		codec, err := newCodec()
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range codec.Types() {
			for v := 1; v <= codec.Version(typ); v++ {
				want++
				if k := fmt.Sprintf("%s v%d", typ, v); !slices.Contains(have, k) {
					missing = append(missing, k)
				}
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("the generated log lacks %v", missing)
		return fmt.Sprintf("FAIL: %d of %d type versions missing", len(missing), want)
	}
	return fmt.Sprintf("all %d type versions present", want)
}

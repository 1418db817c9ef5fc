package esdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/esdb"
)

// TestUnreachableIsUnavailable needs no server: nothing listens on port 1.
func TestUnreachableIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err := esdb.New(ctx, "esdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&gossipTimeout=1")
	if !errors.Is(err, eventstore.ErrUnavailable) {
		t.Fatalf("New against a closed port: err = %v, want ErrUnavailable", err)
	}
}

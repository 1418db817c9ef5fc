package esdb_test

import (
	"context"
	"os"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/contract"
	"github.com/parley-inbox/parley/eventstore/esdb"
)

// TestContract runs the shared event store suite against the EventStoreDB
// named by PARLEY_TEST_ESDB_URL, e.g.
//
//	docker run -d -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All
//	PARLEY_TEST_ESDB_URL='esdb://localhost:2113?tls=false' go test ./eventstore/esdb/
func TestContract(t *testing.T) {
	url := os.Getenv("PARLEY_TEST_ESDB_URL")
	if url == "" {
		t.Skip("!!! EventStoreDB contract suite NOT RUN: set PARLEY_TEST_ESDB_URL " +
			"(e.g. esdb://localhost:2113?tls=false against `docker run -p 2113:2113 eventstore/eventstore:24.10 --insecure`) " +
			"to check the esdb adapter against the shared eventstore contract !!!")
	}
	s, err := esdb.New(context.Background(), url)
	if err != nil {
		t.Fatalf("connect to %s: %v", url, err)
	}
	t.Cleanup(s.Close)
	// One shared client: the suite writes its own streams, so tests do not
	// see each other's events.
	contract.Run(t, func(*testing.T) eventstore.Store { return s })
}

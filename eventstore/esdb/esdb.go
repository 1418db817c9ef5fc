package esdb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/parley-inbox/parley/eventstore"
)

// Store is the EventStoreDB event store. It is safe for concurrent use.
type Store struct {
	client    *esdb.Client
	done      chan struct{} // closed by Close; ends running subscriptions
	closeOnce sync.Once
}

var _ eventstore.Store = (*Store)(nil)

// probeStream is read by New to check that the server answers; it need not exist.
const probeStream = "parley-connection-probe"

// New connects to the EventStoreDB at url (an esdb:// or esdb+discover://
// connection string) and checks that it answers.
func New(ctx context.Context, url string) (*Store, error) {
	cfg, err := esdb.ParseConnectionString(url)
	if err != nil {
		return nil, fmt.Errorf("esdb eventstore: connection string: %w", err)
	}
	client, err := esdb.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("esdb eventstore: client: %w", err)
	}
	s := &Store{client: client, done: make(chan struct{})}
	if _, err := s.ReadStream(ctx, probeStream, eventstore.ReadStreamOptions{Limit: 1}); err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
		_ = client.Close()
		return nil, fmt.Errorf("esdb eventstore: probe: %w", err)
	}
	return s, nil
}

// Close ends running subscriptions and closes the client.
func (s *Store) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		_ = s.client.Close()
	})
}

// classify adds the port's sentinel errors to a client error.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%w (%w)", ctxErr, err)
	}
	var esErr *esdb.Error
	if errors.As(err, &esErr) {
		switch esErr.Code() {
		case esdb.ErrorCodeWrongExpectedVersion:
			return fmt.Errorf("%w: %w", eventstore.ErrConflict, err)
		case esdb.ErrorCodeResourceNotFound, esdb.ErrorCodeStreamDeleted:
			return fmt.Errorf("%w: %w", eventstore.ErrStreamNotFound, err)
		case esdb.ErrorUnavailable, esdb.ErrorCodeConnectionClosed, esdb.ErrorCodeNotLeader,
			esdb.ErrorCodeDeadlineExceeded, esdb.ErrorAborted:
			return fmt.Errorf("%w: %w", eventstore.ErrUnavailable, err)
		}
	}
	if strings.Contains(err.Error(), "maximum discovery attempt count reached") {
		return fmt.Errorf("%w: %w", eventstore.ErrUnavailable, err)
	}
	return err
}

// isCode reports whether err is an EventStoreDB error with code.
func isCode(err error, code esdb.ErrorCode) bool {
	var esErr *esdb.Error
	return errors.As(err, &esErr) && esErr.Code() == code
}

// position maps a commit position to the port's; EventStoreDB reports
// "unknown" as the maximum value.
func position(commit uint64) uint64 {
	if commit == math.MaxUint64 {
		return 0
	}
	return commit
}

package command

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/eventstore"
)

// Accounts runs account configuration commands (users, roles, teams,
// inboxes, tokens). Every command goes to the stream of the caller's
// account, account-<Meta.AccountID>: the account is never taken from the
// request.
type Accounts struct {
	exec *Executor
	agg  Aggregate[account.State, account.Command]
}

// NewAccounts returns the account command handler over an event store.
func NewAccounts(store EventStore, now func() time.Time) (*Accounts, error) {
	codec, err := account.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("command: account codec: %w", err)
	}
	return &Accounts{
		exec: NewExecutor(store, now),
		agg: NewAggregate(Aggregate[account.State, account.Command]{
			Stream: account.StreamName, Codec: codec, Evolve: account.Evolve, Decide: account.Decide,
		}, 1_000),
	}, nil
}

// Run decides c on the caller's account and appends the events.
func (a *Accounts) Run(ctx context.Context, c account.Command, meta Meta) (Result, error) {
	if err := checkID("account_id", meta.AccountID); err != nil {
		return Result{}, err
	}
	return Execute(ctx, a.exec, a.agg, meta.AccountID, c, meta)
}

// State returns the account's configuration as of its latest event, and
// whether the account exists. Bootstrap and the CLI use it.
func (a *Accounts) State(ctx context.Context, accountID string) (account.State, bool, error) {
	if !ValidID(accountID) {
		return account.State{}, false, domain.Invalid("account_id", "invalid_id", "not a valid account id")
	}
	return peek(ctx, a.exec.store, a.agg, accountID, accountID, account.State.Clone, false)
}

// peek returns a copy of the folded state of aggregate id (from the cache,
// loading it if needed), and whether it exists in accountID. With verify,
// a cached entry is first checked against the stream's last revision (one
// small read), so that another process's latest change is not missed.
func peek[S any, C any](ctx context.Context, store EventStore, agg Aggregate[S, C], accountID, id string, clone func(S) S, verify bool) (S, bool, error) {
	var zero S
	stream := agg.Stream(id)
	entry := agg.cache.acquire(stream)
	defer entry.mu.Unlock()
	if entry.valid && verify {
		current, err := isCurrent(ctx, store, stream, entry.exists, entry.revision)
		if err != nil {
			return zero, false, err
		}
		entry.valid = current
	}
	if !entry.valid {
		if err := load(ctx, store, agg, stream, "", entry); err != nil {
			entry.reset()
			return zero, false, err
		}
	}
	if !entry.exists || entry.account != accountID {
		return zero, false, nil
	}
	return clone(entry.state), true, nil
}

// isCurrent reports whether a cached stream is still at revision.
func isCurrent(ctx context.Context, store EventStore, stream string, exists bool, revision uint64) (bool, error) {
	last, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 1})
	switch {
	case errors.Is(err, eventstore.ErrStreamNotFound):
		return !exists, nil
	case err != nil:
		return false, fmt.Errorf("command: read %s: %w", stream, err)
	}
	return exists && len(last) == 1 && last[0].Revision == revision, nil
}

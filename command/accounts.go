package command

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
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
	return peek(ctx, a.exec.store, a.agg, accountID, accountID, account.State.Clone)
}

// peek returns a copy of the folded state of aggregate id (from the cache,
// loading it if needed), and whether it exists in accountID.
func peek[S any, C any](ctx context.Context, store EventStore, agg Aggregate[S, C], accountID, id string, clone func(S) S) (S, bool, error) {
	var zero S
	entry := agg.cache.acquire(agg.Stream(id))
	defer entry.mu.Unlock()
	if !entry.valid {
		if err := load(ctx, store, agg, agg.Stream(id), "", entry); err != nil {
			entry.reset()
			return zero, false, err
		}
	}
	if !entry.exists || entry.account != accountID {
		return zero, false, nil
	}
	return clone(entry.state), true, nil
}

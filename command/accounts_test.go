package command_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/domain/conversation"
)

// ConversationState, used to authorize commands, sees what another process
// (another Handlers, with its own cache) did since it last looked.
func TestConversationStateSeesOtherProcesses(t *testing.T) {
	store := newStore(t)
	a, b := newHandlers(t, store), newHandlers(t, store)
	ctx := context.Background()
	if _, ok, err := a.ConversationState(ctx, "acme", "later"); ok || err != nil {
		t.Fatalf("before it exists: %v %v", ok, err)
	}
	open(t, b, "later")
	st, ok, err := a.ConversationState(ctx, "acme", "later")
	if err != nil || !ok || st.InboxID != "wa-main" {
		t.Fatalf("after another process opened it: %+v %v %v", st, ok, err)
	}
	if _, err := b.Conversation(ctx, "later", conversation.AssignAgent{AgentID: "bob", Reason: conversation.ReasonManual}, meta("assign")); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := a.ConversationState(ctx, "acme", "later"); st.AssigneeID != "bob" {
		t.Fatalf("assignee through a stale cache = %q", st.AssigneeID)
	}
	if _, ok, _ := a.ConversationState(ctx, "globex", "later"); ok {
		t.Fatal("another account sees the conversation")
	}
	if _, ok, _ := a.ConversationState(ctx, "acme", "../x"); ok {
		t.Fatal("a bad id")
	}
}

func TestAccountsRunOnTheCallersAccount(t *testing.T) {
	store := newStore(t)
	accs, err := command.NewAccounts(store, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := command.Meta{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorSystem, ID: "test"}, CommandID: "create"}
	res, err := accs.Run(ctx, account.CreateAccount{Name: "Acme"}, m)
	if err != nil || res.Stream != "account-acme" {
		t.Fatalf("%+v %v", res, err)
	}
	if again, err := accs.Run(ctx, account.CreateAccount{Name: "Acme"}, m); err != nil || again != res {
		t.Fatalf("a retry: %+v %v", again, err)
	}
	st, ok, err := accs.State(ctx, "acme")
	if err != nil || !ok || st.Name != "Acme" {
		t.Fatalf("state %+v %v %v", st, ok, err)
	}
	m.AccountID, m.CommandID = "", "x"
	if _, err := accs.Run(ctx, account.RenameAccount{Name: "x"}, m); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("no account: %v", err)
	}
}

package seed

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
)

// Each account has the same shape: agents, teams, one inbox per channel and a
// pool of tags.
const (
	AgentsPerAccount = 20
	bots             = 2
)

// Read-only tables the generator picks from.
var (
	teams = []string{"support", "sales", "billing", "onboarding"}
	tags  = []string{"vip", "refund", "bug", "billing", "shipping", "lead", "complaint", "feedback",
		"urgent-followup", "Pedido", "retention", "spam", "partner", "beta", "churn-risk"}
	channels = []weighted[conversation.Channel]{
		{conversation.ChannelWhatsApp, 40}, {conversation.ChannelInstagram, 15}, {conversation.ChannelMessenger, 10},
		{conversation.ChannelTelegram, 10}, {conversation.ChannelSMS, 5}, {conversation.ChannelEmail, 20},
	}
	texts = []string{
		"Hi, I ordered last week and the package hasn't arrived yet. Can you check the tracking for me?",
		"Olá! Gostaria de saber o preço do plano anual.", "My card was charged twice for the same order",
		"Can I change the delivery address?", "The app crashes when I open the cart", "Thanks, that solved it!",
		"Do you ship to Portugal?", "I want to cancel my subscription", "Is the blue one back in stock?",
		"Hello?", "Please call me back tomorrow morning", "Where can I find my invoice?",
	}
	replies = []string{
		"Hi! Thanks for reaching out, let me look into this for you.", "I've refunded the duplicate charge.",
		"Could you send me your order number?", "Done! Anything else I can help with?",
		"Our team is checking and will get back to you within the day.",
	}
)

type weighted[T any] struct {
	v T
	w int
}

func pick[T any](r *rand.Rand, xs []weighted[T]) T {
	total := 0
	for _, x := range xs {
		total += x.w
	}
	n := r.IntN(total)
	for _, x := range xs {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return xs[len(xs)-1].v
}

func one[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// AccountID is the id of account a (0-based).
func AccountID(a int) string { return fmt.Sprintf("acct-%d", a+1) }

// AgentID is the id of agent n (0-based) of account a.
func AgentID(a, n int) string { return fmt.Sprintf("a%d-agent-%d", a+1, n+1) }

// TeamID is the id of a team of account a.
func TeamID(a int, team string) string { return fmt.Sprintf("a%d-%s", a+1, team) }

// InboxID is account a's inbox on channel ch.
func InboxID(a int, ch conversation.Channel) string { return fmt.Sprintf("a%d-%s", a+1, ch) }

// Epoch is when generated histories start; conversation i starts about
// i*Spacing later.
func Epoch() time.Time { return time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC) }

// Spacing between the starts of consecutive conversations.
const Spacing = 7 * time.Second

// reusesContact says whether conversation i talks to the contact of
// conversation i-accounts (the same account) rather than a new one.
func reusesContact(seed uint64, i, accounts int) bool {
	if i < accounts {
		return false
	}
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%d/%d", seed, i)
	return h.Sum64()%6 == 0
}

// contactOf is the index of the conversation that created conversation i's contact.
func contactOf(seed uint64, i, accounts int) int {
	for reusesContact(seed, i, accounts) {
		i -= accounts
	}
	return i
}

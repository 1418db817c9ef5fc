package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Generator makes the history of any conversation index; it is safe for
// concurrent use.
type Generator struct {
	seed     uint64
	accounts int
	prefix   string
	convs    *domain.Codec
	contacts *domain.Codec
}

// NewGenerator returns a generator over accounts accounts. prefix starts
// every generated id (so several seeds can share a database).
func NewGenerator(seed uint64, accounts int, prefix string) (*Generator, error) {
	if accounts < 1 {
		return nil, fmt.Errorf("seed: accounts must be at least 1, not %d", accounts)
	}
	convs, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	contacts, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return &Generator{seed: seed, accounts: accounts, prefix: prefix, convs: convs, contacts: contacts}, nil
}

// ConversationID is the id of conversation i.
func (g *Generator) ConversationID(i int) string { return fmt.Sprintf("%sc%08d", g.prefix, i) }

// ContactID is the id of the contact first met in conversation i.
func (g *Generator) ContactID(i int) string { return fmt.Sprintf("%sk%08d", g.prefix, i) }

// History generates conversation i.
func (g *Generator) History(i int) (History, error) {
	a := i % g.accounts
	h := History{Account: AccountID(a)}
	start := Epoch().Add(time.Duration(i) * Spacing)
	if c := contactOf(g.seed, i, g.accounts); c == i {
		s, err := g.contact(i, a, start.Add(-time.Minute))
		if err != nil {
			return History{}, err
		}
		h.Contact = &s
	}
	s, err := g.conversation(i, a, start)
	if err != nil {
		return History{}, err
	}
	h.Conversation = s
	return h, nil
}

func (g *Generator) contact(i, a int, at time.Time) (Stream, error) {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)<<1|1))
	rec := &recorder{codec: g.contacts, account: AccountID(a), stream: Stream{Name: contact.StreamName(g.ContactID(i))}}
	first := one(r, []string{"Ana", "João", "Maria", "Lucas", "Emma", "Liam", "Sofia", "Noah", "Olivia", "Mateo"})
	last := one(r, []string{"Silva", "Santos", "Smith", "Oliveira", "García", "Müller", "Rossi", "Costa"})
	name := first + " " + last
	email := fmt.Sprintf("%s.%s%d@example.com", lower(first), lower(last), i)
	phone := fmt.Sprintf("+55%02d9%08d", 11+r.IntN(80), r.IntN(100_000_000))
	cmds := []contact.Command{
		contact.CreateContact{DisplayName: name, AvatarURL: fmt.Sprintf("https://avatars.example.com/%d.png", i)},
		contact.AddIdentity{Kind: contact.KindPhone, Value: phone},
		contact.AddIdentity{Kind: contact.KindEmail, Value: email},
		contact.AddIdentity{Kind: contact.KindTelegramID, Value: fmt.Sprintf("%d", 100000+i)},
		contact.AddIdentity{Kind: contact.KindPageScopedID, Value: fmt.Sprintf("7%09d", i)},
		contact.AddIdentity{Kind: contact.KindInstagramID, Value: fmt.Sprintf("17841%09d", i)},
	}
	if r.IntN(10) == 0 {
		cmds = append(cmds, contact.ApplyTag{Tag: "vip"})
	}
	if r.IntN(20) == 0 {
		cmds = append(cmds, contact.MarkPrivate{})
	}
	var s contact.State
	by := domain.Actor{Kind: domain.ActorSystem, ID: "seed"}
	for n, c := range cmds {
		now := at.Add(time.Duration(n) * time.Second)
		evs, err := contact.Decide(s, c, by, now)
		if err != nil {
			return Stream{}, fmt.Errorf("seed: contact %d: %s: %w", i, c.CommandType(), err)
		}
		for _, e := range evs {
			s = contact.Evolve(s, e)
		}
		if err := rec.record(evs, by, now); err != nil {
			return Stream{}, err
		}
	}
	return rec.stream, nil
}

// lower keeps the ASCII letters of s, lower-cased (for e-mail addresses).
func lower(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, byte(r+'a'-'A'))
		case r >= 'a' && r <= 'z':
			out = append(out, byte(r))
		}
	}
	return string(out)
}

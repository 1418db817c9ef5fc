package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// script runs commands on one conversation through conversation.Decide,
// advancing its clock a few minutes per step.
type script struct {
	r     *rand.Rand
	rec   *recorder
	state conversation.State
	now   time.Time
	msgs  int
	id    string
}

func (s *script) do(c conversation.Command, by domain.Actor) error {
	s.now = s.now.Add(time.Duration(1+s.r.IntN(20))*time.Minute + time.Duration(s.r.IntN(60_000))*time.Millisecond)
	evs, err := conversation.Decide(s.state, c, by, s.now)
	if err != nil {
		return fmt.Errorf("seed: conversation %s: %s: %w", s.id, c.CommandType(), err)
	}
	for _, e := range evs {
		s.state = conversation.Evolve(s.state, e)
	}
	return s.rec.record(evs, by, s.now)
}

func (s *script) msgID() string { s.msgs++; return fmt.Sprintf("%s-m%d", s.id, s.msgs) }

func (s *script) inbound() conversation.ReceiveMessage {
	m := conversation.ReceiveMessage{MessageID: s.msgID(), Type: conversation.TypeText, Text: one(s.r, texts), SentAt: s.now}
	switch s.r.IntN(10) {
	case 0:
		m.Type, m.Text = conversation.TypeImage, ""
		m.Media = &conversation.Media{URL: "https://media.example.com/" + m.MessageID + ".jpg", MimeType: "image/jpeg", Size: 120_000}
	case 1:
		m.Type, m.Text = conversation.TypeAudio, ""
		m.Media = &conversation.Media{URL: "https://media.example.com/" + m.MessageID + ".ogg", MimeType: "audio/ogg", Size: 40_000}
	}
	return m
}

func (g *Generator) conversation(i, a int, start time.Time) (Stream, error) {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)<<1))
	id := g.ConversationID(i)
	s := &script{r: r, id: id, now: start, rec: &recorder{codec: g.convs, account: AccountID(a), stream: Stream{Name: conversation.StreamName(id)}}}
	ch := pick(r, channels)
	customer := domain.Actor{Kind: domain.ActorContact, ID: g.ContactID(contactOf(g.seed, i, g.accounts))}
	agent := domain.Actor{Kind: domain.ActorAgent, ID: AgentID(a, r.IntN(AgentsPerAccount))}
	system := domain.Actor{Kind: domain.ActorSystem, ID: "router"}
	open := conversation.OpenConversation{InboxID: InboxID(a, ch), Channel: ch, ContactID: customer.ID}
	bot := r.IntN(10) == 0
	if bot {
		open.BotID = fmt.Sprintf("bot-%d", 1+r.IntN(bots))
	}
	if r.IntN(8) == 0 && !bot { // agent-initiated outreach
		first := conversation.SendMessage{MessageID: s.msgID(), Kind: conversation.KindText, Text: one(r, replies)}
		if ch == conversation.ChannelWhatsApp {
			first = conversation.SendMessage{MessageID: first.MessageID, Kind: conversation.KindTemplate,
				Template: &conversation.Template{Name: "order_update", Language: "pt_BR"}}
		}
		open.FirstOutbound = &first
		if err := s.do(open, agent); err != nil {
			return Stream{}, err
		}
	} else {
		in := s.inbound()
		open.FirstInbound = &in
		if err := s.do(open, customer); err != nil {
			return Stream{}, err
		}
	}
	if err := s.route(a, bot, agent, system); err != nil {
		return Stream{}, err
	}
	if err := s.talk(customer, agent); err != nil {
		return Stream{}, err
	}
	if err := s.finish(customer, agent); err != nil {
		return Stream{}, err
	}
	return s.rec.stream, nil
}

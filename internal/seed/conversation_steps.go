package seed

import (
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// route hands bot conversations off (or leaves them pending), then assigns a
// team and an agent and sets tags and priority.
func (s *script) route(a int, bot bool, agent, system domain.Actor) error {
	r := s.r
	if bot {
		if r.IntN(10) < 4 {
			return nil // the bot still has it: pending
		}
		if err := s.do(conversation.HandOff{Reason: "customer asked for a human", TeamID: TeamID(a, one(r, teams))}, system); err != nil {
			return err
		}
	} else if r.IntN(2) == 0 {
		if err := s.do(conversation.AssignTeam{TeamID: TeamID(a, one(r, teams))}, system); err != nil {
			return err
		}
	}
	if r.IntN(10) < 7 {
		reason := conversation.ReasonRoundRobin
		if r.IntN(3) == 0 {
			reason = conversation.ReasonManual
		}
		if err := s.do(conversation.AssignAgent{AgentID: agent.ID, Reason: reason}, system); err != nil {
			return err
		}
		if r.IntN(2) == 0 {
			if err := s.do(conversation.Accept{}, agent); err != nil {
				return err
			}
		}
	}
	for n := r.IntN(4); n > 0; n-- {
		if err := s.do(conversation.ApplyTag{Tag: one(r, tags)}, agent); err != nil {
			return err
		}
	}
	if r.IntN(4) == 0 {
		p := one(r, []conversation.Priority{conversation.PriorityLow, conversation.PriorityMedium, conversation.PriorityHigh, conversation.PriorityUrgent})
		return s.do(conversation.SetPriority{Priority: p}, agent)
	}
	return nil
}

// talk exchanges a few messages, notes, delivery reports and read marks.
func (s *script) talk(customer, agent domain.Actor) error {
	r := s.r
	if s.state.BotOwned {
		return s.do(s.inbound(), customer)
	}
	for turn := r.IntN(4); turn > 0; turn-- {
		if r.IntN(3) > 0 {
			if err := s.do(s.inbound(), customer); err != nil {
				return err
			}
		}
		if r.IntN(3) == 0 {
			if err := s.do(conversation.MarkRead{UpToMessageID: s.lastMessage()}, agent); err != nil {
				return err
			}
		}
		if r.IntN(4) == 0 {
			break // left unanswered: waiting
		}
		if open, _ := s.state.WindowOpen(s.now.Add(20 * time.Minute)); !open {
			continue
		}
		id := s.msgID()
		if err := s.do(conversation.SendMessage{MessageID: id, Kind: conversation.KindText, Text: one(r, replies)}, agent); err != nil {
			return err
		}
		for _, st := range []conversation.DeliveryStatus{conversation.StatusSent, conversation.StatusDelivered, conversation.StatusRead}[:r.IntN(4)] {
			if err := s.do(conversation.RecordDeliveryStatus{MessageID: id, Status: st}, domain.Actor{Kind: domain.ActorSystem, ID: "provider"}); err != nil {
				return err
			}
		}
	}
	if r.IntN(5) == 0 {
		return s.do(conversation.AddNote{NoteID: s.id + "-note", Text: "Customer is on the annual plan."}, agent)
	}
	return nil
}

// finish leaves the conversation closed (some reopened by a new message),
// snoozed or open.
func (s *script) finish(customer, agent domain.Actor) error {
	r := s.r
	if s.state.BotOwned {
		return nil
	}
	switch n := r.IntN(20); {
	case n < 9:
		if err := s.do(conversation.Close{Reason: "resolved"}, agent); err != nil {
			return err
		}
		if r.IntN(8) == 0 {
			return s.do(s.inbound(), customer) // reopens
		}
	case n < 11:
		return s.do(conversation.Snooze{Until: s.now.Add(time.Duration(1+r.IntN(72)) * time.Hour)}, agent)
	}
	return nil
}

func (s *script) lastMessage() string {
	best, seq := "", 0
	for id, m := range s.state.Messages {
		if m.Seq > seq {
			best, seq = id, m.Seq
		}
	}
	return best
}

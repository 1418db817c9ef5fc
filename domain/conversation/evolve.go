package conversation

import (
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Evolve returns the state after event e. It updates the maps and slices of
// s in place (folding a long stream stays linear), so treat s as consumed;
// use State.Clone to keep an earlier state. Unknown events leave s as is.
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case Opened:
		s.Status = StatusOpen
		if e.BotID != "" {
			s.Status, s.BotOwned, s.BotID = StatusPending, true, e.BotID
		}
		s.InboxID, s.Channel, s.ContactID, s.Subject = e.InboxID, e.Channel, e.ContactID, e.Subject
		s.Priority = PriorityNone
	case SessionStarted:
		s.Session, s.SessionStartedAt = e.Session, e.StartedAt
	case Closed:
		s.Status, s.SnoozedUntil = StatusClosed, time.Time{}
	case Reopened:
		s.Status, s.SnoozedUntil, s.BotOwned = StatusOpen, time.Time{}, false
	case Snoozed:
		s.Status, s.SnoozedUntil = StatusSnoozed, e.Until
	case HandedOff:
		s.Status, s.BotOwned = StatusOpen, false
		if e.TeamID != "" {
			s.TeamID = e.TeamID
		}
	case PrioritySet:
		s.Priority = e.Priority
	case MessageReceived:
		s = addMessage(s, e.MessageID, MessageState{Direction: Inbound, Type: e.Type, ProviderMessageID: e.ProviderMessageID})
		if e.ReceivedAt.After(s.LastInboundAt) {
			s.LastInboundAt = e.ReceivedAt
		}
	case MessageSent:
		s = addMessage(s, e.MessageID, MessageState{Direction: Outbound, Kind: e.Kind, Status: StatusQueued})
	case DeliveryStatusRecorded:
		if m, ok := s.Messages[e.MessageID]; ok {
			m.Status = e.Status
			s.Messages[e.MessageID] = m
		}
	case TranscriptionAdded:
		if m, ok := s.Messages[e.MessageID]; ok {
			m.Transcribed = true
			s.Messages[e.MessageID] = m
		}
	case NoteAdded:
		s.Notes = setKey(s.Notes, e.NoteID)
	case SummaryAdded:
		s.Summaries = setKey(s.Summaries, e.SummaryID)
	case ReadByAgent:
		if s.ReadUpTo == nil {
			s.ReadUpTo = map[string]int{}
		}
		s.ReadUpTo[e.AgentID] = s.Messages[e.UpToMessageID].Seq
	default:
		s = evolveRouting(s, e)
	}
	return s
}

func evolveRouting(s State, e domain.Event) State {
	switch e := e.(type) {
	case Assigned:
		s.AssigneeID, s.Accepted = e.AgentID, false
	case Unassigned:
		s.AssigneeID, s.Accepted = "", false
	case Accepted:
		s.AssigneeID, s.Accepted = e.AgentID, true
	case TeamAssigned:
		s.TeamID = e.TeamID
	case TagApplied:
		if domain.FindTag(s.Tags, e.Tag) < 0 {
			s.Tags = append(s.Tags, e.Tag)
		}
	case TagRemoved:
		if i := domain.FindTag(s.Tags, e.Tag); i >= 0 {
			s.Tags = slices.Delete(s.Tags, i, i+1)
		}
	case ReferenceLinked:
		if findReference(s.References, e.Kind, e.ExternalID) < 0 {
			s.References = append(s.References, Reference(e))
		}
	case ReferenceUnlinked:
		if i := findReference(s.References, e.Kind, e.ExternalID); i >= 0 {
			s.References = slices.Delete(s.References, i, i+1)
		}
	}
	return s
}

func addMessage(s State, id string, m MessageState) State {
	if _, dup := s.Messages[id]; dup {
		return s
	}
	if s.Messages == nil {
		s.Messages = map[string]MessageState{}
	}
	m.Seq = len(s.Messages) + 1
	s.Messages[id] = m
	return s
}

func setKey(m map[string]bool, k string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[k] = true
	return m
}

package timeline

import (
	"strings"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// message folds MessageReceived, MessageSent and DeliveryStatusRecorded:
// one entry per message, its delivery history kept on it.
func (f *convFold) message() *Entry {
	at := Millis(f.d.ev.Metadata.OccurredAt)
	switch e := f.d.payload.(type) {
	case conversation.MessageReceived:
		x := f.base(KindMessage)
		x.ID, x.Direction, x.MessageID = MessageEntryID(f.c.ID, e.MessageID), string(conversation.Inbound), e.MessageID
		x.MessageType, x.Text, x.MediaKind = string(e.Type), e.Text, mediaKind(e.Media)
		if e.Media != nil && x.Text == "" {
			x.Text = e.Media.Caption
		}
		if s, ok := f.session(); ok {
			s.CustomerMessages++
			if e.Referral != nil && s.AdSource == "" {
				s.AdSource = e.Referral.Source
			}
			f.update(s)
		}
		if e.Referral != nil { // the ad or link that brought the customer
			x.Source, x.AdID, x.Name = e.Referral.Source, e.Referral.AdID, e.Referral.Headline
			if f.fresh && f.c.AdSource == "" {
				f.c.AdSource = e.Referral.Source
			}
		}
		return x
	case conversation.MessageSent:
		x := f.base(KindMessage)
		x.ID, x.Direction, x.MessageID = MessageEntryID(f.c.ID, e.MessageID), string(conversation.Outbound), e.MessageID
		x.MessageType, x.Text, x.MediaKind = string(e.Kind), e.Text, mediaKind(e.Media)
		if e.Template != nil {
			x.Name = e.Template.Name
		}
		if e.Reaction != nil {
			x.Text = e.Reaction.Summary()
		}
		x.DeliveryStatus = string(conversation.StatusQueued)
		x.Deliveries = []Delivery{{Status: x.DeliveryStatus, At: at}}
		if s, ok := f.session(); ok {
			switch domain.ActorKind(f.d.ev.Metadata.Actor.Kind) {
			case domain.ActorAgent:
				s.AgentMessages++
				if s.FirstResponseAt == nil {
					secs := at.Sub(s.OpenedAt).Seconds()
					s.FirstResponseAt, s.FirstResponseSeconds = &at, &secs
				}
			case domain.ActorBot:
				s.BotHandled = true
			}
			f.update(s)
		}
		return x
	case conversation.DeliveryStatusRecorded:
		id := MessageEntryID(f.c.ID, e.MessageID)
		x, ok := f.b.docs.Entries[id]
		if !ok || x.Version > f.rev {
			return nil
		}
		x.DeliveryStatus = string(e.Status)
		x.Deliveries = append(append([]Delivery(nil), x.Deliveries...),
			Delivery{Status: string(e.Status), At: Millis(e.At), Reason: e.Reason})
		x.Version = f.rev + 1
		return &x
	}
	return nil
}

// mediaKind is the coarse kind of an attachment, from its MIME type.
func mediaKind(m *conversation.Media) string {
	if m == nil {
		return ""
	}
	kind, _, _ := strings.Cut(m.MimeType, "/")
	if kind == "" {
		return "file"
	}
	return kind
}

// routing folds assignment, tag, bot and integration events.
func (f *convFold) routing() *Entry {
	s, sok := f.session()
	var x *Entry
	switch e := f.d.payload.(type) {
	case conversation.Assigned:
		x = f.base(KindAssignment)
		x.Status, x.AgentID, x.Reason = "assigned", e.AgentID, string(e.Reason)
		f.setAssignee(e.AgentID)
		if sok {
			s.AssigneeID = e.AgentID
			if !contains(s.Assignees, e.AgentID) {
				s.Assignees = append(append([]string(nil), s.Assignees...), e.AgentID)
			}
		}
	case conversation.Unassigned:
		x = f.base(KindAssignment)
		x.Status, x.AgentID = "unassigned", e.PreviousAgentID
		f.setAssignee("")
		if sok {
			s.AssigneeID = ""
		}
	case conversation.Accepted:
		x = f.base(KindAssignment)
		x.Status, x.AgentID = "accepted", e.AgentID
	case conversation.TeamAssigned:
		x = f.base(KindAssignment)
		x.Status, x.TeamID = "team_assigned", e.TeamID
		f.setTeam(e.TeamID)
		if sok {
			s.TeamID = e.TeamID
		}
	case conversation.HandedOff:
		x = f.base(KindBot)
		x.Status, x.Reason, x.TeamID, x.Source = "handed_off", e.Reason, e.TeamID, e.BotID
		if f.fresh {
			f.c.Status = string(conversation.StatusOpen)
		}
		if e.TeamID != "" {
			f.setTeam(e.TeamID)
		}
		if sok {
			s.HandedOff, s.Status = true, string(conversation.StatusOpen)
			if e.TeamID != "" {
				s.TeamID = e.TeamID
			}
		}
	case conversation.TagApplied:
		x = f.base(KindTag)
		x.Status, x.Tag = "applied", e.Tag
		if f.fresh {
			f.c.Tags = addTag(f.c.Tags, e.Tag)
		}
		if sok {
			s.Tags = addTag(s.Tags, e.Tag)
		}
	case conversation.TagRemoved:
		x = f.base(KindTag)
		x.Status, x.Tag = "removed", e.Tag
		if f.fresh {
			f.c.Tags = removeTag(f.c.Tags, e.Tag)
		}
		if sok {
			s.Tags = removeTag(s.Tags, e.Tag)
		}
	default:
		return f.other()
	}
	if sok {
		f.update(s)
	}
	return x
}

func (f *convFold) setAssignee(id string) {
	if f.fresh {
		f.c.AssigneeID = id
	}
}

func (f *convFold) setTeam(id string) {
	if f.fresh {
		f.c.TeamID = id
	}
}

// other folds the events that only make an entry.
func (f *convFold) other() *Entry {
	switch e := f.d.payload.(type) {
	case conversation.PrioritySet:
		x := f.base(KindPriority)
		x.Status, x.Reason = string(e.Priority), string(e.Previous)
		return x
	case conversation.ReferenceLinked:
		x := f.base(KindReference)
		x.Status, x.Source, x.Name = "linked", string(e.Kind), e.ExternalID
		return x
	case conversation.ReferenceUnlinked:
		x := f.base(KindReference)
		x.Status, x.Source, x.Name = "unlinked", string(e.Kind), e.ExternalID
		return x
	case conversation.IntegrationEventRecorded:
		x := f.base(KindIntegration)
		x.Source, x.Name = e.Source, e.Name
		return x
	case conversation.TranscriptionAdded:
		x := f.base(KindTranscription)
		x.MessageID, x.Text, x.Language = e.MessageID, e.Text, e.Language
		return x
	case conversation.SummaryAdded:
		x := f.base(KindSummary)
		x.Text, x.Session = e.Text, e.Session
		return x
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

package conversation

import (
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func received(c ReceiveMessage, session int, now time.Time) MessageReceived {
	return MessageReceived{
		MessageID: c.MessageID, Type: c.Type, Text: c.Text, Media: c.Media, Location: c.Location,
		Contact: c.Contact, Product: c.Product, Interactive: c.Interactive,
		ProviderMessageID: c.ProviderMessageID, Referral: c.Referral,
		SentAt: c.SentAt.UTC(), ReceivedAt: now.UTC(), Session: session,
	}
}

func sent(c SendMessage, session int) MessageSent {
	return MessageSent{
		MessageID: c.MessageID, Kind: c.Kind, Text: c.Text, Media: c.Media,
		QuickReplyID: c.QuickReplyID, Template: c.Template, Reaction: c.Reaction, Catalog: c.Catalog, Session: session,
	}
}

func decideReceive(s State, c ReceiveMessage, now time.Time) ([]domain.Event, error) {
	if _, dup := s.Messages[c.MessageID]; dup {
		return nil, nil // a provider retry: already recorded
	}
	var events []domain.Event
	session := s.Session
	if s.Status == StatusClosed || s.Status == StatusSnoozed {
		events = reopen(s, "inbound_message", now)
		session++
	}
	return append(events, received(c, session, now)), nil
}

func decideSend(s State, c SendMessage, now time.Time) ([]domain.Event, error) {
	if s.Status == StatusClosed {
		return nil, domain.Conflict(CodeClosed, "the conversation is closed; reopen it to reply")
	}
	if _, dup := s.Messages[c.MessageID]; dup {
		return nil, domain.Conflict(CodeMessageExists, "message %q already exists", c.MessageID)
	}
	reaction, err := checkChannelKind(s, "", c)
	if err != nil {
		return nil, err
	}
	c.Reaction = reaction
	if c.Kind != KindTemplate { // reactions and catalog messages are free-form too
		if open, closes := s.WindowOpen(now); !open {
			return nil, windowClosedError(closes)
		}
	}
	return []domain.Event{sent(c, s.Session)}, nil
}

func decideDeliveryStatus(s State, c RecordDeliveryStatus, now time.Time) ([]domain.Event, error) {
	m, ok := s.Messages[c.MessageID]
	if !ok {
		return nil, domain.NotFound(CodeMessageNotFound, "message %q does not exist", c.MessageID)
	}
	if m.Direction != Outbound {
		return nil, domain.Invalid("message_id", CodeNotOutbound, "delivery statuses apply to outbound messages only")
	}
	if m.Status == StatusFailed {
		return nil, nil // terminal
	}
	if c.Status == StatusFailed {
		if m.Status.rank() >= StatusDelivered.rank() {
			return nil, nil // already delivered: a late failure changes nothing
		}
	} else if c.Status.rank() <= m.Status.rank() {
		return nil, nil // late or repeated report
	}
	return []domain.Event{DeliveryStatusRecorded{
		MessageID: c.MessageID, Status: c.Status, Reason: c.Reason, ErrorCode: c.ErrorCode, At: now.UTC(),
	}}, nil
}

func decideNote(s State, c AddNote) ([]domain.Event, error) {
	if s.Notes[c.NoteID] {
		return nil, domain.Conflict(CodeNoteExists, "note %q already exists", c.NoteID)
	}
	for _, id := range c.Mentions {
		if !slices.Contains(c.KnownAgents, id) {
			return nil, domain.Invalid("mentions", CodeUnknownAgent, "%q is not an agent of this account", id)
		}
	}
	return []domain.Event{NoteAdded{NoteID: c.NoteID, Text: c.Text, Mentions: c.Mentions}}, nil
}

func decideMarkRead(s State, c MarkRead, by domain.Actor) ([]domain.Event, error) {
	if by.Kind != domain.ActorAgent {
		return nil, domain.Forbidden(CodeAgentRequired, "only an agent can mark a conversation read")
	}
	m, ok := s.Messages[c.UpToMessageID]
	if !ok {
		return nil, domain.NotFound(CodeMessageNotFound, "message %q does not exist", c.UpToMessageID)
	}
	if s.ReadUpTo[by.ID] >= m.Seq {
		return nil, nil // already read that far
	}
	return []domain.Event{ReadByAgent{AgentID: by.ID, UpToMessageID: c.UpToMessageID}}, nil
}

func decideTranscription(s State, c AddTranscription) ([]domain.Event, error) {
	m, ok := s.Messages[c.MessageID]
	if !ok {
		return nil, domain.NotFound(CodeMessageNotFound, "message %q does not exist", c.MessageID)
	}
	if m.Direction != Inbound || m.Type != TypeAudio {
		return nil, domain.Invalid("message_id", CodeNotAudio, "message %q is not an inbound audio message", c.MessageID)
	}
	if m.Transcribed {
		return nil, domain.Conflict(CodeAlreadyTranscribed, "message %q already has a transcription", c.MessageID)
	}
	return []domain.Event{TranscriptionAdded(c)}, nil
}

package conversation

import (
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Stable error codes of conversation decisions (validation codes are in
// package domain and in validate.go).
const (
	CodeNotFound             = "conversation_not_found"
	CodeAlreadyExists        = "conversation_exists"
	CodeAlreadyClosed        = "already_closed"
	CodeClosed               = "conversation_closed"
	CodeNotReopenable        = "not_reopenable"
	CodeNotBotOwned          = "not_bot_owned"
	CodeBotOwned             = "bot_owned"
	CodeWhatsAppWindowClosed = "whatsapp_window_closed"
	CodeTemplateRequired     = "template_required"
	CodeMessageExists        = "message_exists"
	CodeMessageNotFound      = "message_not_found"
	CodeNotOutbound          = "not_outbound"
	CodeNotAudio             = "not_audio"
	CodeAlreadyTranscribed   = "already_transcribed"
	CodeNoteExists           = "note_exists"
	CodeSummaryExists        = "summary_exists"
	CodeUnknownAgent         = "unknown_agent"
	CodeAgentRequired        = "agent_required"
	CodeAssignedToOther      = "assigned_to_other"
	CodeTooManyTags          = "too_many_tags"
	CodeReferenceNotFound    = "reference_not_found"
	CodeTooManyReferences    = "too_many_references"
	CodeNotInFuture          = "not_in_future"
	CodeStaffOnly            = "staff_only"
)

// MaxReferences bounds the links of one conversation.
const MaxReferences = 100

// Decide returns the events that command c produces on state s when actor by
// issues it at now, or a *domain.Error. It never changes s. An empty slice
// with a nil error means the command is already satisfied (a no-op).
func Decide(s State, c Command, by domain.Actor, now time.Time) ([]domain.Event, error) {
	if c == nil {
		return nil, domain.Invalid("", domain.CodeRequired, "a command is required")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if open, ok := c.(OpenConversation); ok {
		return decideOpen(s, open, now)
	}
	if !s.Exists() {
		return nil, domain.NotFound(CodeNotFound, "the conversation does not exist")
	}
	switch c := c.(type) {
	case Close:
		return decideClose(s, c)
	case Reopen:
		return decideReopen(s, now)
	case Snooze:
		return decideSnooze(s, c, now)
	case HandOff:
		return decideHandOff(s, c)
	case SetPriority:
		if c.Priority == s.Priority {
			return nil, nil
		}
		return []domain.Event{PrioritySet{Priority: c.Priority, Previous: s.Priority}}, nil
	case ReceiveMessage:
		return decideReceive(s, c, now)
	case SendMessage:
		if by.Kind == domain.ActorContact {
			return nil, staffOnly("send messages")
		}
		return decideSend(s, c, now)
	case RecordDeliveryStatus:
		return decideDeliveryStatus(s, c, now)
	case AddNote:
		if by.Kind == domain.ActorContact {
			return nil, staffOnly("add internal notes")
		}
		return decideNote(s, c)
	case MarkRead:
		return decideMarkRead(s, c, by)
	case AddTranscription:
		return decideTranscription(s, c)
	case AddSummary:
		if s.Summaries[c.SummaryID] {
			return nil, domain.Conflict(CodeSummaryExists, "summary %q already exists", c.SummaryID)
		}
		return []domain.Event{SummaryAdded{SummaryID: c.SummaryID, Text: c.Text, Session: s.Session}}, nil
	case RecordIntegrationEvent:
		return []domain.Event{IntegrationEventRecorded(c)}, nil
	default:
		return decideRouting(s, c, by)
	}
}

func decideOpen(s State, c OpenConversation, now time.Time) ([]domain.Event, error) {
	if s.Exists() {
		return nil, domain.Conflict(CodeAlreadyExists, "the conversation is already open (status %s)", s.Status)
	}
	initiatedBy := "contact"
	if c.FirstInbound == nil {
		initiatedBy = "agent"
		if c.Channel == ChannelWhatsApp && (c.FirstOutbound == nil || c.FirstOutbound.Kind != KindTemplate) {
			return nil, domain.Invalid("first_outbound", CodeTemplateRequired,
				"an agent-initiated WhatsApp conversation must start with a template message")
		}
	}
	if c.FirstOutbound != nil {
		if _, err := checkChannelKind(State{Channel: c.Channel}, "first_outbound.", *c.FirstOutbound); err != nil {
			return nil, err
		}
	}
	events := []domain.Event{
		Opened{InboxID: c.InboxID, Channel: c.Channel, ContactID: c.ContactID, Subject: c.Subject, InitiatedBy: initiatedBy, BotID: c.BotID},
		SessionStarted{Session: 1, StartedAt: now},
	}
	if c.FirstInbound != nil {
		events = append(events, received(*c.FirstInbound, 1, now))
	}
	if c.FirstOutbound != nil {
		events = append(events, sent(*c.FirstOutbound, 1))
	}
	return events, nil
}

func decideClose(s State, c Close) ([]domain.Event, error) {
	if s.Status == StatusClosed {
		return nil, domain.Conflict(CodeAlreadyClosed, "the conversation is already closed")
	}
	return []domain.Event{Closed{Session: s.Session, Reason: c.Reason}}, nil
}

func decideReopen(s State, now time.Time) ([]domain.Event, error) {
	if s.Status != StatusClosed && s.Status != StatusSnoozed {
		return nil, domain.Conflict(CodeNotReopenable, "only a closed or snoozed conversation can be reopened (status %s)", s.Status)
	}
	return reopen(s, "agent", now), nil
}

// reopen starts a new session on a closed or snoozed conversation.
func reopen(s State, trigger string, now time.Time) []domain.Event {
	next := s.Session + 1
	return []domain.Event{
		Reopened{From: s.Status, Trigger: trigger, Session: next},
		SessionStarted{Session: next, StartedAt: now},
	}
}

func decideSnooze(s State, c Snooze, now time.Time) ([]domain.Event, error) {
	if s.Status == StatusClosed {
		return nil, domain.Conflict(CodeClosed, "a closed conversation cannot be snoozed")
	}
	if !c.Until.After(now) {
		return nil, domain.Invalid("until", CodeNotInFuture, "must be after now (%s)", now.UTC().Format(time.RFC3339))
	}
	return []domain.Event{Snoozed{Until: c.Until.UTC()}}, nil
}

func decideHandOff(s State, c HandOff) ([]domain.Event, error) {
	if !s.BotOwned || s.Status != StatusPending {
		return nil, domain.Conflict(CodeNotBotOwned, "only a pending, bot-owned conversation can be handed off (status %s)", s.Status)
	}
	return []domain.Event{HandedOff{BotID: s.BotID, Reason: c.Reason, TeamID: c.TeamID}}, nil
}

// staffOnly rejects a contact acting where only agents, bots, integrations
// or the system may.
func staffOnly(what string) *domain.Error {
	return domain.Forbidden(CodeStaffOnly, "a contact cannot %s", what)
}

func windowClosedError(closes time.Time) *domain.Error {
	if closes.IsZero() {
		return domain.Conflict(CodeWhatsAppWindowClosed,
			"the WhatsApp 24-hour window is not open: the customer has not written yet; only template messages can be sent")
	}
	return domain.Conflict(CodeWhatsAppWindowClosed, "%s",
		fmt.Sprintf("the WhatsApp 24-hour window closed at %s (24h after the customer's last message); only template messages can be sent",
			closes.UTC().Format(time.RFC3339)))
}

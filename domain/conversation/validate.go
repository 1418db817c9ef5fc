package conversation

import (
	"encoding/json"

	"github.com/parley-inbox/parley/domain"
)

// Bounds on command fields.
const (
	MaxMessageText       = 10_000 // runes in a message, note or summary
	MaxTranscriptionText = 50_000
	MaxReasonLen         = 500
	MaxCaptionLen        = 1024
	MaxMediaSize         = 100 << 20 // bytes
	MaxMentions          = 50
	MaxCandidates        = 100
	MaxTemplateParams    = 20
	MaxPayloadBytes      = 16 << 10 // encoded JSON of an integration payload
	MaxPayloadKeys       = 100
)

// CodeBadEnum is returned for a value outside a field's allowed set.
const CodeBadEnum = "invalid_enum"

func (c OpenConversation) Validate() *domain.Error {
	if err := firstError(
		domain.CheckID("inbox_id", c.InboxID),
		checkEnum("channel", c.Channel, ChannelWhatsApp, ChannelInstagram, ChannelMessenger, ChannelTelegram, ChannelSMS, ChannelEmail),
		domain.CheckID("contact_id", c.ContactID),
		domain.CheckText("subject", c.Subject, domain.MaxNameLen, false),
		domain.CheckOptionalID("bot_id", c.BotID),
	); err != nil {
		return err
	}
	if c.FirstInbound != nil && c.FirstOutbound != nil {
		return domain.Invalid("first_outbound", domain.CodeBadValue, "an open carries either a first inbound or a first outbound message, not both")
	}
	if c.FirstInbound != nil {
		return prefixed("first_inbound", c.FirstInbound.Validate())
	}
	if c.FirstOutbound != nil {
		return prefixed("first_outbound", c.FirstOutbound.Validate())
	}
	return nil
}

func (c Close) Validate() *domain.Error {
	return domain.CheckText("reason", c.Reason, MaxReasonLen, false)
}

func (Reopen) Validate() *domain.Error { return nil }

func (c Snooze) Validate() *domain.Error {
	if c.Until.IsZero() {
		return domain.Invalid("until", domain.CodeRequired, "is required")
	}
	return nil
}

func (c HandOff) Validate() *domain.Error {
	return firstError(
		domain.CheckText("reason", c.Reason, MaxReasonLen, false),
		domain.CheckOptionalID("team_id", c.TeamID),
	)
}

func (c SetPriority) Validate() *domain.Error {
	return checkEnum("priority", c.Priority, PriorityNone, PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent)
}

func (c AssignAgent) Validate() *domain.Error {
	if err := firstError(
		domain.CheckID("agent_id", c.AgentID),
		checkEnum("reason", c.Reason, ReasonManual, ReasonRoundRobin, ReasonLastAgent, ReasonRule, ReasonLoadBalance),
		domain.CheckText("policy", c.Policy, domain.MaxNameLen, false),
		domain.CheckOptionalID("rule_id", c.RuleID),
	); err != nil {
		return err
	}
	return checkIDList("candidates", c.Candidates, MaxCandidates)
}

func (c AssignTeam) Validate() *domain.Error { return domain.CheckID("team_id", c.TeamID) }
func (Unassign) Validate() *domain.Error     { return nil }
func (Accept) Validate() *domain.Error       { return nil }
func (c ApplyTag) Validate() *domain.Error   { return domain.CheckTag("tag", c.Tag) }
func (c RemoveTag) Validate() *domain.Error  { return domain.CheckTag("tag", c.Tag) }

func (c LinkReference) Validate() *domain.Error {
	return firstError(
		checkEnum("kind", c.Kind, RefDeal, RefTask, RefTicket),
		domain.CheckText("external_id", c.ExternalID, 128, true),
		domain.CheckURL("url", c.URL),
	)
}

func (c UnlinkReference) Validate() *domain.Error {
	return firstError(
		checkEnum("kind", c.Kind, RefDeal, RefTask, RefTicket),
		domain.CheckText("external_id", c.ExternalID, 128, true),
	)
}

func (c RecordIntegrationEvent) Validate() *domain.Error {
	if err := firstError(
		checkEnum("source", c.Source, "crm", "bot", "external"),
		domain.CheckText("name", c.Name, 100, true),
	); err != nil {
		return err
	}
	if len(c.Payload) > MaxPayloadKeys {
		return domain.Invalid("payload", domain.CodeTooMany, "must have at most %d keys", MaxPayloadKeys)
	}
	b, err := json.Marshal(c.Payload)
	if err != nil {
		return domain.Invalid("payload", domain.CodeBadValue, "must be a JSON object")
	}
	if len(b) > MaxPayloadBytes {
		return domain.Invalid("payload", domain.CodeTooLong, "must be at most %d bytes of JSON (got %d)", MaxPayloadBytes, len(b))
	}
	return nil
}

// checkEnum reports whether v is one of allowed.
func checkEnum[T ~string](field string, v T, allowed ...T) *domain.Error {
	if v == "" {
		return domain.Invalid(field, domain.CodeRequired, "is required")
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return domain.Invalid(field, CodeBadEnum, "must be one of %v", allowed)
}

func checkIDList(field string, ids []string, max int) *domain.Error {
	if len(ids) > max {
		return domain.Invalid(field, domain.CodeTooMany, "must have at most %d entries", max)
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := domain.CheckID(field, id); err != nil {
			return err
		}
		if seen[id] {
			return domain.Invalid(field, domain.CodeDuplicate, "lists %q twice", id)
		}
		seen[id] = true
	}
	return nil
}

func firstError(errs ...*domain.Error) *domain.Error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// prefixed names a nested field: "first_inbound.text".
func prefixed(prefix string, err *domain.Error) *domain.Error {
	if err == nil {
		return nil
	}
	e := *err
	e.Field = prefix + "." + e.Field
	return &e
}

package inbox

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// convRow is one row of the conversations view. The contact columns are
// copied from the contact's row when the batch holds it (see
// batch.contactColumns) and kept as stored otherwise. Zero times are NULL.
type convRow struct {
	ID, AccountID, InboxID, Channel, ContactID, Subject string
	ContactName, ContactAvatar, Handle, HandleMasked    string
	ContactPrivate                                      bool
	Status, AssigneeID, TeamID, BotID                   string
	Accepted                                            bool
	Tags                                                []string
	Priority                                            int16
	SnoozedUntil                                        time.Time
	Preview, LastKind, LastDirection                    string
	LastMessageAt                                       time.Time
	MessageCount, InboundCount                          int32
	LastInboundAt, WindowClosesAt, WaitingSince         time.Time
	FirstResponseAt, ResolvedAt, CreatedAt, ClosedAt    time.Time
	LastActivityAt                                      time.Time
	Session                                             int32
	Revision                                            int64 // -1: not stored yet
}

// PreviewLen bounds the last-message preview, in runes.
const PreviewLen = 140

// priorityRank makes priorities sortable.
func priorityRank(p conversation.Priority) int16 {
	switch p {
	case conversation.PriorityLow:
		return 1
	case conversation.PriorityMedium:
		return 2
	case conversation.PriorityHigh:
		return 3
	case conversation.PriorityUrgent:
		return 4
	}
	return 0
}

// tagKeys are the lower-case tags, for filters and counts.
func tagKeys(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = strings.ToLower(t)
	}
	return out
}

// evolveConv applies one decoded conversation event to r. msgs records the
// message ids the event adds (id -> inbound messages up to it).
func evolveConv(r convRow, ev eventstore.RecordedEvent, e domain.Event, msgs func(id string, inboundUpTo int32)) convRow {
	at := micro(ev.Metadata.OccurredAt)
	activity := true
	switch e := e.(type) {
	case conversation.Opened:
		r.AccountID, r.InboxID, r.Channel, r.ContactID, r.Subject = ev.Metadata.AccountID, e.InboxID, string(e.Channel), e.ContactID, e.Subject
		r.Status, r.BotID, r.CreatedAt = string(conversation.StatusOpen), e.BotID, at
		if e.BotID != "" {
			r.Status = string(conversation.StatusPending)
		}
	case conversation.SessionStarted:
		r.Session = int32(e.Session)
	case conversation.Closed:
		r.Status, r.SnoozedUntil, r.ClosedAt, r.WaitingSince = string(conversation.StatusClosed), time.Time{}, at, time.Time{}
		if r.ResolvedAt.IsZero() {
			r.ResolvedAt = at
		}
	case conversation.Reopened:
		r.Status, r.SnoozedUntil, r.ClosedAt, r.BotID = string(conversation.StatusOpen), time.Time{}, time.Time{}, ""
	case conversation.Snoozed:
		r.Status, r.SnoozedUntil = string(conversation.StatusSnoozed), micro(e.Until)
	case conversation.HandedOff:
		r.Status, r.BotID = string(conversation.StatusOpen), ""
		if e.TeamID != "" {
			r.TeamID = e.TeamID
		}
	case conversation.PrioritySet:
		r.Priority = priorityRank(e.Priority)
	case conversation.MessageReceived:
		r = received(r, e, at, msgs)
	case conversation.MessageSent:
		r = sent(r, e, ev.Metadata.Actor.Kind, at, msgs)
	case conversation.Assigned:
		r.AssigneeID, r.Accepted = e.AgentID, false
	case conversation.Unassigned:
		r.AssigneeID, r.Accepted = "", false
	case conversation.Accepted:
		r.AssigneeID, r.Accepted = e.AgentID, true
	case conversation.TeamAssigned:
		r.TeamID = e.TeamID
	case conversation.TagApplied:
		if domain.FindTag(r.Tags, e.Tag) < 0 {
			r.Tags = append(slices.Clone(r.Tags), e.Tag)
		}
	case conversation.TagRemoved:
		if i := domain.FindTag(r.Tags, e.Tag); i >= 0 {
			r.Tags = slices.Delete(slices.Clone(r.Tags), i, i+1)
		}
	case conversation.DeliveryStatusRecorded, conversation.ReadByAgent:
		// Delivery reports and read marks do not reorder the inbox.
		activity = false
	}
	if activity {
		r.LastActivityAt = at
	}
	r.Revision = int64(ev.Revision)
	return r
}

func received(r convRow, e conversation.MessageReceived, at time.Time, msgs func(string, int32)) convRow {
	r.MessageCount++
	r.InboundCount++
	msgs(e.MessageID, r.InboundCount)
	recv := micro(e.ReceivedAt)
	if recv.IsZero() {
		recv = at
	}
	r.Preview, r.LastKind, r.LastDirection, r.LastMessageAt = preview(e.Text, e.Media, string(e.Type)), string(e.Type), string(conversation.Inbound), recv
	if recv.After(r.LastInboundAt) {
		r.LastInboundAt = recv
	}
	if r.Channel == string(conversation.ChannelWhatsApp) {
		r.WindowClosesAt = r.LastInboundAt.Add(conversation.WhatsAppWindow)
	}
	if r.WaitingSince.IsZero() {
		r.WaitingSince = recv
	}
	return r
}

// sent answers the customer unless a bot sent it: waiting ends and the first
// answer to a waiting customer is the first response.
func sent(r convRow, e conversation.MessageSent, actorKind string, at time.Time, msgs func(string, int32)) convRow {
	r.MessageCount++
	msgs(e.MessageID, r.InboundCount)
	kind := string(e.Kind)
	if e.Kind == conversation.KindMedia && e.Media != nil {
		kind = "media"
	}
	text := e.Text
	switch {
	case text == "" && e.Template != nil:
		text = "[template " + e.Template.Name + "]"
	case e.Reaction != nil:
		text = e.Reaction.Summary()
	}
	r.Preview, r.LastKind, r.LastDirection, r.LastMessageAt = preview(text, e.Media, kind), kind, string(conversation.Outbound), at
	if actorKind != string(domain.ActorBot) {
		if !r.WaitingSince.IsZero() && r.FirstResponseAt.IsZero() {
			r.FirstResponseAt = at
		}
		r.WaitingSince = time.Time{}
	}
	return r
}

// preview is the first PreviewLen runes of text (or the caption), else the
// message kind in brackets, e.g. "[image]".
func preview(text string, media *conversation.Media, kind string) string {
	if text == "" && media != nil {
		text = media.Caption
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return "[" + kind + "]"
	}
	if utf8.RuneCountInString(text) <= PreviewLen {
		return text
	}
	runes := []rune(text)
	return string(runes[:PreviewLen-1]) + "…"
}

// micro is t in UTC at the microsecond precision PostgreSQL stores, so a row
// folded in memory equals the same row loaded back.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

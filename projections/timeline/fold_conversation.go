package timeline

import (
	"slices"
	"strings"

	"github.com/parley-inbox/parley/domain/conversation"
)

// convFold is one conversation event being applied.
type convFold struct {
	b     *batch
	d     decoded
	c     Conversation
	fresh bool // the conversation document has not seen this event
	rev   uint64
}

// applyConversation folds one conversation event into the conversation
// document, the current session's facts and the timeline entry it makes.
func (b *batch) applyConversation(d decoded) {
	c, ok := b.docs.Conversations[d.conv]
	if !ok {
		c = Conversation{ID: d.conv, AccountID: d.ev.Metadata.AccountID}
	}
	f := &convFold{b: b, d: d, c: c, fresh: c.Version <= d.ev.Revision, rev: d.ev.Revision}
	if e := f.entry(); e != nil {
		f.putEntry(*e)
	}
	if f.fresh {
		f.c.Version = f.rev + 1
		b.docs.Conversations[d.conv] = f.c
		b.dirty["v/"+d.conv] = true
	}
}

// base is the entry an event makes, before its kind-specific fields.
func (f *convFold) base(kind string) *Entry {
	ev := f.d.ev
	return &Entry{
		ID: EventEntryID(f.c.ID, ev.Revision), AccountID: f.c.AccountID, ConversationID: f.c.ID,
		ContactID: f.c.ContactID, Channel: f.c.Channel, InboxID: f.c.InboxID,
		Kind: kind, EventType: ev.Type, Position: ev.Position, At: Millis(ev.Metadata.OccurredAt),
		ActorKind: ev.Metadata.Actor.Kind, ActorID: ev.Metadata.Actor.ID, Session: f.c.Session,
		Version: ev.Revision + 1,
	}
}

func (f *convFold) putEntry(e Entry) {
	f.b.docs.Entries[e.ID] = e
	f.b.dirty["e/"+e.ID] = true
}

// session returns the current session's facts if this event is new to
// them; update stores the changed facts.
func (f *convFold) session() (Session, bool) {
	s, ok := f.b.docs.Sessions[SessionID(f.c.ID, f.c.Session)]
	return s, ok && s.Version <= f.rev
}

func (f *convFold) update(s Session) {
	s.Version = f.rev + 1
	f.b.docs.Sessions[s.ID] = s
	f.b.dirty["s/"+s.ID] = true
}

func (f *convFold) entry() *Entry {
	at := Millis(f.d.ev.Metadata.OccurredAt)
	switch e := f.d.payload.(type) {
	case conversation.Opened:
		if f.fresh {
			f.c.ContactID, f.c.Channel, f.c.InboxID, f.c.BotID = e.ContactID, string(e.Channel), e.InboxID, e.BotID
			f.c.Status, f.c.OpenedAt = string(conversation.StatusOpen), at
			if e.BotID != "" {
				f.c.Status = string(conversation.StatusPending)
			}
		}
		x := f.base(KindStatus)
		x.Status, x.Reason = "opened", e.InitiatedBy
		return x
	case conversation.SessionStarted:
		return f.sessionStarted(e)
	case conversation.MessageReceived, conversation.MessageSent, conversation.DeliveryStatusRecorded:
		return f.message()
	case conversation.NoteAdded:
		x := f.base(KindNote)
		x.Text, x.Mentions = e.Text, e.Mentions
		return x
	case conversation.Closed:
		if f.fresh {
			f.c.Status = string(conversation.StatusClosed)
		}
		if s, ok := f.session(); ok {
			s.Status, s.ClosedAt = string(conversation.StatusClosed), &at
			secs := at.Sub(s.OpenedAt).Seconds()
			s.ResolutionSeconds = &secs
			f.update(s)
		}
		x := f.base(KindStatus)
		x.Status, x.Reason = "closed", e.Reason
		return x
	case conversation.Reopened:
		if s, ok := f.session(); ok && e.From == conversation.StatusClosed {
			s.ReopenedAfterClose = true
			f.update(s)
		}
		if f.fresh {
			f.c.Status = string(conversation.StatusOpen)
			f.c.Reopens++
		}
		x := f.base(KindStatus)
		x.Status, x.Reason = "reopened", e.Trigger
		return x
	case conversation.Snoozed:
		if f.fresh {
			f.c.Status = string(conversation.StatusSnoozed)
		}
		if s, ok := f.session(); ok {
			s.Status = string(conversation.StatusSnoozed)
			f.update(s)
		}
		x := f.base(KindSnooze)
		until := Millis(e.Until)
		x.Until = &until
		return x
	case conversation.ReadByAgent:
		return nil
	}
	return f.routing()
}

func (f *convFold) sessionStarted(e conversation.SessionStarted) *Entry {
	at := Millis(e.StartedAt)
	if f.fresh {
		f.c.Session = e.Session
		if f.c.Status == "" {
			f.c.Status = string(conversation.StatusOpen)
		}
	}
	id := SessionID(f.c.ID, e.Session)
	if old, ok := f.b.docs.Sessions[id]; !ok || old.Version <= f.rev {
		s := Session{ID: id, AccountID: f.c.AccountID, ConversationID: f.c.ID, ContactID: f.c.ContactID,
			Channel: f.c.Channel, InboxID: f.c.InboxID, Session: e.Session, Status: f.c.Status,
			TeamID: f.c.TeamID, AssigneeID: f.c.AssigneeID, Tags: slices.Clone(f.c.Tags), OpenedAt: at,
			Reopened: e.Session > 1, BotHandled: f.c.BotID != "" && e.Session == 1}
		if s.AssigneeID != "" {
			s.Assignees = []string{s.AssigneeID}
		}
		f.update(s)
	}
	x := f.base(KindSession)
	x.Status, x.Session = "started", e.Session
	return x
}

// addTag and removeTag keep tags lower case, unique and sorted.
func addTag(tags []string, tag string) []string {
	t := strings.ToLower(tag)
	if slices.Contains(tags, t) {
		return tags
	}
	tags = append(slices.Clone(tags), t)
	slices.Sort(tags)
	return tags
}

func removeTag(tags []string, tag string) []string {
	t := strings.ToLower(tag)
	return slices.DeleteFunc(slices.Clone(tags), func(x string) bool { return x == t })
}

package contract

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// The hand-made scenario's ids and times.
const (
	AccountX = "acct-x"
	AccountY = "acct-y"
)

// T0 is a Monday, 09:00 UTC: the first conversation opens then.
var T0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// logBuilder lays out a log event by event.
type logBuilder struct {
	t     testing.TB
	convs *domain.Codec
	ctcts *domain.Codec
	revs  map[string]uint64
	out   []eventstore.RecordedEvent
}

func newLog(t testing.TB) *logBuilder {
	convs, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	ctcts, err := contact.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	return &logBuilder{t: t, convs: convs, ctcts: ctcts, revs: map[string]uint64{}}
}

func (l *logBuilder) add(stream, account string, by eventstore.Actor, at time.Time, codec *domain.Codec, evs ...domain.Event) {
	for _, e := range evs {
		typ, v, data, err := codec.Encode(e)
		if err != nil {
			l.t.Fatal(err)
		}
		rev := l.revs[stream]
		l.revs[stream] = rev + 1
		pos := uint64(len(l.out) + 1)
		l.out = append(l.out, eventstore.RecordedEvent{
			EventData: eventstore.EventData{
				ID: uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "%s/%d", stream, rev)), Type: typ, SchemaVersion: v, Data: data,
				Metadata: eventstore.Metadata{AccountID: account, Actor: by, OccurredAt: at, CommandID: fmt.Sprint(pos)},
			},
			Stream: stream, Revision: rev, Position: pos, RecordedAt: at,
		})
	}
}

func (l *logBuilder) conv(id, account string, by eventstore.Actor, at time.Time, evs ...domain.Event) {
	l.add(conversation.StreamName(id), account, by, at, l.convs, evs...)
}

var (
	customer = eventstore.Actor{Kind: "contact", ID: "k1"}
	agent1   = eventstore.Actor{Kind: "agent", ID: "agent-1"}
	agent2   = eventstore.Actor{Kind: "agent", ID: "agent-2"}
	system   = eventstore.Actor{Kind: "system", ID: "router"}
	provider = eventstore.Actor{Kind: "system", ID: "provider"}
)

// Scenario is the hand-made log the behaviour tests check answers on.
func Scenario(t testing.TB) []eventstore.RecordedEvent {
	l := newLog(t)
	l.add(contact.StreamName("k1"), AccountX, system, T0.Add(-time.Hour), l.ctcts,
		contact.Created{DisplayName: "Zoë Müller"},
		contact.IdentityAdded{Kind: contact.KindPhone, Value: "+4915112345678"})
	m := func(d time.Duration) time.Time { return T0.Add(d) }
	l.conv("c1", AccountX, customer, m(0),
		conversation.Opened{InboxID: "in-wa", Channel: conversation.ChannelWhatsApp, ContactID: "k1", InitiatedBy: "contact"},
		conversation.SessionStarted{Session: 1, StartedAt: m(0)},
		conversation.MessageReceived{MessageID: "m1", Type: conversation.TypeText, Text: "Hola, ¿dónde está mi pedido? Café crème",
			Referral: &conversation.Referral{Source: "google_ads", AdID: "ad-1", Headline: "Spring sale"}, SentAt: m(0), ReceivedAt: m(0), Session: 1})
	l.conv("c1", AccountX, system, m(time.Minute),
		conversation.TeamAssigned{TeamID: "team-a"},
		conversation.Assigned{AgentID: "agent-1", Reason: conversation.ReasonRoundRobin})
	l.conv("c1", AccountX, agent1, m(2*time.Minute), conversation.TagApplied{Tag: "Refund"})
	l.conv("c1", AccountX, agent1, m(5*time.Minute),
		conversation.MessageSent{MessageID: "m2", Kind: conversation.KindText, Text: "Your order ships tomorrow", Session: 1})
	l.conv("c1", AccountX, provider, m(6*time.Minute), conversation.DeliveryStatusRecorded{MessageID: "m2", Status: conversation.StatusSent, At: m(6 * time.Minute)})
	l.conv("c1", AccountX, provider, m(7*time.Minute), conversation.DeliveryStatusRecorded{MessageID: "m2", Status: conversation.StatusDelivered, At: m(7 * time.Minute)})
	l.conv("c1", AccountX, agent1, m(8*time.Minute), conversation.NoteAdded{NoteID: "n1", Text: "Customer prefers e-mail & <b>phone</b>", Mentions: []string{"agent-2"}})
	l.conv("c1", AccountX, agent1, m(time.Hour), conversation.Closed{Session: 1, Reason: "resolved"})
	l.conv("c1", AccountX, customer, m(2*time.Hour),
		conversation.Reopened{From: conversation.StatusClosed, Trigger: "inbound_message", Session: 2},
		conversation.SessionStarted{Session: 2, StartedAt: m(2 * time.Hour)},
		conversation.MessageReceived{MessageID: "m3", Type: conversation.TypeText, Text: "Order never arrived 你好", SentAt: m(2 * time.Hour), ReceivedAt: m(2 * time.Hour), Session: 2})
	l.conv("c1", AccountX, agent2, m(2*time.Hour+10*time.Minute),
		conversation.MessageSent{MessageID: "m4", Kind: conversation.KindText, Text: "Sorry about that", Session: 2})
	l.conv("c1", AccountX, agent2, m(3*time.Hour), conversation.Closed{Session: 2, Reason: "resolved"})

	d := func(x time.Duration) time.Time { return T0.Add(24*time.Hour + x) }
	l.conv("c2", AccountX, eventstore.Actor{Kind: "contact", ID: "k2"}, d(0),
		conversation.Opened{InboxID: "in-mail", Channel: conversation.ChannelEmail, ContactID: "k2", InitiatedBy: "contact"},
		conversation.SessionStarted{Session: 1, StartedAt: d(0)},
		conversation.MessageReceived{MessageID: "m1", Type: conversation.TypeText, Text: "Invoice question", SentAt: d(0), ReceivedAt: d(0), Session: 1})
	l.conv("c2", AccountX, agent2, d(time.Minute), conversation.Assigned{AgentID: "agent-2", Reason: conversation.ReasonManual})
	l.conv("c2", AccountX, agent2, d(30*time.Minute),
		conversation.MessageSent{MessageID: "m2", Kind: conversation.KindText, Text: "The invoice is attached", Session: 1},
		conversation.TagApplied{Tag: "billing"})
	l.conv("c2", AccountX, agent2, d(90*time.Minute), conversation.Closed{Session: 1})

	l.conv("c3", AccountY, eventstore.Actor{Kind: "contact", ID: "k3"}, T0,
		conversation.Opened{InboxID: "in-y", Channel: conversation.ChannelWhatsApp, ContactID: "k3", InitiatedBy: "contact"},
		conversation.SessionStarted{Session: 1, StartedAt: T0},
		conversation.MessageReceived{MessageID: "m1", Type: conversation.TypeText, Text: "Café crème invoice", SentAt: T0, ReceivedAt: T0, Session: 1})
	return l.out
}

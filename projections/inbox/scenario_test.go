package inbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// story decides commands on one WhatsApp conversation and projects each
// resulting event at once.
type story struct {
	t     *testing.T
	pool  *pgxpool.Pool
	p     *Projector
	codec *domain.Codec
	state conversation.State
	rev   uint64
}

func (s *story) do(at time.Time, by domain.Actor, c conversation.Command) {
	s.t.Helper()
	evs, err := conversation.Decide(s.state, c, by, at)
	if err != nil {
		s.t.Fatalf("%s: %v", c.CommandType(), err)
	}
	for _, e := range evs {
		s.state = conversation.Evolve(s.state, e)
		typ, v, data, err := s.codec.Encode(e)
		if err != nil {
			s.t.Fatal(err)
		}
		ev := eventstore.RecordedEvent{Stream: "conversation-c1", Revision: s.rev, Position: s.rev + 1,
			EventData: eventstore.EventData{ID: uuid.New(), Type: typ, SchemaVersion: v, Data: data,
				Metadata: eventstore.Metadata{AccountID: "acme", Actor: eventstore.Actor{Kind: string(by.Kind), ID: by.ID}, OccurredAt: at}}}
		project(s.t, s.pool, s.p, []eventstore.RecordedEvent{ev}, 1)
		s.rev++
	}
}

// row reads columns of the conversation, formatted for comparison.
func (s *story) row(cols string) string {
	s.t.Helper()
	var out string
	if err := s.pool.QueryRow(s.t.Context(), `SELECT concat_ws(' | ', `+cols+`) FROM inbox.conversations WHERE id = 'c1'`).Scan(&out); err != nil {
		s.t.Fatal(err)
	}
	return out
}

func TestConversationTimestampsFollowTheStory(t *testing.T) {
	pool := newDB(t, "inbox")
	codec, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	s := &story{t: t, pool: pool, p: newProjector(t, "inbox"), codec: codec}
	if _, err := pool.Exec(t.Context(), `SET TIME ZONE 'UTC'`); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return day.Add(time.Duration(h) * time.Hour) }
	customer := domain.Actor{Kind: domain.ActorContact, ID: "k1"}
	agent := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	bot := domain.Actor{Kind: domain.ActorBot, ID: "bot"}
	in := func(id, text string) conversation.ReceiveMessage {
		return conversation.ReceiveMessage{MessageID: id, Type: conversation.TypeText, Text: text, SentAt: day}
	}
	out := func(id string) conversation.SendMessage {
		return conversation.SendMessage{MessageID: id, Kind: conversation.KindText, Text: "hello " + id}
	}
	first := in("m1", "hi")
	// Hours of waiting_since, first_response_at, closed_at, resolved_at,
	// last_inbound_at and window_closes_at (+24 h, same hour).
	const ts = "to_char(%s, 'HH24')"
	cols := fmt.Sprintf("status, "+ts+", "+ts+", "+ts+", "+ts+", "+ts+", "+ts+", session, inbound_count, last_message_preview",
		"waiting_since", "first_response_at", "closed_at", "resolved_at", "last_inbound_at", "window_closes_at")
	for _, step := range []struct {
		at   int
		by   domain.Actor
		cmd  conversation.Command
		want string
	}{
		{1, customer, conversation.OpenConversation{InboxID: "wa", Channel: conversation.ChannelWhatsApp, ContactID: "k1", FirstInbound: &first},
			"open | 01 | 01 | 01 | 1 | 1 | hi"},
		{2, customer, in("m2", "anyone?"), "open | 01 | 02 | 02 | 1 | 2 | anyone?"},
		{3, bot, out("b1"), "open | 01 | 02 | 02 | 1 | 2 | hello b1"}, // a bot does not answer
		{4, agent, out("a1"), "open | 04 | 02 | 02 | 1 | 2 | hello a1"},
		{5, customer, in("m3", "thanks"), "open | 05 | 04 | 05 | 05 | 1 | 3 | thanks"},
		{6, agent, conversation.Close{}, "closed | 04 | 06 | 06 | 05 | 05 | 1 | 3 | thanks"},
		{7, customer, in("m4", "one more thing"), "open | 07 | 04 | 06 | 07 | 07 | 2 | 4 | one more thing"},
	} {
		s.do(at(step.at), step.by, step.cmd)
		// concat_ws skips NULLs: a missing hour is a NULL column.
		if got := s.row(cols); got != step.want {
			t.Errorf("after hour %d (%s): %q, want %q", step.at, step.cmd.CommandType(), got, step.want)
		}
	}
	s.do(at(8), agent, conversation.MarkRead{UpToMessageID: "m3"})
	var annUnread, bobUnread int
	if err := pool.QueryRow(t.Context(), `SELECT c.inbound_count - coalesce((SELECT read_inbound FROM inbox.reads WHERE conversation_id = 'c1' AND agent_id = 'ann'), 0),
c.inbound_count - coalesce((SELECT read_inbound FROM inbox.reads WHERE conversation_id = 'c1' AND agent_id = 'bob'), 0)
FROM inbox.conversations c WHERE id = 'c1'`).Scan(&annUnread, &bobUnread); err != nil {
		t.Fatal(err)
	}
	if annUnread != 1 || bobUnread != 4 {
		t.Errorf("unread: ann %d (want 1), bob %d (want 4)", annUnread, bobUnread)
	}
	if got := s.row("to_char(last_activity_at, 'HH24')"); got != "07" {
		t.Errorf("a read mark moved last activity to %s", got)
	}
}

package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
)

// idSpace makes the extra events' ids deterministic (a rerun appends nothing).
var idSpace = uuid.MustParse("3b0e8a52-61f4-4f0e-a1a9-5a7c2d6b9e01")

// Extras appends, to every tenth generated conversation, the event types
// internal/seed does not write and the old schema versions (v1 payloads of
// message_received, assigned and contact.created as they were stored
// then), plus a contact merge and unmerge. It returns the events appended.
func Extras(ctx context.Context, store eventstore.Store, gen *seed.Generator, conversations int) (int, error) {
	codec, err := conversation.NewCodec()
	if err != nil {
		return 0, fmt.Errorf("faults: %w", err)
	}
	kcodec, err := contact.NewCodec()
	if err != nil {
		return 0, fmt.Errorf("faults: %w", err)
	}
	n := 0
	for i := 0; i < conversations; i += 10 {
		h, err := gen.History(i)
		if err != nil {
			return n, err
		}
		id := gen.ConversationID(i)
		at := seed.Epoch().Add(90 * 24 * time.Hour).Add(time.Duration(i) * time.Minute)
		w := writer{account: h.Account, at: at}
		if err := w.conversation(codec, id); err != nil {
			return n, err
		}
		if err := w.contacts(kcodec, fmt.Sprintf("x%d", i)); err != nil {
			return n, err
		}
		for _, s := range w.streams {
			if _, err := store.Append(ctx, s.Name, eventstore.Any(), s.Events); err != nil {
				return n, fmt.Errorf("faults: append extras to %s: %w", s.Name, err)
			}
			n += len(s.Events)
		}
	}
	return n, nil
}

// writer builds the extra events of one conversation and its contacts.
type writer struct {
	account string
	at      time.Time
	streams []seed.Stream
	counts  map[string]int // events written per stream, for their ids
}

func (w *writer) add(stream, typ string, version int, data []byte, by domain.Actor) {
	if len(w.streams) == 0 || w.streams[len(w.streams)-1].Name != stream {
		w.streams = append(w.streams, seed.Stream{Name: stream})
	}
	s := &w.streams[len(w.streams)-1]
	if w.counts == nil {
		w.counts = map[string]int{}
	}
	n := w.counts[stream]
	w.counts[stream]++
	w.at = w.at.Add(time.Second)
	cmd := uuid.NewSHA1(idSpace, fmt.Appendf(nil, "%s/cmd/%d", stream, n)).String()
	s.Events = append(s.Events, eventstore.EventData{
		ID: uuid.NewSHA1(idSpace, fmt.Appendf(nil, "%s/%d", stream, n)), Type: typ, SchemaVersion: version, Data: data,
		Metadata: eventstore.Metadata{AccountID: w.account, Actor: eventstore.Actor{Kind: string(by.Kind), ID: by.ID},
			OccurredAt: w.at, CommandID: cmd, CorrelationID: cmd, CausationID: cmd, Session: "faults"},
	})
}

func (w *writer) encode(codec *domain.Codec, stream string, e domain.Event, by domain.Actor) error {
	typ, version, data, err := codec.Encode(e)
	if err != nil {
		return fmt.Errorf("faults: %w", err)
	}
	w.add(stream, typ, version, data, by)
	return nil
}

func (w *writer) conversation(codec *domain.Codec, id string) error {
	stream := conversation.StreamName(id)
	agent := domain.Actor{Kind: domain.ActorAgent, ID: "x-agent-1"}
	bot := domain.Actor{Kind: domain.ActorBot, ID: "x-bot"}
	system := domain.Actor{Kind: domain.ActorSystem, ID: "x-rules"}
	msg := id + "-x1"
	// Old versions, as they were stored before their upcasters existed.
	w.add(stream, conversation.TypeMessageReceived, 1, fmt.Appendf(nil,
		`{"message_id":%q,"type":"image","text":"old photo","media_url":"https://cdn.example.com/%s.jpg","sent_at":%q,"received_at":%q,"session":1}`,
		msg, id, w.at.Format(time.RFC3339), w.at.Format(time.RFC3339)), domain.Actor{Kind: domain.ActorContact, ID: "x"})
	w.add(stream, conversation.TypeAssigned, 1, []byte(`{"agent_id":"x-agent-1"}`), system)
	for _, step := range []struct {
		e  domain.Event
		by domain.Actor
	}{
		{conversation.Accepted{AgentID: "x-agent-1"}, agent},
		{conversation.MessageSent{MessageID: id + "-x2", Kind: conversation.KindText, Text: "on it", Session: 1}, agent},
		{conversation.DeliveryStatusRecorded{MessageID: id + "-x2", Status: conversation.StatusDelivered, At: w.at}, system},
		{conversation.ReadByAgent{AgentID: "x-agent-1", UpToMessageID: msg}, agent},
		{conversation.TranscriptionAdded{MessageID: msg, Text: "a photo of a box", Language: "en"}, system},
		{conversation.NoteAdded{NoteID: id + "-n", Text: "checked the photo"}, agent},
		{conversation.ReferenceLinked{Kind: conversation.RefTicket, ExternalID: "T-" + id, URL: "https://crm.example.com/t"}, agent},
		{conversation.IntegrationEventRecorded{Source: "crm", Name: "ticket_opened", Payload: map[string]any{"id": "T-" + id}}, system},
		{conversation.ReferenceUnlinked{Kind: conversation.RefTicket, ExternalID: "T-" + id}, agent},
		{conversation.PrioritySet{Priority: conversation.PriorityHigh, Previous: conversation.PriorityNone}, agent},
		{conversation.TagApplied{Tag: "Escalated"}, agent},
		{conversation.TagRemoved{Tag: "Escalated"}, agent},
		{conversation.TeamAssigned{TeamID: "x-team"}, system},
		{conversation.Unassigned{PreviousAgentID: "x-agent-1"}, agent},
		{conversation.Snoozed{Until: w.at.Add(48 * time.Hour)}, agent},
		{conversation.Reopened{From: conversation.StatusSnoozed, Trigger: "agent", Session: 9}, agent},
		{conversation.SessionStarted{Session: 9, StartedAt: w.at}, system},
		{conversation.HandedOff{BotID: "x-bot", Reason: "asked for a human", TeamID: "x-team-2"}, bot},
		{conversation.SummaryAdded{SummaryID: id + "-s", Text: "Photo checked, escalated.", Session: 9}, bot},
		{conversation.Closed{Session: 9, Reason: "solved"}, agent},
	} {
		if err := w.encode(codec, stream, step.e, step.by); err != nil {
			return err
		}
	}
	return nil
}

// contacts writes two new contacts, the first in contact.created v1, and
// merges the second into the first, then undoes the merge.
func (w *writer) contacts(codec *domain.Codec, prefix string) error {
	a, b := contact.StreamName(prefix+"-a"), contact.StreamName(prefix+"-b")
	by := domain.Actor{Kind: domain.ActorAgent, ID: "x-agent-1"}
	v1, err := json.Marshal(map[string]any{"name": "Old Contact " + prefix, "custom_fields": map[string]string{"plan": "gold"}})
	if err != nil {
		return fmt.Errorf("faults: %w", err)
	}
	w.add(a, contact.TypeCreated, 1, v1, by)
	name := "Renamed " + prefix
	steps := []struct {
		stream string
		e      domain.Event
	}{
		{a, contact.IdentityAdded{Kind: contact.KindEmail, Value: prefix + "@example.com"}},
		{a, contact.IdentityRemoved{Kind: contact.KindEmail, Value: prefix + "@example.com"}},
		{a, contact.ProfileUpdated{DisplayName: &name, CustomFieldsSet: map[string]string{"tier": "2"}, CustomFieldsRemoved: []string{"plan"}}},
		{a, contact.MarkedPrivate{}},
		{a, contact.UnmarkedPrivate{}},
		{a, contact.TagApplied{Tag: "Lead"}},
		{a, contact.TagRemoved{Tag: "Lead"}},
		{b, contact.Created{DisplayName: "Duplicate " + prefix}},
		{b, contact.MergedInto{TargetID: prefix + "-a"}},
		{a, contact.MergedFrom{SourceID: prefix + "-b"}},
		{b, contact.Unmerged{TargetID: prefix + "-a"}},
		{a, contact.UnmergedFrom{SourceID: prefix + "-b"}},
	}
	for _, s := range steps {
		if err := w.encode(codec, s.stream, s.e, by); err != nil {
			return err
		}
	}
	return nil
}

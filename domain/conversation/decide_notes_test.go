package conversation

import (
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideNote(t *testing.T) {
	known := []string{"agent-1", "agent-2"}
	runDecide(t, []decideCase{
		{Name: "note mentioning a known agent", Given: opened(ChannelSMS),
			When: AddNote{NoteID: "n1", Text: "@agent-2 can you check?", Mentions: []string{"agent-2"}, KnownAgents: known},
			Then: ev(NoteAdded{NoteID: "n1", Text: "@agent-2 can you check?", Mentions: []string{"agent-2"}})},
		{Name: "note without mentions", Given: opened(ChannelSMS), When: AddNote{NoteID: "n1", Text: "vip customer"},
			Then: ev(NoteAdded{NoteID: "n1", Text: "vip customer"})},
		{Name: "mention of an unknown agent", Given: opened(ChannelSMS),
			When: AddNote{NoteID: "n1", Text: "hey", Mentions: []string{"agent-9"}, KnownAgents: known},
			Kind: domain.KindInvalid, Code: CodeUnknownAgent, Field: "mentions", Msg: "agent-9"},
		{Name: "mentions without known agents fail closed", Given: opened(ChannelSMS),
			When: AddNote{NoteID: "n1", Text: "hey", Mentions: []string{"agent-1"}},
			Kind: domain.KindInvalid, Code: CodeUnknownAgent, Field: "mentions"},
		{Name: "duplicate mention", Given: opened(ChannelSMS),
			When: AddNote{NoteID: "n1", Text: "hey", Mentions: []string{"agent-1", "agent-1"}, KnownAgents: known},
			Kind: domain.KindInvalid, Code: domain.CodeDuplicate, Field: "mentions"},
		{Name: "existing note id", Given: given(opened(ChannelSMS), ev(NoteAdded{NoteID: "n1", Text: "x"})),
			When: AddNote{NoteID: "n1", Text: "y"}, Kind: domain.KindConflict, Code: CodeNoteExists},
		{Name: "contacts cannot add notes", Given: opened(ChannelSMS), By: domain.Actor{Kind: domain.ActorContact, ID: "contact-1"},
			When: AddNote{NoteID: "n1", Text: "x"}, Kind: domain.KindForbidden, Code: CodeStaffOnly},
		{Name: "empty note", Given: opened(ChannelSMS), When: AddNote{NoteID: "n1"}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "text"},
		{Name: "control characters", Given: opened(ChannelSMS), When: AddNote{NoteID: "n1", Text: "a\x00b"},
			Kind: domain.KindInvalid, Code: domain.CodeBadText, Field: "text"},
	})
}

func TestDecideMarkRead(t *testing.T) {
	h := given(opened(ChannelSMS), ev(inbound("m1", t0), inbound("m2", t0)))
	runDecide(t, []decideCase{
		{Name: "mark read", Given: h, When: MarkRead{UpToMessageID: "m2"}, Then: ev(ReadByAgent{AgentID: "agent-1", UpToMessageID: "m2"})},
		{Name: "an earlier message is a no-op", Given: given(h, ev(ReadByAgent{AgentID: "agent-1", UpToMessageID: "m2"})),
			When: MarkRead{UpToMessageID: "m1"}},
		{Name: "another agent's mark does not count", Given: given(h, ev(ReadByAgent{AgentID: "agent-2", UpToMessageID: "m2"})),
			When: MarkRead{UpToMessageID: "m1"}, Then: ev(ReadByAgent{AgentID: "agent-1", UpToMessageID: "m1"})},
		{Name: "unknown message", Given: h, When: MarkRead{UpToMessageID: "m9"}, Kind: domain.KindNotFound, Code: CodeMessageNotFound},
		{Name: "only agents", Given: h, By: domain.Actor{Kind: domain.ActorAPIClient, ID: "crm"}, When: MarkRead{UpToMessageID: "m2"},
			Kind: domain.KindForbidden, Code: CodeAgentRequired},
	})
}

func TestDecideTranscriptionAndSummary(t *testing.T) {
	audio := MessageReceived{MessageID: "a1", Type: TypeAudio, Media: &Media{Ref: "r"}, SentAt: t0, ReceivedAt: t0, Session: 1}
	h := given(opened(ChannelWhatsApp), ev(audio, inbound("m1", t0)))
	runDecide(t, []decideCase{
		{Name: "transcription of an audio message", Given: h, When: AddTranscription{MessageID: "a1", Text: "hello there", Language: "en"},
			Then: ev(TranscriptionAdded{MessageID: "a1", Text: "hello there", Language: "en"})},
		{Name: "transcription of a text message", Given: h, When: AddTranscription{MessageID: "m1", Text: "x"},
			Kind: domain.KindInvalid, Code: CodeNotAudio, Field: "message_id"},
		{Name: "second transcription", Given: given(h, ev(TranscriptionAdded{MessageID: "a1", Text: "x"})),
			When: AddTranscription{MessageID: "a1", Text: "y"}, Kind: domain.KindConflict, Code: CodeAlreadyTranscribed},
		{Name: "transcription of an unknown message", Given: h, When: AddTranscription{MessageID: "zz", Text: "y"},
			Kind: domain.KindNotFound, Code: CodeMessageNotFound},
		{Name: "summary of the current session", Given: given(h, ev(Closed{Session: 1}, Reopened{Session: 2}, SessionStarted{Session: 2})),
			When: AddSummary{SummaryID: "s1", Text: "asked about refunds"},
			Then: ev(SummaryAdded{SummaryID: "s1", Text: "asked about refunds", Session: 2})},
		{Name: "summary id again", Given: given(h, ev(SummaryAdded{SummaryID: "s1", Text: "x", Session: 1})),
			When: AddSummary{SummaryID: "s1", Text: "y"}, Kind: domain.KindConflict, Code: CodeSummaryExists},
	})
}

func TestDecideIntegrationEvent(t *testing.T) {
	runDecide(t, []decideCase{
		{Name: "crm event", Given: opened(ChannelSMS), When: RecordIntegrationEvent{Source: "crm", Name: "deal_won", Payload: map[string]any{"amount": 1200.5}},
			Then: ev(IntegrationEventRecorded{Source: "crm", Name: "deal_won", Payload: map[string]any{"amount": 1200.5}})},
		{Name: "payload too large", Given: opened(ChannelSMS),
			When: RecordIntegrationEvent{Source: "bot", Name: "x", Payload: map[string]any{"blob": strings.Repeat("a", MaxPayloadBytes)}},
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "payload"},
		{Name: "unknown source", Given: opened(ChannelSMS), When: RecordIntegrationEvent{Source: "zapier", Name: "x"},
			Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "source"},
		{Name: "missing name", Given: opened(ChannelSMS), When: RecordIntegrationEvent{Source: "external"},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "name"},
	})
}

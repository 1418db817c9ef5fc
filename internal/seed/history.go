package seed

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// Stream is the events of one stream, ready to append.
type Stream struct {
	Name   string
	Events []eventstore.EventData
}

// History is what conversation i adds to the log: its contact's stream (nil
// when the contact was created by an earlier conversation) and its own.
type History struct {
	Account      string
	Contact      *Stream
	Conversation Stream
}

var idSpace = uuid.MustParse("6f1f4c3e-2b7d-4d35-9a0e-0c2b9a1d5e77")

// recorder encodes decided events of one stream with deterministic ids and
// metadata.
type recorder struct {
	codec   *domain.Codec
	account string
	stream  Stream
	cmd     int
}

// record encodes events a command decided, issued by by at now.
func (r *recorder) record(events []domain.Event, by domain.Actor, now time.Time) error {
	r.cmd++
	cmdID := uuid.NewSHA1(idSpace, fmt.Appendf(nil, "%s/cmd/%d", r.stream.Name, r.cmd)).String()
	for _, e := range events {
		typ, version, data, err := r.codec.Encode(e)
		if err != nil {
			return fmt.Errorf("seed: %s: %w", r.stream.Name, err)
		}
		n := len(r.stream.Events)
		r.stream.Events = append(r.stream.Events, eventstore.EventData{
			ID:   uuid.NewSHA1(idSpace, fmt.Appendf(nil, "%s/%d", r.stream.Name, n)),
			Type: typ, SchemaVersion: version, Data: data,
			Metadata: eventstore.Metadata{
				AccountID: r.account, Actor: eventstore.Actor{Kind: string(by.Kind), ID: by.ID},
				OccurredAt: now, CommandID: cmdID, CorrelationID: cmdID, CausationID: cmdID, Session: "seed",
			},
		})
	}
	return nil
}

package audit

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/inbox"
)

// Record is one event as an auditor sees it: where it sits in the log, who
// caused it and why, and its payload upcast to the current schema version.
type Record struct {
	Position      uint64           `json:"position"`
	Stream        string           `json:"stream"`
	Revision      uint64           `json:"revision"`
	ID            string           `json:"id"`
	Type          string           `json:"type"`
	SchemaVersion int              `json:"schema_version"`        // of Data, after upcasting
	StoredVersion int              `json:"stored_schema_version"` // as written
	OccurredAt    time.Time        `json:"occurred_at"`
	RecordedAt    time.Time        `json:"recorded_at"`
	AccountID     string           `json:"account_id"`
	Actor         eventstore.Actor `json:"actor"`
	CommandID     string           `json:"command_id"`
	CorrelationID string           `json:"correlation_id"`
	CausationID   string           `json:"causation_id"`
	Session       string           `json:"session,omitempty"` // agent session or API credential
	Data          json.RawMessage  `json:"data"`
	// UpcastError is set when the stored payload could not be brought to
	// the current version; Data is then the stored payload, unchanged.
	UpcastError string `json:"upcast_error,omitempty"`
}

// Codec knows every event type of the log (conversation, contact, account).
func Codec() (*domain.Codec, error) {
	conv, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	cont, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	acct, err := account.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	c, err := conv.Merge(cont)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if c, err = c.Merge(acct); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return c, nil
}

// NewRecord turns a stored event into a Record. Types the codec does not
// know keep their stored payload and version; a payload that fails to
// upcast is kept as stored with UpcastError set. Handles are masked unless
// seePII.
func NewRecord(codec *domain.Codec, ev eventstore.RecordedEvent, seePII bool) Record {
	m := ev.Metadata
	r := Record{
		Position: ev.Position, Stream: ev.Stream, Revision: ev.Revision, ID: ev.ID.String(), Type: ev.Type,
		SchemaVersion: ev.SchemaVersion, StoredVersion: ev.SchemaVersion,
		OccurredAt: m.OccurredAt.UTC(), RecordedAt: ev.RecordedAt.UTC(), AccountID: m.AccountID, Actor: m.Actor,
		CommandID: m.CommandID, CorrelationID: m.CorrelationID, CausationID: m.CausationID, Session: m.Session,
		Data: json.RawMessage(ev.Data),
	}
	if codec.Knows(ev.Type) {
		data, err := codec.Upcast(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			r.UpcastError = err.Error()
		} else {
			r.Data, r.SchemaVersion = data, codec.Version(ev.Type)
		}
	}
	if !seePII {
		r.Data = maskIdentity(ev.Type, r.Data)
	}
	return r
}

// maskIdentity masks the handle in contact identity events, the events
// whose payload is a raw phone number or e-mail address.
func maskIdentity(typ string, data json.RawMessage) json.RawMessage {
	if typ != contact.TypeIdentityAdded && typ != contact.TypeIdentityRemoved {
		return data
	}
	var id contact.Identity
	if err := json.Unmarshal(data, &id); err != nil {
		return data
	}
	id.Value = inbox.Mask(id.Kind, id.Value)
	out, err := json.Marshal(struct {
		contact.Identity
		Masked bool `json:"masked"`
	}{id, true})
	if err != nil {
		return data
	}
	return out
}

package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Event is a fact decided by an aggregate. Payloads are plain structs whose
// JSON form is the stored payload of the event's current schema version.
type Event interface {
	EventType() string
}

// Upcaster turns the JSON payload of one schema version into the next one.
// Upcasters are pure functions.
type Upcaster func(old json.RawMessage) (json.RawMessage, error)

// EventSpec describes one event type: its current schema version, how to
// make an empty payload (New returns a pointer, e.g. &MessageReceived{}), and the upcasters from each older version (key v
// upcasts version v to v+1).
type EventSpec struct {
	Type      string
	Version   int
	New       func() Event
	Upcasters map[int]Upcaster
}

// Codec encodes events to versioned JSON and decodes stored ones, upcasting
// old versions. Build one per aggregate with NewCodec; it holds no state
// beyond its specs.
type Codec struct {
	specs map[string]EventSpec
}

// NewCodec builds a codec over specs; it returns an error for duplicate
// types or missing upcasters so a mistake fails at start-up, not on read.
func NewCodec(specs ...EventSpec) (*Codec, error) {
	c := &Codec{specs: make(map[string]EventSpec, len(specs))}
	for _, s := range specs {
		if _, dup := c.specs[s.Type]; dup {
			return nil, fmt.Errorf("codec: duplicate event type %q", s.Type)
		}
		if s.Version < 1 || s.New == nil {
			return nil, fmt.Errorf("codec: event type %q needs a version >= 1 and a constructor", s.Type)
		}
		for v := 1; v < s.Version; v++ {
			if s.Upcasters[v] == nil {
				return nil, fmt.Errorf("codec: event type %q has no upcaster from version %d", s.Type, v)
			}
		}
		c.specs[s.Type] = s
	}
	return c, nil
}

// Merge returns a codec knowing the event types of both.
func (c *Codec) Merge(other *Codec) (*Codec, error) {
	specs := make([]EventSpec, 0, len(c.specs)+len(other.specs))
	for _, s := range c.specs {
		specs = append(specs, s)
	}
	for _, s := range other.specs {
		specs = append(specs, s)
	}
	return NewCodec(specs...)
}

// Types lists the event types the codec knows, sorted.
func (c *Codec) Types() []string {
	out := make([]string, 0, len(c.specs))
	for t := range c.specs {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Knows reports whether typ is one of the codec's event types.
func (c *Codec) Knows(typ string) bool { _, ok := c.specs[typ]; return ok }

// Version is the current schema version of typ (0 if unknown).
func (c *Codec) Version(typ string) int { return c.specs[typ].Version }

// Encode returns an event's type, current schema version and JSON payload.
func (c *Codec) Encode(e Event) (typ string, version int, data []byte, err error) {
	spec, ok := c.specs[e.EventType()]
	if !ok {
		return "", 0, nil, fmt.Errorf("codec: unknown event type %q", e.EventType())
	}
	data, err = json.Marshal(e)
	if err != nil {
		return "", 0, nil, fmt.Errorf("codec: encode %s: %w", spec.Type, err)
	}
	return spec.Type, spec.Version, data, nil
}

// ErrUnknownEvent is returned when decoding a type or version the codec does
// not know. Projectors ack unknown types; they park unknown versions.
var ErrUnknownEvent = fmt.Errorf("codec: unknown event")

// Upcast brings a stored payload of the given version to the current one.
func (c *Codec) Upcast(typ string, version int, data []byte) (json.RawMessage, error) {
	spec, ok := c.specs[typ]
	if !ok {
		return nil, fmt.Errorf("%w type %q", ErrUnknownEvent, typ)
	}
	if version < 1 || version > spec.Version {
		return nil, fmt.Errorf("%w version %d of %q (current %d)", ErrUnknownEvent, version, typ, spec.Version)
	}
	raw := json.RawMessage(data)
	for v := version; v < spec.Version; v++ {
		next, err := spec.Upcasters[v](raw)
		if err != nil {
			return nil, fmt.Errorf("codec: upcast %s v%d: %w", typ, v, err)
		}
		raw = next
	}
	return raw, nil
}

// Decode upcasts a stored payload and unmarshals it into its event struct.
func (c *Codec) Decode(typ string, version int, data []byte) (Event, error) {
	raw, err := c.Upcast(typ, version, data)
	if err != nil {
		return nil, err
	}
	e := c.specs[typ].New()
	if err := json.Unmarshal(raw, e); err != nil {
		return nil, fmt.Errorf("codec: decode %s v%d: %w", typ, version, err)
	}
	return derefEvent(e), nil
}

// derefEvent returns the value a spec's New pointer points to, so that
// aggregates can switch on value types (conversation.MessageReceived, not
// *conversation.MessageReceived).
func derefEvent(e Event) Event {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Pointer {
		if d, ok := v.Elem().Interface().(Event); ok {
			return d
		}
	}
	return e
}

package inbox

import (
	"fmt"
	"regexp"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// DefaultSchema holds the live inbox views.
const DefaultSchema = "inbox"

// Options configure a Projector.
type Options struct {
	// Schema is the PostgreSQL schema of the views; DefaultSchema if empty.
	Schema string
	// Name is the checkpoint key; NameFor(Schema) if empty.
	Name string
}

var schemaPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,47}$`)

// ValidateSchema checks that s can name a schema (lower-case letters, digits
// and underscores); it is spliced into SQL, so nothing else is allowed.
func ValidateSchema(s string) error {
	if !schemaPattern.MatchString(s) {
		return fmt.Errorf("inbox: schema %q must match %s", s, schemaPattern)
	}
	return nil
}

// NameFor is the projector (checkpoint) name of the views in schema: "inbox"
// for the live schema, "inbox@<schema>" for others.
func NameFor(schema string) string {
	if schema == DefaultSchema {
		return "inbox"
	}
	return "inbox@" + schema
}

// Projector builds the inbox views; see the package comment.
type Projector struct {
	schema string
	name   string
	codec  *domain.Codec
	sql    statements
}

// NewProjector returns a projector writing into opts.Schema. Run Migrate for
// the same schema before applying events.
func NewProjector(opts Options) (*Projector, error) {
	if opts.Schema == "" {
		opts.Schema = DefaultSchema
	}
	if err := ValidateSchema(opts.Schema); err != nil {
		return nil, err
	}
	if opts.Name == "" {
		opts.Name = NameFor(opts.Schema)
	}
	conv, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	cont, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	codec, err := conv.Merge(cont)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	return &Projector{schema: opts.Schema, name: opts.Name, codec: codec, sql: newStatements(opts.Schema)}, nil
}

// Name is the checkpoint key.
func (p *Projector) Name() string { return p.name }

// Schema is the PostgreSQL schema the projector writes into.
func (p *Projector) Schema() string { return p.schema }

// Handles accepts every conversation and contact event type.
func (p *Projector) Handles(eventType string) bool { return p.codec.Knows(eventType) }

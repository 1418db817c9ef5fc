package query

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/inbox"
)

// Config configures a Service.
type Config struct {
	// Schema holds the views; inbox.DefaultSchema if empty.
	Schema string
	// CursorKey signs page cursors (HMAC-SHA256); at least 32 bytes.
	CursorKey []byte
}

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.Schema != "" {
		if err := inbox.ValidateSchema(c.Schema); err != nil {
			errs = append(errs, err)
		}
	}
	if len(c.CursorKey) < 32 {
		errs = append(errs, fmt.Errorf("query: CursorKey must be at least 32 bytes, not %d", len(c.CursorKey)))
	}
	return errors.Join(errs...)
}

// Viewer is who asks: the account and agent from the credential, and what
// they may see.
type Viewer struct {
	AccountID string
	AgentID   string // "me" and unread counts refer to this agent
	// SeePII lets the viewer see raw handles; private contacts also need
	// SeePrivate.
	SeePII, SeePrivate bool
	// Subject, when set, limits lists and reads to the conversations it may
	// see (inbox membership, conversation scope); nil limits by account only,
	// as for configured API keys with full rights.
	Subject *authz.Subject
}

// Visible returns nil if the viewer may see conversation id — the check of
// GetConversation, reading only what it needs — and the same not-found
// error as GetConversation otherwise.
func (s *Service) Visible(ctx context.Context, v Viewer, id string) error {
	if domain.CheckID("id", id) != nil {
		return notFound("conversation", clip(id))
	}
	var c Conversation
	err := s.pool.QueryRow(ctx, s.sql(`SELECT c.inbox_id, c.assignee_id, c.team_id FROM {s}.conversations c
WHERE c.account_id = $1 AND c.id = $2`), v.AccountID, id).Scan(&c.InboxID, &c.AssigneeID, &c.TeamID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !v.maySee(c)) {
		return notFound("conversation", id)
	}
	if err != nil {
		return fmt.Errorf("query: conversation %s: %w", id, err)
	}
	return nil
}

// maysee reports whether the viewer may see a conversation (object level).
func (v Viewer) maySee(c Conversation) bool {
	if v.Subject == nil {
		return true
	}
	m := authz.ConversationMeta{AccountID: v.AccountID, InboxID: c.InboxID}
	if c.AssigneeID != nil {
		m.AssigneeID = *c.AssigneeID
	}
	if c.TeamID != nil {
		m.TeamID = *c.TeamID
	}
	return authz.CanSeeConversation(*v.Subject, m)
}

func (v Viewer) rawHandles(private bool) bool { return v.SeePII && (!private || v.SeePrivate) }

// Service runs the queries. It is safe for concurrent use.
type Service struct {
	pool   *pgxpool.Pool
	key    []byte
	schema string // sanitized identifier
}

// NewService returns a Service over the views in pool.
func NewService(pool *pgxpool.Pool, cfg Config) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Schema == "" {
		cfg.Schema = inbox.DefaultSchema
	}
	return &Service{pool: pool, key: append([]byte(nil), cfg.CursorKey...), schema: pgx.Identifier{cfg.Schema}.Sanitize()}, nil
}

// sql puts the schema into a statement: {s}.conversations.
func (s *Service) sql(q string) string { return strings.ReplaceAll(q, "{s}", s.schema) }

// Codes of query input errors.
const (
	CodeUnknownParameter = "unknown_parameter"
	CodeInvalidParameter = "invalid_parameter"
	CodeInvalidCursor    = "invalid_cursor"
)

func invalid(field, format string, args ...any) *domain.Error {
	return domain.Invalid(field, CodeInvalidParameter, format, args...)
}

func notFound(what, id string) *domain.Error {
	return domain.NotFound(what+"_not_found", "no %s %q", what, id)
}

package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/projections/live"
)

// PositionWaiter waits until a projector has committed a position
// (projections.Progress is one).
type PositionWaiter interface {
	WaitFor(ctx context.Context, projector string, position uint64) error
}

// ConversationRowFunc reads a conversation's inbox list row as principal may
// see it; the stream adds it to that conversation's changes. An error (not
// found, forbidden, unavailable) leaves the row out: the client refetches.
type ConversationRowFunc func(ctx context.Context, p Principal, conversationID string) (any, error)

// StreamConfig configures the live stream, GET /api/v1/stream.
type StreamConfig struct {
	Auth Authenticator // required
	Hub  *live.Hub     // required; cancel its Run context on shutdown to end every stream
	DB   live.Querier  // required; missed changes are read from it on resume
	// Heartbeat is the period of the comment lines that keep proxies from
	// closing an idle stream. Default 15s.
	Heartbeat time.Duration
	// MaxStreams bounds the open streams of this process; beyond it the
	// answer is 503 with Retry-After. Default 1,000.
	MaxStreams int
	// MaxReplay bounds the missed changes sent on resume; a client that
	// missed more is told to resync. Default 1,000.
	MaxReplay int
	// RetryHint is the reconnection delay suggested to clients. Default 2s.
	RetryHint time.Duration
	// SubscribeTimeout bounds waiting for the hub's first connection.
	// Default 5s.
	SubscribeTimeout time.Duration
	// WriteTimeout bounds each write to the client. Default 10s.
	WriteTimeout time.Duration
	// ConversationRow, if set, adds the updated list row to conversation
	// changes, after waiting up to RowWait for InboxProjector (through
	// Progress, if set) to reach the change's position.
	ConversationRow ConversationRowFunc
	Progress        PositionWaiter
	InboxProjector  string        // default "inbox"
	RowWait         time.Duration // default 200ms
	// Visible, if set, further restricts what a principal receives
	// (object-level permissions); the account is always checked first.
	Visible func(context.Context, Principal, live.Change) bool
	// SideEvents, if set, adds ephemeral events (presence, typing,
	// viewing) to every stream. They carry no id and are never replayed.
	SideEvents SideEventSource
}

// SideEvent is one ephemeral stream event: its SSE name and JSON data.
type SideEvent struct {
	Name string
	Data any
}

// SideEventSource delivers the ephemeral events principal may see until
// ctx ends or stop is called.
type SideEventSource interface {
	Subscribe(ctx context.Context, p Principal) (events <-chan SideEvent, stop func())
}

func (c *StreamConfig) setDefaults() {
	c.Heartbeat = orDefault(c.Heartbeat, 15*time.Second)
	c.RetryHint = orDefault(c.RetryHint, 2*time.Second)
	c.SubscribeTimeout = orDefault(c.SubscribeTimeout, 5*time.Second)
	c.WriteTimeout = orDefault(c.WriteTimeout, 10*time.Second)
	c.RowWait = orDefault(c.RowWait, 200*time.Millisecond)
	if c.MaxStreams <= 0 {
		c.MaxStreams = 1_000
	}
	if c.MaxReplay <= 0 {
		c.MaxReplay = 1_000
	}
	if c.InboxProjector == "" {
		c.InboxProjector = "inbox"
	}
}

// orDefault is d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Validate reports every missing dependency.
func (c StreamConfig) Validate() error {
	var errs []error
	if c.Auth == nil {
		errs = append(errs, errors.New("api: StreamConfig.Auth is required"))
	}
	if c.Hub == nil {
		errs = append(errs, errors.New("api: StreamConfig.Hub is required"))
	}
	if c.DB == nil {
		errs = append(errs, errors.New("api: StreamConfig.DB is required"))
	}
	return errors.Join(errs...)
}

// StreamAPI serves the live stream.
type StreamAPI struct {
	cfg    StreamConfig
	slots  chan struct{} // one per open stream
	active atomic.Int64
}

// RegisterStreamRoutes serves GET /api/v1/stream on engine, behind
// authentication.
func RegisterStreamRoutes(engine *gin.Engine, cfg StreamConfig) (*StreamAPI, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &StreamAPI{cfg: cfg, slots: make(chan struct{}, cfg.MaxStreams)}
	engine.GET(BasePath+"/stream", RequireAuth(cfg.Auth), s.serve)
	return s, nil
}

// Active is the number of open streams.
func (s *StreamAPI) Active() int { return int(s.active.Load()) }

// visible is the per-change permission hook: the account always, then the
// configured object-level check.
func (s *StreamAPI) visible(ctx context.Context, p Principal, ch live.Change) bool {
	if ch.AccountID != p.AccountID {
		return false
	}
	return s.cfg.Visible == nil || s.cfg.Visible(ctx, p, ch)
}

func (s *StreamAPI) serve(c *gin.Context) {
	p, _ := PrincipalFrom(c) // RequireAuth guards the route
	resume, err := lastEventID(c)
	if err != nil {
		WriteError(c, err)
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		WriteError(c, &domain.Error{Kind: domain.KindUnavailable, Code: "too_many_streams",
			Message: "this server has as many live streams open as it allows; try again shortly"})
		return
	}
	s.active.Add(1)
	defer s.active.Add(-1)

	subCtx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.SubscribeTimeout)
	sub, err := s.cfg.Hub.Subscribe(subCtx, p.AccountID)
	cancel()
	if err != nil {
		WriteError(c, &domain.Error{Kind: domain.KindUnavailable, Code: "stream_unavailable",
			Message: "the live stream is not available right now"})
		loggerOf(c).Warn("api: stream: subscribe", slog.Any("error", err))
		return
	}
	defer sub.Close()
	ctx, stop := streamContext(c.Request.Context())
	defer stop()
	st := &stream{api: s, p: p, sub: sub, w: newSSEWriter(c.Writer, s.cfg.WriteTimeout), log: loggerOf(c)}
	st.run(ctx, resume)
}

// lastEventID reads the Last-Event-ID header (or the last_event_id query
// parameter, for clients that cannot set headers); nil means a fresh start.
func lastEventID(c *gin.Context) (*uint64, error) {
	v, field := c.GetHeader("Last-Event-ID"), "Last-Event-ID"
	if v == "" {
		v, field = c.Query("last_event_id"), "last_event_id"
	}
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return nil, &RequestError{Status: http.StatusBadRequest, Code: "invalid_last_event_id", Field: field,
			Message: "must be the id of an event of this stream (a decimal number)"}
	}
	return &n, nil
}

// streamContext is the request's context without the engine's per-request
// deadline, which a stream is meant to outlive; it still ends when the client
// goes away before that deadline (later, a failed write notices).
func streamContext(req context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(req))
	stop := context.AfterFunc(req, func() {
		if !errors.Is(req.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	return ctx, func() { stop(); cancel() }
}

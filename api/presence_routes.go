package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/presence"
)

// PresenceConfig configures RegisterPresenceRoutes.
type PresenceConfig struct {
	Store         *presence.Store    // required
	Conversations ConversationStates // required: object-level checks on signals
}

type presenceRoutes struct{ cfg PresenceConfig }

// heartbeatBody is POST /presence/heartbeat.
type heartbeatBody struct {
	Status presence.Status `json:"status"`
	Hidden bool            `json:"hidden,omitempty"` // needs presence.hide
}

// signalBody is POST /conversations/:id/{viewing,typing,recording}. An API
// client (a channel integration) reports a customer's signal with
// contact_id; agents signal as themselves.
type signalBody struct {
	Active     bool       `json:"active"`
	UpTo       *time.Time `json:"up_to,omitempty"`
	TTLSeconds int        `json:"ttl_seconds,omitempty"`
	ContactID  string     `json:"contact_id,omitempty"`
}

// Default signal lifetimes when the client does not say.
const (
	defaultTypingTTL  = 6 * time.Second
	defaultViewingTTL = 30 * time.Second
)

// RegisterPresenceRoutes mounts the presence API on group (which
// authenticates): GET /presence, POST /presence/heartbeat, POST
// /conversations/:id/{viewing,typing,recording} and GET
// /conversations/:id/signals.
func RegisterPresenceRoutes(group *gin.RouterGroup, cfg PresenceConfig) {
	h := &presenceRoutes{cfg: cfg}
	group.GET("/presence", h.list)
	group.POST("/presence/heartbeat", h.heartbeat)
	for _, k := range []presence.Kind{presence.Viewing, presence.Typing, presence.Recording} {
		group.POST("/conversations/:id/"+string(k), h.signal(k))
	}
	group.GET("/conversations/:id/signals", h.signals)
}

func (h *presenceRoutes) list(c *gin.Context) {
	p, _ := PrincipalFrom(c)
	out := []presence.Agent{}
	for _, a := range h.cfg.Store.Agents(p.AccountID) {
		if seesAgent(p, a) {
			out = append(out, a)
		}
	}
	c.JSON(http.StatusOK, gin.H{"data": out, "heartbeat_seconds": int(presence.HeartbeatHint / time.Second)})
}

func (h *presenceRoutes) heartbeat(c *gin.Context) {
	p, _ := PrincipalFrom(c)
	if p.Actor.Kind != domain.ActorAgent {
		WriteError(c, domain.Forbidden("agent_required", "only agents have a presence"))
		return
	}
	var body heartbeatBody
	if err := DecodeJSON(c, &body); err != nil {
		WriteError(c, err)
		return
	}
	if body.Hidden && !p.Subject().Can(authz.HidePresence) {
		WriteError(c, domain.Forbidden("forbidden", "hiding your presence needs the presence.hide permission"))
		return
	}
	a, err := h.cfg.Store.Heartbeat(c.Request.Context(), p.AccountID, p.Actor.ID, body.Status, body.Hidden)
	if err != nil {
		WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (h *presenceRoutes) signal(kind presence.Kind) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		var body signalBody
		if err := DecodeJSON(c, &body); err != nil {
			WriteError(c, err)
			return
		}
		who, err := signalActor(p, body, kind)
		if err == nil {
			err = h.visible(c.Request.Context(), p, c.Param("id"))
		}
		if err != nil {
			WriteError(c, err)
			return
		}
		ttl := time.Duration(body.TTLSeconds) * time.Second
		if ttl <= 0 {
			ttl = defaultTypingTTL
			if kind == presence.Viewing {
				ttl = defaultViewingTTL
			}
		}
		sig := presence.Signal{AccountID: p.AccountID, ConversationID: c.Param("id"), Kind: kind, Who: who,
			Hidden: who.Kind == domain.ActorAgent && h.hidden(p)}
		if body.UpTo != nil {
			sig.UpTo = *body.UpTo
		}
		if err := h.cfg.Store.Signal(c.Request.Context(), sig, ttl, body.Active); err != nil {
			WriteError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}

func (h *presenceRoutes) signals(c *gin.Context) {
	p, _ := PrincipalFrom(c)
	if err := h.visible(c.Request.Context(), p, c.Param("id")); err != nil {
		WriteError(c, err)
		return
	}
	out := []presence.Signal{}
	for _, s := range h.cfg.Store.Signals(p.AccountID, c.Param("id")) {
		if seesSignal(p, s) {
			out = append(out, s)
		}
	}
	c.JSON(http.StatusOK, gin.H{"data": out})
}

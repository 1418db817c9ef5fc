package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/email"
	"github.com/parley-inbox/parley/channels/inboxes"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// ChannelAdmin is what the channel routes need: inbox configuration and
// channel health.
type ChannelAdmin interface {
	Put(ctx context.Context, in channels.Inbox) error
	Get(ctx context.Context, id string) (channels.Inbox, error)
	List(ctx context.Context, accountID string) ([]inboxes.Summary, error)
	HealthOf(ctx context.Context, inboxID string) (ledger.Health, error)
}

// ChannelTemplates lists and syncs providers' message templates.
type ChannelTemplates interface {
	SyncTemplates(ctx context.Context, accountID, inboxID string) ([]channels.Template, error)
	ListTemplates(ctx context.Context, accountID, inboxID string) ([]channels.Template, error)
}

// ChannelMedia hands out signed URLs of inbound media.
type ChannelMedia interface {
	URL(ctx context.Context, accountID, conversationID, messageID string) (string, time.Time, error)
}

// ConnectInbox is the body of PUT /channels/inboxes/:id. Credentials are
// write-only: no route returns them.
type ConnectInbox struct {
	Channel           conversation.Channel `json:"channel"`
	Name              string               `json:"name"`
	ProviderAccountID string               `json:"provider_account_id"`
	APIBaseURL        string               `json:"api_base_url,omitempty"`
	Credentials       channels.Credentials `json:"credentials"`
}

// RegisterChannelRoutes mounts the channel administration routes (admin
// permission) and channel health on the command API:
//
//	PUT /api/v1/channels/inboxes/:id          connect or reconfigure an inbox
//	GET /api/v1/channels/inboxes              list the account's inboxes
//	GET /api/v1/channels/inboxes/:id/health   the inbox's channel health
//	GET /api/v1/channels/media/:conversation_id/:message_id   a signed URL of inbound media
//	GET /api/v1/channels/inboxes/:id/templates        synced message templates
//	POST /api/v1/channels/inboxes/:id/templates/sync  fetch them from the provider (admin)
func RegisterChannelRoutes(s *CommandAPI, admin ChannelAdmin, media ChannelMedia, templates ChannelTemplates) {
	s.group.GET("/channels/inboxes/:id/templates", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		ts, err := templates.ListTemplates(c.Request.Context(), p.AccountID, c.Param("id"))
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"items": ts})
	})
	s.group.POST("/channels/inboxes/:id/templates/sync", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		if err := requireAdmin(p); err != nil {
			WriteError(c, err)
			return
		}
		ts, err := templates.SyncTemplates(c.Request.Context(), p.AccountID, c.Param("id"))
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"items": ts})
	})
	s.group.GET("/channels/media/:conversation_id/:message_id", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		u, exp, err := media.URL(c.Request.Context(), p.AccountID, c.Param("conversation_id"), c.Param("message_id"))
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"url": u, "expires_at": exp})
	})
	s.group.PUT("/channels/inboxes/:id", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		if err := requireAdmin(p); err != nil {
			WriteError(c, err)
			return
		}
		var body ConnectInbox
		if err := DecodeJSON(c, &body); err != nil {
			WriteError(c, err)
			return
		}
		in, err := inboxOf(c.Param("id"), p.AccountID, body)
		if err == nil {
			err = ownedOrNew(c, admin, in)
		}
		if err == nil {
			err = admin.Put(c.Request.Context(), in)
		}
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, inboxes.Summary{ID: in.ID, Channel: string(in.Channel), Name: in.Name, ProviderAccountID: in.ProviderAccountID})
	})
	s.group.GET("/channels/inboxes", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		list, err := admin.List(c.Request.Context(), p.AccountID)
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"items": list})
	})
	s.group.GET("/channels/inboxes/:id/health", func(c *gin.Context) {
		p, _ := PrincipalFrom(c)
		in, err := admin.Get(c.Request.Context(), c.Param("id"))
		if err != nil || in.AccountID != p.AccountID {
			WriteError(c, domain.NotFound("inbox_not_found", "no such inbox"))
			return
		}
		h, err := admin.HealthOf(c.Request.Context(), in.ID)
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, h)
	})
}

func inboxOf(id, accountID string, b ConnectInbox) (channels.Inbox, error) {
	if err := domain.CheckID("id", id); err != nil {
		return channels.Inbox{}, err
	}
	switch b.Channel {
	case conversation.ChannelWhatsApp, conversation.ChannelMessenger, conversation.ChannelInstagram,
		conversation.ChannelTelegram, conversation.ChannelSMS, conversation.ChannelEmail:
	default:
		return channels.Inbox{}, domain.Invalid("channel", domain.CodeBadValue, "must be one of whatsapp, messenger, instagram, telegram, sms, email")
	}
	if err := domain.CheckText("name", b.Name, domain.MaxNameLen, true); err != nil {
		return channels.Inbox{}, err
	}
	if err := domain.CheckText("provider_account_id", b.ProviderAccountID, 256, true); err != nil {
		return channels.Inbox{}, err
	}
	if err := checkBaseURL(b.Channel, b.APIBaseURL); err != nil {
		return channels.Inbox{}, err
	}
	if err := checkIMAP(b.Channel, b.Credentials); err != nil {
		return channels.Inbox{}, err
	}
	return channels.Inbox{ID: id, AccountID: accountID, Channel: b.Channel, Name: b.Name,
		ProviderAccountID: b.ProviderAccountID, APIBaseURL: b.APIBaseURL, Credentials: b.Credentials}, nil
}

// ownedOrNew refuses to overwrite another account's inbox of the same id.
func ownedOrNew(c *gin.Context, admin ChannelAdmin, in channels.Inbox) error {
	old, err := admin.Get(c.Request.Context(), in.ID)
	if err == nil && old.AccountID != in.AccountID {
		return domain.Conflict("inbox_id_taken", "the inbox id is taken")
	}
	return nil
}

// checkBaseURL: an http(s) API base, or for email the SMTP relay.
func checkBaseURL(ch conversation.Channel, v string) error {
	if ch != conversation.ChannelEmail {
		if err := domain.CheckURL("api_base_url", v); err != nil {
			return err
		}
		return nil
	}
	u, err := url.Parse(v)
	if v != "" && (err != nil || !email.ValidRelay(u)) {
		return domain.Invalid("api_base_url", domain.CodeBadURL, "must be the SMTP relay as smtp://, smtp+starttls:// or smtps://host:port")
	}
	return nil
}

// checkIMAP: an email inbox may be polled over IMAP.
func checkIMAP(ch conversation.Channel, c channels.Credentials) error {
	if c.IMAPURL == "" {
		return nil
	}
	u, err := url.Parse(c.IMAPURL)
	if ch != conversation.ChannelEmail || err != nil || !email.ValidIMAP(u) {
		return domain.Invalid("credentials.imap_url", domain.CodeBadURL, "an email inbox's IMAP server as imaps://, imap+starttls:// or imap://host:port")
	}
	return nil
}

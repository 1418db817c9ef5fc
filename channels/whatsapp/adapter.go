// Package whatsapp is the channel adapter for the WhatsApp Business Cloud
// API: webhook verification (X-Hub-Signature-256, hub.challenge), webhook
// parsing into inbound messages, statuses and quality updates, and sends
// through POST /{version}/{phone-number-id}/messages.
package whatsapp

import (
	"net/http"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Adapter implements channels.Adapter for WhatsApp.
type Adapter struct {
	graph.API
}

// New returns an adapter using client (a client with a 15 s timeout if nil).
func New(client *http.Client) *Adapter {
	return &Adapter{API: graph.NewAPI("whatsapp", client)}
}

var (
	_ channels.Adapter    = (*Adapter)(nil)
	_ channels.Challenger = (*Adapter)(nil)
)

// Channel is WhatsApp.
func (a *Adapter) Channel() conversation.Channel { return conversation.ChannelWhatsApp }

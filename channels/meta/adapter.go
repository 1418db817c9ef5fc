// Package meta is the channel adapter for Messenger and Instagram Direct,
// which share Meta's Graph webhooks (X-Hub-Signature-256, hub.challenge;
// messaging events: messages, postbacks, referrals, deliveries, reads,
// echoes) and the Send API (POST /{version}/{page-or-ig-id}/messages).
package meta

import (
	"net/http"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Adapter implements channels.Adapter for one of the two channels.
type Adapter struct {
	graph.API
	channel conversation.Channel
	object  string // the webhook "object": page or instagram
}

// NewMessenger returns the Messenger adapter.
func NewMessenger(client *http.Client) *Adapter {
	return newAdapter(conversation.ChannelMessenger, "page", client)
}

// NewInstagram returns the Instagram Direct adapter.
func NewInstagram(client *http.Client) *Adapter {
	return newAdapter(conversation.ChannelInstagram, "instagram", client)
}

func newAdapter(ch conversation.Channel, object string, client *http.Client) *Adapter {
	return &Adapter{API: graph.NewAPI("meta", client), channel: ch, object: object}
}

var (
	_ channels.Adapter    = (*Adapter)(nil)
	_ channels.Challenger = (*Adapter)(nil)
)

// Channel is Messenger or Instagram.
func (a *Adapter) Channel() conversation.Channel { return a.channel }

package channels

import (
	"fmt"

	"github.com/parley-inbox/parley/domain/conversation"
)

// Adapters holds one adapter per channel.
type Adapters map[conversation.Channel]Adapter

// NewAdapters indexes adapters by their channel; a channel given twice is
// an error.
func NewAdapters(list ...Adapter) (Adapters, error) {
	out := Adapters{}
	for _, a := range list {
		if _, dup := out[a.Channel()]; dup {
			return nil, fmt.Errorf("channels: two adapters for %s", a.Channel())
		}
		out[a.Channel()] = a
	}
	return out, nil
}

// For returns the adapter of channel c.
func (as Adapters) For(c conversation.Channel) (Adapter, error) {
	a, ok := as[c]
	if !ok {
		return nil, fmt.Errorf("channels: no adapter for channel %q", c)
	}
	return a, nil
}

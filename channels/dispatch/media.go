package dispatch

import (
	"context"
	"strings"

	"github.com/parley-inbox/parley/channels"
)

// MediaLinks turns media Parley stores itself (an agent's upload, ref
// "blob:<key>") into a short-lived public URL a provider can fetch;
// *system.Media is one.
type MediaLinks interface {
	PublicLink(ctx context.Context, ref string) (string, error)
}

// blobRef prefixes the refs of media Parley stores (system.BlobRef).
const blobRef = "blob:"

// withMediaLink gives an outbound message whose media is a stored blob the
// blob's public URL instead of the ref, which only Parley understands:
// every adapter sends a URL when there is no provider ref.
func (d *Dispatcher) withMediaLink(ctx context.Context, o channels.Outbound) (channels.Outbound, error) {
	md := o.Message.Media
	if md == nil || !strings.HasPrefix(md.Ref, blobRef) || d.cfg.Media == nil {
		return o, nil
	}
	u, err := d.cfg.Media.PublicLink(ctx, md.Ref)
	if err != nil {
		return o, err
	}
	linked := *md
	linked.URL, linked.Ref = u, ""
	o.Message.Media = &linked
	return o, nil
}

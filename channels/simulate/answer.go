package simulate

import (
	"context"
	"time"

	"github.com/parley-inbox/parley/channels/fakes/graphfake"
)

// graphfakeServer is a Graph fake and how its reads are reported:
// Instagram names the message, Messenger gives a watermark.
type graphfakeServer struct {
	*graphfake.Server
	name  string
	byMid bool
}

// answer reports "delivered" then "read" for every reply the fakes
// accepted since the last call, as the providers would. Telegram and email
// report no receipts.
func (w *world) answer(ctx context.Context) {
	now := time.Now()
	report := func(key string, send func() error) {
		if w.answered[key] {
			return
		}
		if err := send(); err != nil {
			w.cfg.Logger.Warn("simulate: status webhook", "message", key, "error", err)
			return
		}
		w.answered[key] = true
	}
	for _, s := range w.wa.Sent() {
		to, _ := s.Body["to"].(string)
		for _, st := range []string{"delivered", "read"} {
			report(s.ID+st, func() error { return ok(w.wa.PostWebhook(ctx, w.wa.StatusUpdate(s.ID, to, st, now))) })
		}
	}
	for _, fake := range []*graphfakeServer{{w.fb, "fb", false}, {w.ig, "ig", true}} {
		for _, s := range fake.Sent() {
			to, _ := s.Body["recipient"].(map[string]any)["id"].(string)
			report(fake.name+s.MessageID+"d", func() error {
				return ok(fake.Post(ctx, fake.Event(to, now, map[string]any{"delivery": map[string]any{"mids": []string{s.MessageID}, "watermark": now.UnixMilli()}})))
			})
			read := map[string]any{"watermark": now.UnixMilli()}
			if fake.byMid {
				read = map[string]any{"mid": s.MessageID}
			}
			report(fake.name+s.MessageID+"r", func() error { return ok(fake.Post(ctx, fake.Event(to, now, map[string]any{"read": read}))) })
		}
	}
	forms, sids := w.sms.Sent()
	for i, f := range forms {
		for _, st := range []string{"sent", "delivered"} {
			report(sids[i]+st, func() error { return ok(w.sms.Post(ctx, w.sms.Status(sids[i], f.Get("To"), st, ""))) })
		}
	}
}

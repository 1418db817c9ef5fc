package simulate

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels/fakes/smtpfake"
	"github.com/parley-inbox/parley/channels/fakes/telegramfake"
	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/domain/conversation"
)

// lines customers write, in order.
var lines = []string{
	"Hi! My order hasn't arrived yet, can you check?",
	"Here is a photo of the package I received.",
	"It's order #%s. Thanks for looking into it!",
	"Any update on this?",
	"Great, thank you so much!",
}

// tinyJPEG is a minimal JPEG for media messages.
var tinyJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")

// customer writes on one channel.
type customer struct {
	channel conversation.Channel
	name    string
	write   func(ctx context.Context, i int) error
}

func text(i int, run string) string {
	l := lines[i%len(lines)]
	if strings.Contains(l, "%s") {
		return fmt.Sprintf(l, run)
	}
	return l
}

func ok(status int, err error) error {
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("the webhook answered %d", status)
	}
	return nil
}

func (w *world) newCustomers() []*customer {
	run := w.run
	return []*customer{
		{conversation.ChannelWhatsApp, "Sheena Nelson", func(ctx context.Context, i int) error {
			wamid := fmt.Sprintf("wamid.SIM%s%04d", run, i)
			body := w.wa.TextMessage("1650555"+run[:4], "Sheena Nelson", wamid, text(i, run), time.Now())
			if i == 1 {
				w.wa.AddMedia("media-"+run, whatsappMedia())
				body = w.wa.ImageMessage("1650555"+run[:4], "Sheena Nelson", wamid, "media-"+run, text(i, run), time.Now())
			}
			return ok(w.wa.PostWebhook(ctx, body))
		}},
		{conversation.ChannelMessenger, "Marco Rossi", func(ctx context.Context, i int) error {
			msg := map[string]any{"mid": fmt.Sprintf("m_sim%s%04d", run, i), "text": text(i, run)}
			if i == 1 {
				url := w.fb.AddAttachment("fb-"+run+".jpg", tinyJPEG)
				msg = map[string]any{"mid": msg["mid"], "attachments": []any{map[string]any{"type": "image", "payload": map[string]any{"url": url}}}}
			}
			return ok(w.fb.Post(ctx, w.fb.Event("2345"+run, time.Now(), map[string]any{"message": msg})))
		}},
		{conversation.ChannelInstagram, "Yuki Tanaka", func(ctx context.Context, i int) error {
			msg := map[string]any{"mid": fmt.Sprintf("ig_sim%s%04d", run, i), "text": text(i, run)}
			return ok(w.ig.Post(ctx, w.ig.Event("1098"+run, time.Now(), map[string]any{"message": msg})))
		}},
		{conversation.ChannelTelegram, "Ivan Petrov", func(ctx context.Context, i int) error {
			chat, _ := strconv.ParseInt("42"+run, 10, 64)
			m := telegramfake.TextMessage(chat, "Ivan", text(i, run), time.Now())
			if i == 1 {
				w.tg.AddFile("tg-"+run, tinyJPEG)
				m = telegramfake.PhotoMessage(chat, "Ivan", "tg-"+run, text(i, run), time.Now())
			}
			return ok(w.tg.PostUpdate(ctx, m))
		}},
		{conversation.ChannelSMS, "+1 415 " + run, func(ctx context.Context, i int) error {
			sid := fmt.Sprintf("SMsim%s%04d", run, i)
			media, mt := "", ""
			if i == 1 {
				media, mt = w.sms.AddMedia(sid, "ME"+sid, tinyJPEG), "image/jpeg"
			}
			return ok(w.sms.Post(ctx, w.sms.Incoming("+1415"+run+"0", sid, text(i, run), media, mt)))
		}},
		{conversation.ChannelEmail, "Ana Lima", func(ctx context.Context, i int) error {
			raw := fmt.Sprintf("From: Ana Lima <ana.%s@example.com>\r\nTo: support@sim.parley.test\r\nSubject: Order %s\r\n"+
				"Message-ID: <sim-%s-%d@example.com>\r\nDate: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
				run, run, run, i, time.Now().Format(time.RFC1123Z), text(i, run))
			return smtpfake.Send(ctx, w.cfg.SMTPAddr, "ana."+run+"@example.com", []string{"support@sim.parley.test"}, []byte(raw))
		}},
	}
}

func whatsappMedia() whatsappfake.Media {
	return whatsappfake.Media{MimeType: "image/jpeg", Data: tinyJPEG}
}

package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/fakes/graphfake"
	"github.com/parley-inbox/parley/channels/fakes/smtpfake"
	"github.com/parley-inbox/parley/channels/fakes/telegramfake"
	"github.com/parley-inbox/parley/channels/fakes/twiliofake"
	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/domain/conversation"
)

// world is the fakes, the inboxes connected to them and the customers.
type world struct {
	cfg       Config
	run       string // distinguishes this run's ids from earlier runs'
	wa        *whatsappfake.Server
	fb, ig    *graphfake.Server
	tg        *telegramfake.Server
	sms       *twiliofake.Server
	relay     *smtpfake.Server
	inboxes   []api.ConnectInbox
	ids       []string
	customers []*customer
	answered  map[string]bool
}

const secret = "simulated-secret"

func startWorld(cfg Config) (*world, error) {
	relay, err := smtpfake.New()
	if err != nil {
		return nil, err
	}
	run := fmt.Sprintf("%06d", time.Now().UnixNano()/1e6%1_000_000) // digits: provider ids are numeric
	w := &world{cfg: cfg, run: run, relay: relay, answered: map[string]bool{},
		wa:  whatsappfake.New(whatsappfake.Config{PhoneNumberID: "10654035224" + run[:1], AccessToken: secret, AppSecret: secret, IDPrefix: run}),
		fb:  graphfake.New(graphfake.Config{Object: "page", AccountID: "1234567890", AccessToken: secret, AppSecret: secret, IDPrefix: run}),
		ig:  graphfake.New(graphfake.Config{Object: "instagram", AccountID: "17841400000000000", AccessToken: secret, AppSecret: secret, IDPrefix: run}),
		tg:  telegramfake.New(telegramfake.Config{Token: "123456:" + secret, WebhookSecret: secret}),
		sms: twiliofake.New(twiliofake.Config{AccountSID: "ACsimulated", AuthToken: secret, Number: "+15550001111", IDPrefix: run}),
	}
	hook := func(id string) string { return strings.TrimSuffix(cfg.WebhookURL, "/") + "/webhooks/" + id }
	creds := channels.Credentials{AccessToken: secret, AppSecret: secret, VerifyToken: secret, WebhookSecret: secret}
	add := func(id string, ch conversation.Channel, name, account, base string, c channels.Credentials) {
		w.ids = append(w.ids, id)
		w.inboxes = append(w.inboxes, api.ConnectInbox{Channel: ch, Name: name, ProviderAccountID: account, APIBaseURL: base, Credentials: c})
	}
	add("sim-whatsapp", conversation.ChannelWhatsApp, "WhatsApp (simulated)", "10654035224"+run[:1], w.wa.URL(), creds)
	add("sim-messenger", conversation.ChannelMessenger, "Messenger (simulated)", "1234567890", w.fb.URL(), creds)
	add("sim-instagram", conversation.ChannelInstagram, "Instagram (simulated)", "17841400000000000", w.ig.URL(), creds)
	tgCreds := creds
	tgCreds.AccessToken = "123456:" + secret
	add("sim-telegram", conversation.ChannelTelegram, "Telegram (simulated)", "parley_sim_bot", w.tg.URL(), tgCreds)
	smsCreds := channels.Credentials{AccountSID: "ACsimulated", AccessToken: secret, WebhookURL: hook("sim-sms")}
	add("sim-sms", conversation.ChannelSMS, "SMS (simulated)", "+15550001111", w.sms.URL(), smsCreds)
	add("sim-email", conversation.ChannelEmail, "Email (simulated)", "support@sim.parley.test", "smtp://"+relay.Addr(), channels.Credentials{})
	w.wa.SetWebhookURL(hook("sim-whatsapp"))
	w.fb.SetWebhookURL(hook("sim-messenger"))
	w.ig.SetWebhookURL(hook("sim-instagram"))
	w.tg.SetWebhookURL(hook("sim-telegram"))
	w.sms.SetWebhookURL(hook("sim-sms"))
	w.customers = w.newCustomers()
	return w, nil
}

func (w *world) close() {
	w.wa.Close()
	w.fb.Close()
	w.ig.Close()
	w.tg.Close()
	w.sms.Close()
	w.relay.Close()
}

// connect creates (or reconfigures) the simulated inboxes.
func (w *world) connect(ctx context.Context) error {
	for i, in := range w.inboxes {
		body, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("simulate: encode inbox: %w", err)
		}
		url := strings.TrimSuffix(w.cfg.CommandURL, "/") + api.BasePath + "/channels/inboxes/" + w.ids[i]
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("simulate: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.cfg.APIKey)
		resp, err := w.cfg.client.Do(req)
		if err != nil {
			return fmt.Errorf("simulate: connect %s: %w", w.ids[i], err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("simulate: connect %s: the command API answered %d", w.ids[i], resp.StatusCode)
		}
		fmt.Fprintf(w.cfg.Out, "connected inbox %s (%s) to its local fake\n", w.ids[i], in.Channel)
	}
	return nil
}

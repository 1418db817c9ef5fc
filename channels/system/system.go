// Package system assembles the channel subsystem for `parley serve`: the
// schema, the admin view of inboxes and health, the webhook server (its own
// listener, the only public ingress providers need) and the outbound
// dispatcher, each a task that runs until its context ends.
package system

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/dispatch"
	"github.com/parley-inbox/parley/channels/email"
	"github.com/parley-inbox/parley/channels/inbound"
	"github.com/parley-inbox/parley/channels/inboxes"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/channels/meta"
	"github.com/parley-inbox/parley/channels/telegram"
	"github.com/parley-inbox/parley/channels/twilio"
	"github.com/parley-inbox/parley/channels/whatsapp"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/secrets"
)

// Migrate creates the channel tables.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return errors.Join(inboxes.Migrate(ctx, pool), ledger.Migrate(ctx, pool))
}

// Admin is the inbox configuration, health and media, as the admin and
// agent routes use them.
type Admin struct {
	*inboxes.Store
	*ledger.Ledger
	Media *Media
}

// AdminConfig locates media.
type AdminConfig struct {
	Store     eventstore.Store
	MediaDir  string         // default .parley/media
	MediaS3   media.S3Config // when its Endpoint is set, media is kept in this bucket instead of MediaDir
	PublicURL string         // base of signed media URLs: the webhook server as agents reach it
}

// NewAdmin opens the inbox store (its credentials key is kept in the
// secrets table, generated on first use and shared by every process), the
// ledger and the media store.
func NewAdmin(pool *pgxpool.Pool, cfg AdminConfig) (*Admin, error) {
	key := func(ctx context.Context) ([]byte, error) {
		k, err := secrets.Get(ctx, pool, "channel-credentials", 32)
		if err != nil {
			return nil, fmt.Errorf("channels: credentials key: %w", err)
		}
		return k, nil
	}
	if cfg.MediaDir == "" {
		cfg.MediaDir = filepath.Join(".parley", "media")
	}
	blobs, err := blobStore(cfg)
	if err != nil {
		return nil, err
	}
	adapters, err := Adapters()
	if err != nil {
		return nil, err
	}
	a := &Admin{Store: inboxes.New(pool, key), Ledger: ledger.New(pool)}
	a.Media = &Media{pool: pool, store: cfg.Store, inboxes: a.Store, adapters: adapters, ledger: a.Ledger,
		blobs: blobs, fetcher: media.NewFetcher(blobs, media.Limits{}), publicURL: strings.TrimSuffix(cfg.PublicURL, "/")}
	return a, nil
}

// blobStore is the configured media blob store: S3 when an endpoint is
// set, the local directory otherwise.
func blobStore(cfg AdminConfig) (media.Store, error) {
	if cfg.MediaS3.Endpoint != "" {
		return media.NewS3Blobs(cfg.MediaS3, media.Limits{})
	}
	return media.NewBlobs(cfg.MediaDir, media.Limits{})
}

// Config of the running subsystem.
type Config struct {
	Pool       *pgxpool.Pool
	Store      eventstore.Store
	Commands   inbound.Commands
	Registerer prometheus.Registerer
	Logger     *slog.Logger
	// WebhookAddr is where the webhook server listens.
	WebhookAddr string
	// SMTPAddr is where the inbound SMTP listener listens ("" disables it).
	SMTPAddr string
	// MediaDir holds downloaded inbound media, unless MediaS3 names a
	// bucket.
	MediaDir string
	MediaS3  media.S3Config
	// PublicURL is the webhook server's base URL as agents' browsers
	// reach it (signed media URLs); default http://WebhookAddr.
	PublicURL string
	// SendConcurrency is how many conversations the dispatcher sends to
	// at once (default 8); MailPollConcurrency how many IMAP mailboxes are
	// polled at once (default 4).
	SendConcurrency, MailPollConcurrency int
}

// AdminConfig is the part of c the admin routes need.
func (c Config) AdminConfig() AdminConfig {
	public := c.PublicURL
	if public == "" {
		public = "http://" + c.WebhookAddr
	}
	return AdminConfig{Store: c.Store, MediaDir: c.MediaDir, MediaS3: c.MediaS3, PublicURL: public}
}

// System is the running channel subsystem.
type System struct {
	cfg        Config
	Admin      *Admin
	Intake     *inbound.Service
	Dispatcher *dispatch.Dispatcher
	prefetch   chan ledger.OutboundRef
}

// Adapters are the providers Parley speaks to.
func Adapters() (channels.Adapters, error) {
	return channels.NewAdapters(whatsapp.New(nil), telegram.New(nil), twilio.New(nil),
		meta.NewMessenger(nil), meta.NewInstagram(nil), email.New())
}

// New assembles the subsystem.
func New(cfg Config) (*System, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MailPollConcurrency <= 0 {
		cfg.MailPollConcurrency = 4
	}
	admin, err := NewAdmin(cfg.Pool, cfg.AdminConfig())
	if err != nil {
		return nil, err
	}
	adapters, err := Adapters()
	if err != nil {
		return nil, err
	}
	metrics, err := channels.NewMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	sys := &System{cfg: cfg, Admin: admin, prefetch: make(chan ledger.OutboundRef, 256)}
	intake, err := inbound.New(inbound.Config{Inboxes: admin.Store, Adapters: adapters, Ledger: admin.Ledger, Commands: cfg.Commands,
		Metrics: metrics, Logger: cfg.Logger, OnMedia: sys.queuePrefetch})
	if err != nil {
		return nil, err
	}
	disp, err := dispatch.New(dispatch.Config{Store: cfg.Store, Inboxes: admin.Store, Adapters: adapters, Ledger: admin.Ledger, Commands: cfg.Commands, Metrics: metrics, Logger: cfg.Logger, Media: admin.Media,
		Concurrency: cfg.SendConcurrency})
	if err != nil {
		return nil, err
	}
	sys.Intake, sys.Dispatcher = intake, disp
	return sys, nil
}

// ServeWebhooks runs the webhook server until ctx ends.
func (s *System) ServeWebhooks(ctx context.Context) error {
	e := api.NewEngine(api.Options{Name: "webhooks", Logger: s.cfg.Logger, RequestTimeout: 10 * time.Second})
	api.RegisterWebhookRoutes(e, s.Intake)
	api.RegisterMediaRoute(e, s.Admin.Media)
	ln, err := net.Listen("tcp", s.cfg.WebhookAddr)
	if err != nil {
		return fmt.Errorf("channels: webhook server: %w", err)
	}
	s.cfg.Logger.Info("listening", "server", "webhooks", "addr", ln.Addr().String())
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second, WriteTimeout: 15 * time.Second}
	stop := context.AfterFunc(ctx, func() {
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	})
	defer stop()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("channels: webhook server: %w", err)
	}
	return nil
}

// ServeMail runs the inbound SMTP listener until ctx ends.
func (s *System) ServeMail(ctx context.Context) error {
	if s.cfg.SMTPAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.SMTPAddr)
	if err != nil {
		return fmt.Errorf("channels: smtp listener: %w", err)
	}
	s.cfg.Logger.Info("listening", "server", "smtp", "addr", ln.Addr().String())
	return s.MailServer().Serve(ctx, ln)
}

// MailServer is the SMTP listener over this system's inboxes.
func (s *System) MailServer() *email.Server {
	return email.NewServer(mailReceiver{sys: s}, email.ServerConfig{Logger: s.cfg.Logger})
}

// NewOutreach returns the service that starts agent-initiated
// conversations (inbound.Service.Start) for the command API.
func NewOutreach(admin *Admin, commands inbound.Commands) (*inbound.Service, error) {
	adapters, err := Adapters()
	if err != nil {
		return nil, err
	}
	return inbound.New(inbound.Config{Inboxes: admin.Store, Adapters: adapters, Ledger: admin.Ledger, Commands: commands})
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
)

// envUserPassword gives `parley users create` the new user's password, so
// that it never shows in the process list; without it one is generated.
const envUserPassword = "PARLEY_USER_PASSWORD"

// usersConfig is `parley users create`: the database flags of migrate plus
// the user.
type usersConfig struct {
	config.Migrate
	user        account.CreateUser
	account     string
	accountName string
}

func (c *usersConfig) flagSet() *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, "usage: parley users create --account A --email E --name N [--role R] [--id ID]\n\n"+
			"Creates a user (and the account, if it does not exist yet). The password is taken from\n"+
			envUserPassword+", or generated and printed once.")
	}
	fs.StringVar(&c.account, "account", "", "account id (required)")
	fs.StringVar(&c.accountName, "account-name", "", "display name of the account when it is created (default: its id)")
	fs.StringVar(&c.user.Email, "email", "", "the user's e-mail, their login (required)")
	fs.StringVar(&c.user.Name, "name", "", "display name (required)")
	fs.StringVar(&c.user.Role, "role", "agent", "administrator, supervisor, agent or a custom role id")
	fs.StringVar(&c.user.UserID, "id", "", "user id (default: generated)")
	return fs
}

// Validate reports every problem of the configuration.
func (c *usersConfig) Validate() error {
	errs := []error{c.Migrate.Validate(), checkPostgres(c.EventStore)}
	if c.account == "" || c.user.Email == "" || c.user.Name == "" {
		errs = append(errs, errors.New("--account, --email and --name are required"))
	}
	return errors.Join(errs...)
}

func checkPostgres(eventStore string) error {
	if eventStore != config.EventStorePostgres {
		return fmt.Errorf("--eventstore %q: the users and tokens tools write to the PostgreSQL event store only", eventStore)
	}
	return nil
}

// adminTool is what `parley users` and `parley tokens` act through: the
// account commands and the credential store, over a migrated database.
type adminTool struct {
	accounts *command.Accounts
	creds    *auth.Store
	close    func()
}

func openAdminTool(ctx context.Context, m config.Migrate, e env) (*adminTool, error) {
	logger := newLogger(m.Log, e.stderr)
	db, err := openDatabase(ctx, m.DB, logger)
	if err != nil {
		return nil, err
	}
	if err := applyMigrations(ctx, db.Pool, migrations(m.EventStore), logger); err != nil {
		_ = db.Close()
		return nil, err
	}
	t, err := newAdminTool(ctx, db.Pool)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	closeStore := t.close
	t.close = func() { closeStore(); _ = db.Close() }
	return t, nil
}

// newAdminTool acts on the already migrated database behind pool; close
// leaves the pool open.
func newAdminTool(ctx context.Context, pool *pgxpool.Pool) (*adminTool, error) {
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		return nil, err
	}
	accounts, err := command.NewAccounts(store, time.Now)
	if err != nil {
		store.Close()
		return nil, err
	}
	return &adminTool{accounts: accounts, creds: auth.NewStore(pool), close: store.Close}, nil
}

// toolMeta is the metadata of a command run from the command line.
func toolMeta(accountID string) command.Meta {
	return command.Meta{AccountID: accountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "cli"}, CommandID: uuid.NewString()}
}

// ensureAccount creates the account if it does not exist.
func (t *adminTool) ensureAccount(ctx context.Context, id, name string) error {
	_, exists, err := t.accounts.State(ctx, id)
	if err != nil || exists {
		return err
	}
	if name == "" {
		name = id
	}
	_, err = t.accounts.Run(ctx, account.CreateAccount{Name: name}, toolMeta(id))
	return err
}

// runUsers is `parley users create`.
func runUsers(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: parley users create [flags] (see parley users create -h)", errUsage)
	}
	var cfg usersConfig
	if err := parseFlags(cfg.flagSet(), args[1:], e, &cfg); err != nil {
		return err
	}
	pw, given := e.lookupEnv(envUserPassword)
	if !given || pw == "" {
		pw = auth.NewPassword()
	}
	if err := auth.CheckPassword(pw); err != nil {
		return fmt.Errorf("%s: %w", envUserPassword, err)
	}
	t, err := openAdminTool(ctx, cfg.Migrate, e)
	if err != nil {
		return err
	}
	defer t.close()
	return t.createUser(ctx, cfg, pw, !given, e.stdout)
}

func (t *adminTool) createUser(ctx context.Context, cfg usersConfig, pw string, show bool, stdout io.Writer) error {
	if err := t.ensureAccount(ctx, cfg.account, cfg.accountName); err != nil {
		return err
	}
	u := cfg.user
	if u.UserID == "" {
		u.UserID = uuid.NewString()
	}
	if _, err := t.accounts.Run(ctx, u, toolMeta(cfg.account)); err != nil {
		return err
	}
	if _, err := t.accounts.Run(ctx, account.RecordPasswordChange{UserID: u.UserID}, toolMeta(cfg.account)); err != nil {
		return err
	}
	hash, err := auth.NewHasher(auth.DefaultArgon2(), 1).Hash(ctx, pw)
	if err != nil {
		return err
	}
	if err := t.creds.SetPassword(ctx, cfg.account, u.UserID, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (%s, role %s) in account %s\n", u.UserID, account.NormalizeEmail(u.Email), u.Role, cfg.account)
	if show {
		fmt.Fprintf(stdout, "password: %s\n", pw)
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/internal/authz"
)

// Environment of the first start's administrator (all optional).
const (
	envBootstrapAccount  = "PARLEY_BOOTSTRAP_ACCOUNT"
	envBootstrapEmail    = "PARLEY_BOOTSTRAP_EMAIL"
	envBootstrapPassword = "PARLEY_BOOTSTRAP_PASSWORD"
	adminLoginFile       = "admin-login" // in the embedded run's data dir
)

// firstAdmin is who bootstrap creates.
type firstAdmin struct {
	AccountID, Email, Password string
	generated                  bool
}

// bootstrapPlan decides whether this start creates the first account and
// administrator: only when that account does not exist yet, and the log is
// empty, or the run is embedded, or PARLEY_BOOTSTRAP_EMAIL asks for it.
func bootstrapPlan(ctx context.Context, d Deps, accounts *command.Accounts, lookupEnv func(string) (string, bool)) (firstAdmin, bool, error) {
	env := func(k, def string) string {
		if v, ok := lookupEnv(k); ok && v != "" {
			return v
		}
		return def
	}
	fa := firstAdmin{AccountID: env(envBootstrapAccount, "local"), Email: env(envBootstrapEmail, "admin@parley.local"), Password: env(envBootstrapPassword, "")}
	if _, exists, err := accounts.State(ctx, fa.AccountID); err != nil || exists {
		return fa, false, err
	}
	_, asked := lookupEnv(envBootstrapEmail)
	if !asked && !d.Config.DB.Embedded() {
		recs, err := d.Store.ReadAll(ctx, 0, 1)
		if err != nil {
			return fa, false, fmt.Errorf("bootstrap: read the log: %w", err)
		}
		if len(recs) > 0 {
			return fa, false, nil
		}
	}
	if fa.Password == "" {
		fa.Password, fa.generated = auth.NewPassword(), true
	}
	if err := auth.CheckPassword(fa.Password); err != nil {
		return fa, false, fmt.Errorf("bootstrap: %s: %w", envBootstrapPassword, err)
	}
	return fa, true, nil
}

// bootstrapAdmin creates the first account and its administrator "admin"
// if bootstrapPlan says so, and says how to log in. Its command ids are
// fixed, so a start interrupted half-way completes on the next one.
func bootstrapAdmin(ctx context.Context, d Deps, a *authParts, lookupEnv func(string) (string, bool)) error {
	accounts, err := command.NewAccounts(d.Store, time.Now)
	if err != nil {
		return err
	}
	fa, ok, err := bootstrapPlan(ctx, d, accounts, lookupEnv)
	if err != nil || !ok {
		return err
	}
	meta := func(step string) command.Meta {
		return command.Meta{AccountID: fa.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "bootstrap"}, CommandID: "bootstrap:" + fa.AccountID + ":" + step}
	}
	steps := []struct {
		name string
		cmd  account.Command
	}{
		{"account", account.CreateAccount{Name: fa.AccountID}},
		{"admin", account.CreateUser{UserID: "admin", Email: fa.Email, Name: "Administrator", Role: authz.RoleAdministrator}},
		{"password", account.RecordPasswordChange{UserID: "admin"}},
	}
	for _, s := range steps {
		if _, err := accounts.Run(ctx, s.cmd, meta(s.name)); err != nil {
			return fmt.Errorf("bootstrap %s: %w", s.name, err)
		}
	}
	hash, err := a.hasher.Hash(ctx, fa.Password)
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	if err := a.store.SetPassword(ctx, fa.AccountID, "admin", hash); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	return announceAdmin(d, fa)
}

// announceAdmin tells the operator how to log in. A generated password of
// the embedded run goes to a 0600 file in the data directory; otherwise it
// is logged once, to be changed after the first login.
func announceAdmin(d Deps, fa firstAdmin) error {
	how := fmt.Sprintf(`curl -c cookies.txt -H 'Content-Type: application/json' -d '{"email":%q,"password":"<password>"}' http://%s/api/v1/auth/login`,
		fa.Email, d.Config.CommandAddr)
	switch {
	case !fa.generated:
		d.Logger.Info("created the first account and administrator; log in with the password from "+envBootstrapPassword,
			"account", fa.AccountID, "email", fa.Email, "login", how)
	case d.Config.DB.Embedded():
		path := filepath.Join(d.Config.DB.DataDir, adminLoginFile)
		body := fmt.Sprintf("account=%s\nemail=%s\npassword=%s\n", fa.AccountID, fa.Email, fa.Password)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			return fmt.Errorf("bootstrap: store the administrator's password: %w", err)
		}
		d.Logger.Info("created the first account and administrator; the password is in "+path,
			"account", fa.AccountID, "email", fa.Email, "login", how)
	default:
		d.Logger.Warn("created the first account and administrator with a generated password; change it after logging in",
			"account", fa.AccountID, "email", fa.Email, "password", fa.Password, "login", how)
	}
	return nil
}

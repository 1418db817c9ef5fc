package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/seed"
)

// The read suites measure as two principals: the configured API key
// (readBenchKey), which sees the whole account, and a web agent as most
// agents are — role agent (unassigned and own conversations) in two of the
// account's inboxes, logged in with a password — whose every read is
// limited by inbox and assignee.
const (
	benchAgentEmail    = "bench-agent@parley.bench"
	benchAgentPassword = "bench agent password 0123"
)

// benchAgentChannels name the inboxes the web agent belongs to.
var benchAgentChannels = []conversation.Channel{conversation.ChannelWhatsApp, conversation.ChannelEmail}

func benchAgentInboxes() []string {
	ids := make([]string, len(benchAgentChannels))
	for i, ch := range benchAgentChannels {
		ids[i] = seed.InboxID(0, ch)
	}
	return ids
}

// addBenchAgent creates the web agent (seed.AgentID(0, 0), so that "mine"
// holds the seeded conversations assigned to it) and its inbox memberships
// in the bench's database, before Parley starts.
func (rb *readBench) addBenchAgent(ctx context.Context) error {
	t, err := newAdminTool(ctx, rb.db.Pool)
	if err != nil {
		return err
	}
	defer t.close()
	acct, agent := seed.AccountID(0), seed.AgentID(0, 0)
	st, _, err := t.accounts.State(ctx, acct)
	if err != nil {
		return fmt.Errorf("bench agent: %w", err)
	}
	if _, exists := st.Users[agent]; exists {
		return nil // a database kept from an earlier run (--postgres-url)
	}
	user := usersConfig{account: acct, user: account.CreateUser{UserID: agent, Email: benchAgentEmail, Name: "Bench Agent", Role: authz.RoleAgent}}
	if err := t.createUser(ctx, user, benchAgentPassword, false, io.Discard); err != nil {
		return fmt.Errorf("bench agent: %w", err)
	}
	for _, ch := range benchAgentChannels {
		in := seed.InboxID(0, ch)
		if _, err := t.accounts.Run(ctx, account.CreateInbox{InboxID: in, Name: in, Channel: string(ch), Agents: []string{agent}}, toolMeta(acct)); err != nil {
			return fmt.Errorf("bench agent: inbox %s: %w", in, err)
		}
	}
	return nil
}

// loginBenchAgent logs the web agent in (once the directory has its
// account, user and inboxes) and returns the server as seen with its
// session cookie.
func loginBenchAgent(ctx context.Context, srv *benchServer) (*benchServer, error) {
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, benchAgentEmail, benchAgentPassword)
	deadline := time.Now().Add(time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.CommandURL+"/api/v1/auth/login", strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("bench agent login: %w", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			for _, c := range resp.Cookies() {
				if c.Name == api.SessionCookie {
					agent := *srv
					agent.Key, agent.Cookie = "", c.Name+"="+c.Value
					return &agent, nil
				}
			}
			return nil, errors.New("bench agent login: no session cookie in the answer")
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("bench agent login: %d %s", resp.StatusCode, b)
		}
		select { // the directory projection has not applied the user yet
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// benchAgentConversations are up to n conversations the web agent may see
// (its inboxes; unassigned or its own), from the inbox view.
func (rb *readBench) benchAgentConversations(ctx context.Context, n int) ([]string, error) {
	rows, err := rb.db.Pool.Query(ctx, `SELECT id FROM inbox.conversations WHERE account_id = $1 AND inbox_id = ANY($2)
AND (assignee_id IS NULL OR assignee_id = $3) ORDER BY id LIMIT $4`, seed.AccountID(0), benchAgentInboxes(), seed.AgentID(0, 0), n)
	if err != nil {
		return nil, fmt.Errorf("bench agent conversations: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errors.New("bench agent conversations: the agent sees none")
	}
	return ids, nil
}

package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
)

// ConversationStates gives the command side's state of a conversation for
// object-level checks; command.Handlers implements it.
type ConversationStates interface {
	ConversationState(ctx context.Context, accountID, id string) (conversation.State, bool, error)
}

// Authorize adds object-level authorization to every command route
// registered after it (call it before RegisterCommandRoutes):
//   - bots may call only the conversation commands bots need (403);
//   - /admin routes need the admin permission (403, before any event);
//   - a conversation the caller may not see is answered 404, exactly like
//     one of another account; acting on one they may see but not work
//     (someone else's, without manage_others) is 403;
//   - opening a conversation needs access to its inbox (404 otherwise);
//   - merging contacts needs manage_others, unmarking a private contact
//     view_pii (403).
func (s *CommandAPI) Authorize(convs ConversationStates) {
	s.group.Use(func(c *gin.Context) {
		p, ok := PrincipalFrom(c)
		if !ok {
			return // RequireAuth already answered
		}
		if err := authorizeCommand(c, convs, p); err != nil {
			WriteError(c, err)
			c.Abort()
		}
	})
}

func authorizeCommand(c *gin.Context, convs ConversationStates, p Principal) error {
	route, method, sub := c.FullPath(), c.Request.Method, p.Subject()
	if sub.Bot && !authz.BotMayCall(method, route) {
		return domain.Forbidden("bot_forbidden", "bots may not call this endpoint")
	}
	rest := strings.TrimPrefix(route, BasePath)
	switch {
	case strings.HasPrefix(rest, "/admin/"):
		return requireAdmin(p)
	case rest == "/conversations" && method == http.MethodPost:
		var body struct {
			InboxID string `json:"inbox_id"`
		}
		if peekJSON(c, &body) && body.InboxID != "" && !authz.CanOpenIn(sub, body.InboxID) {
			return domain.NotFound("inbox_not_found", "no such inbox")
		}
	case strings.HasPrefix(rest, "/conversations/:id"):
		return authorizeConversation(c, convs, sub, c.Param("id"), strings.TrimPrefix(rest, "/conversations/:id"))
	case rest == "/channels/media/:conversation_id/:message_id": // viewing a message's media, like /conversations/:id/messages/:message_id/media
		return authorizeConversation(c, convs, sub, c.Param("conversation_id"), "/messages/:message_id/media")
	case rest == "/contacts/:id/merge" || rest == "/contacts/:id/unmerge":
		if !sub.Can(authz.ManageOthers) {
			return domain.Forbidden("forbidden", "merging contacts needs the conversations.manage_others permission")
		}
	case rest == "/contacts/:id/private" && method == http.MethodDelete:
		if !sub.Can(authz.ViewPII) {
			return domain.Forbidden("forbidden", "lifting a contact's privacy needs the contacts.view_pii permission")
		}
	}
	return nil
}

func authorizeConversation(c *gin.Context, convs ConversationStates, sub authz.Subject, id, suffix string) error {
	if unrestricted(sub) {
		return nil // nothing of the account can be refused: skip the state read
	}
	st, exists, err := convs.ConversationState(c.Request.Context(), sub.AccountID, id)
	if err != nil {
		return err
	}
	if !exists {
		return nil // the command answers "not found" itself
	}
	meta := authz.ConversationMeta{AccountID: sub.AccountID, InboxID: st.InboxID, AssigneeID: st.AssigneeID, TeamID: st.TeamID}
	if !authz.CanSeeConversation(sub, meta) {
		return domain.NotFound("not_found", "no such conversation")
	}
	if !authz.CanActOnConversation(sub, meta, actionOf(c, sub, suffix)) {
		return domain.Forbidden("forbidden", "the conversation is assigned to someone else; this needs the conversations.manage_others permission")
	}
	return nil
}

// actionOf classifies a conversation command by its route.
func actionOf(c *gin.Context, sub authz.Subject, suffix string) authz.Action {
	switch suffix {
	case "/notes", "/read", "/messages/:message_id/media":
		return authz.ActObserve
	case "/accept":
		return authz.ActTake
	case "/assign":
		var body struct {
			AgentID string `json:"agent_id"`
		}
		if peekJSON(c, &body) && sub.UserID != "" && body.AgentID == sub.UserID {
			return authz.ActTake
		}
		return authz.ActReassign
	case "/assign-team", "/unassign":
		return authz.ActReassign
	}
	return authz.ActWork
}

// unrestricted reports whether s may see and work every conversation of
// its account (operator keys, administrators, supervisors).
func unrestricted(s authz.Subject) bool {
	return s.Access.Scope == authz.ScopeAll && s.Can(authz.AllInboxes) && s.Can(authz.ManageOthers)
}

// requireAdmin answers 403 unless p holds the admin permission.
func requireAdmin(p Principal) error {
	if !p.Subject().Can(authz.Admin) {
		return domain.Forbidden("forbidden", "this needs the admin permission")
	}
	return nil
}

// peekJSON decodes the body leniently into dst and puts the body back for
// the handler, which decodes it strictly. It reads at most
// DefaultMaxBodyBytes; a larger or malformed body is left to the handler's
// 413 or 400.
func peekJSON(c *gin.Context, dst any) bool {
	if c.Request.Body == nil {
		return false
	}
	b, err := io.ReadAll(io.LimitReader(c.Request.Body, DefaultMaxBodyBytes+1))
	c.Request.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), c.Request.Body))
	if err != nil || len(b) > DefaultMaxBodyBytes || jsonDepth(b) > DefaultMaxDepth {
		return false
	}
	return json.Unmarshal(b, dst) == nil
}

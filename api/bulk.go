package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/query"
)

// BulkPath is the bulk command route, under BasePath.
const BulkPath = "/conversations/bulk"

// BulkCommands runs conversation commands and tells the command side's
// state for object-level checks; command.Handlers is one.
type BulkCommands interface {
	ConversationStates
	Conversation(ctx context.Context, id string, c conversation.Command, meta command.Meta) (command.Result, error)
}

// ConversationLister pages through the conversation list; query.Service is one.
type ConversationLister interface {
	ListConversations(ctx context.Context, v query.Viewer, p query.ListParams) (query.Page, error)
}

// BulkConfig configures RegisterBulkRoute.
type BulkConfig struct {
	Commands BulkCommands       // required
	Lister   ConversationLister // required: selection by filter
	// Viewer says what a principal may list; DefaultViewer if nil.
	Viewer func(Principal) query.Viewer
	// MaxItems bounds the conversations of one call (1,000 if zero).
	MaxItems int
	// Workers run the items concurrently (4 if zero).
	Workers int
}

func (c *BulkConfig) setDefaults() {
	if c.Viewer == nil {
		c.Viewer = DefaultViewer
	}
	if c.MaxItems <= 0 {
		c.MaxItems = 1_000
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
}

// Validate reports every missing dependency.
func (c BulkConfig) Validate() error {
	var errs []error
	if c.Commands == nil {
		errs = append(errs, errors.New("api: BulkConfig.Commands is required"))
	}
	if c.Lister == nil {
		errs = append(errs, errors.New("api: BulkConfig.Lister is required"))
	}
	return errors.Join(errs...)
}

// bulkRoute serves POST /conversations/bulk.
type bulkRoute struct{ cfg BulkConfig }

// RegisterBulkRoute adds POST /api/v1/conversations/bulk to the command API:
// one command applied to explicit ids or to the conversations matching a
// list filter, one page of at most MaxItems per call, with a result per
// conversation. Call it after Authorize: the route itself checks every
// conversation (404 for one the caller may not see, 403 for one they may
// not act on), per item.
func RegisterBulkRoute(s *CommandAPI, cfg BulkConfig) error {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return err
	}
	r := &bulkRoute{cfg: cfg}
	s.group.POST(BulkPath, func(c *gin.Context) {
		c.Set(opKey, "conversation.bulk")
		c.Set(maxBodyKey, int64(DefaultMaxBodyBytes))
		out, err := r.run(c)
		if err != nil {
			WriteError(c, err)
			return
		}
		for _, it := range out.Results {
			outcome := "accepted"
			if !it.OK {
				outcome = outcomeOf(it.Status)
			}
			s.metrics.command("conversation.bulk."+out.command, outcome)
		}
		c.JSON(http.StatusOK, out)
	})
	return nil
}

func (r *bulkRoute) run(c *gin.Context) (bulkResponse, error) {
	p, _ := PrincipalFrom(c) // RequireAuth guards the group
	var body bulkBody
	if err := DecodeJSON(c, &body); err != nil {
		return bulkResponse{}, err
	}
	cmd, err := body.Command.build()
	if err != nil {
		return bulkResponse{}, err
	}
	ids, next, err := r.selection(c.Request.Context(), p, body)
	if err != nil {
		return bulkResponse{}, err
	}
	out := r.apply(c, p, ids, body.Command, cmd)
	out.NextCursor = next
	return out, nil
}

// bulkCommandID is the base of the items' command ids: derived from the
// Idempotency-Key when there is one, so that a retried call appends nothing
// twice, random otherwise.
func bulkCommandID(c *gin.Context, accountID string) string {
	if key := c.GetHeader("Idempotency-Key"); key != "" && checkIdempotencyKey([]string{key}) == nil {
		return uuid.NewSHA1(commandIDNamespace, []byte(accountID+"\x00bulk\x00"+key)).String()
	}
	return uuid.NewString()
}

// itemError turns an item's failure into its result fields.
func itemError(id string, err error) bulkItem {
	pr := ProblemFor(err)
	return bulkItem{ID: id, Status: pr.Status, Code: pr.Code, Detail: pr.Detail}
}

var errBulkNoSelection = domain.Invalid("ids", "bulk_selection", "give either ids or filter (not both)")
